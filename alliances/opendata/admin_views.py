"""Admin: the state of the open data files and a button to write them now (Kernteam)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from alliances.opendata.selectors import open_data_state
from alliances.opendata.services import open_data_request
from alliances.reports.views import REPORTS_PERMISSION
from cms import health

WAITS_FOR_WORKER = gettext_lazy(
    "No background service is running: the open data files are written only once it "
    "runs again. Please tell whoever looks after the server."
)


def _check(request) -> None:
    if not request.user.has_perm(REPORTS_PERMISSION):
        raise PermissionDenied


@require_safe
def open_data_view(request):
    """From when the files are, whether later changes are missing, and whether anything
    waits for a worker that does not run."""
    _check(request)
    state = open_data_state()
    if state.waits_for_worker:
        messages.warning(request, WAITS_FOR_WORKER)
    return TemplateResponse(request, "alliances/open_data/admin/generate.html", {"state": state})


@require_POST
def open_data_request_view(request):
    """The button: a request row (written by the minute job even if the wake-up is lost),
    then back to the page (POST/redirect/GET) with what happens next."""
    _check(request)
    _request, created = open_data_request(user=request.user)
    absent = health.worker_presence().absent
    if not created:
        messages.info(request, _("A request to write the files already waits; nothing was added."))
    if absent:
        messages.warning(
            request,
            _(
                "Your request is noted, but no background service is running: the files "
                "are written only once it runs again. Please tell whoever looks after the "
                "server."
            ),
        )
    elif created:
        messages.success(
            request, _("The open data files are being written; they are up to date in a minute.")
        )
    return redirect("open_data_generate")
