"""The public site's forms on the hand-in backend: "Mitmachen" on an alliance and
"Bedarf oder Idee melden". Same services, throttle, honeypot and consent as the API;
CSRF as everywhere on the site."""

import re
from urllib.parse import urlencode

from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliances.capture import item_reference
from alliances.models import AlliancePage, ItemPage
from alliances.stages import ALLIANCE_JOINABLE_STAGES
from api.handins import services
from api.handins.forms import JoinForm, ReportForm
from api.handins.throttles import HandinThrottle
from cms.drf_messages import wait_in_words
from cms.form_input import shows_input_errors
from cms.methods import read_only
from cms.query_input import single_valued_query

REFERENCE = re.compile(r"^[BE]-\d{6}$")
# The thanks page shows a reference only as signed by the redirect after the hand-in:
# nobody can send a citizen a link that shows a made-up "Ihr Aktenzeichen".
REFERENCE_SIGNER = signing.Signer(salt="participation.report-thanks")


def form_submit(request, form, *, template: str, context: dict, on_valid) -> HttpResponse:
    """A public form's POST. Invalid input is shown again beside its fields (400) and
    counts nothing; valid input counts against the hand-in limit (HandinThrottle, one
    count per client across the API and the site) and returns `on_valid(cleaned_data)`,
    a redirect. Over the limit the form is shown again with everything typed kept (429,
    Retry-After in seconds)."""
    context = {**context, "form": form}
    if not form.is_valid():
        return render(request, template, context, status=400)
    throttle = HandinThrottle()
    if throttle.allow_request(request, None):
        return on_valid(form.cleaned_data)
    wait = int(throttle.wait_seconds or 60) + 1
    form.add_error(
        None,
        _(
            "Too many forms have been sent from your connection in the last hour. What "
            "you typed is kept: please send the form again %(when)s, or write to us by "
            "e-mail."
        )
        % {"when": wait_in_words(wait)},
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


def _public_alliance(slug: str) -> AlliancePage:
    return get_object_or_404(AlliancePage.objects.publicly_visible(), slug=slug)


@read_only
def overview(request):
    """Mitmachen: the alliances looking for people, and the way to report a need."""
    alliances = (
        AlliancePage.objects.publicly_visible()
        .filter(stage__in=ALLIANCE_JOINABLE_STAGES)
        .prefetch_related("districts")
        .order_by("-first_published_at", "pk")[:6]
    )
    return render(request, "participation/overview.html", {"alliances": alliances})


@shows_input_errors
@require_http_methods(["GET", "HEAD", "POST"])
def join(request, slug):
    alliance = _public_alliance(slug)
    if not alliance.takes_sign_ups:
        return _closed(request, alliance)
    template, context = "participation/join.html", {"alliance": alliance}
    if request.method != "POST":
        form = JoinForm(initial=JoinForm.initial_offer(request.GET.getlist("bringe")))
        return render(request, template, {**context, "form": form})
    form = JoinForm(request.POST)

    def signed_up(data):
        try:
            services.interest_create(
                alliance=alliance,
                name=data["name"],
                email=data["email"],
                age_group=data.get("age_group"),
                message=form.interest_message(),
                competences=data.get("competences", []),
                resources=data.get("resources", []),
            )
        except services.AllianceClosed:  # paused or concluded since it was read above
            return _closed(request, alliance)
        return HttpResponseRedirect(reverse("participation:join-thanks", args=[slug]))

    return form_submit(request, form, template=template, context=context, on_valid=signed_up)


def _closed(request, alliance: AlliancePage) -> HttpResponse:
    """A public alliance that is paused or concluded: a German page saying so (410, as an
    invitation to it), with the way to alliances that do look for people."""
    return render(request, "participation/join_closed.html", {"alliance": alliance}, status=410)


@read_only
def join_thanks(request, slug):
    return render(request, "participation/join_thanks.html", {"alliance": _public_alliance(slug)})


@shows_input_errors
@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    template = "participation/report.html"
    if request.method != "POST":
        return render(request, template, {"form": ReportForm()})
    form = ReportForm(request.POST)

    def reported(data):
        page = services.submission_create(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            district=data["district"],
            topic=data.get("topic"),
            contact=form.contact(),
            channel=ItemPage.Channel.FORM,
        )
        url = reverse("participation:report-thanks")
        ref = REFERENCE_SIGNER.sign(item_reference(page))
        return HttpResponseRedirect(f"{url}?{urlencode({'ref': ref})}")

    return form_submit(request, form, template=template, context={}, on_valid=reported)


@read_only
@single_valued_query("ref")
def report_thanks(request):
    try:
        reference = REFERENCE_SIGNER.unsign(request.GET.get("ref", ""))
    except signing.BadSignature:
        reference = ""
    context = {"reference": reference if REFERENCE.match(reference) else ""}
    return render(request, "participation/report_thanks.html", context)
