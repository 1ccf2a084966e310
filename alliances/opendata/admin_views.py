"""Admin: generate the open data now (queued as a task), for the Kernteam."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliances.opendata.services import ZIP_NAME
from alliances.opendata.tasks import TASK
from alliances.opendata.views import _entry
from alliances.reports.views import REPORTS_PERMISSION


@require_http_methods(["GET", "POST"])
def generate_view(request):
    if not request.user.has_perm(REPORTS_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        from django_q.tasks import async_task

        async_task(TASK, task_name="open-data-now", group="open-data")
        messages.success(
            request, _("The open data is being generated; it is up to date in a minute or two.")
        )
        return redirect("open_data_generate")
    return render(request, "alliances/open_data/admin/generate.html", {"zip": _entry(ZIP_NAME)})
