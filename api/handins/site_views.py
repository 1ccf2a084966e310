"""The public site's forms on the hand-in backend: "Mitmachen" on an alliance and
"Bedarf oder Idee melden". Same services, throttle, honeypot and consent as the API;
CSRF as everywhere on the site."""

import re

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alliances.capture import item_reference
from alliances.models import AlliancePage, ItemPage
from alliances.stages import AllianceStage
from api.handins import services
from api.handins.forms import JoinForm, ReportForm
from api.handins.throttles import HandinThrottle

REFERENCE = re.compile(r"^[BE]-\d{6}$")


def _throttled(request):
    """The API's hand-in limit, counted per client across the API and the site."""
    throttle = HandinThrottle()
    if throttle.allow_request(request, None):
        return None
    response = render(request, "participation/throttled.html", status=429)
    response["Retry-After"] = str(int(throttle.wait_seconds or 60) + 1)
    return response


def _public_alliance(slug: str) -> AlliancePage:
    return get_object_or_404(AlliancePage.objects.publicly_visible(), slug=slug)


@require_http_methods(["GET", "HEAD"])
def overview(request):
    """Mitmachen: the alliances looking for people, and the way to report a need."""
    alliances = (
        AlliancePage.objects.publicly_visible()
        .filter(stage__in=[AllianceStage.FORMING, AllianceStage.ACTIVE])
        .prefetch_related("districts")
        .order_by("-first_published_at", "pk")[:6]
    )
    return render(request, "participation/overview.html", {"alliances": alliances})


@require_http_methods(["GET", "HEAD", "POST"])
def join(request, slug):
    alliance = _public_alliance(slug)
    status = 200
    if request.method == "POST":
        if throttled := _throttled(request):
            return throttled
        form = JoinForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.interest_create(
                alliance=alliance,
                name=data["name"],
                email=data["email"],
                age_group=data.get("age_group"),
                message=form.interest_message(),
                competences=data.get("competences", []),
                resources=data.get("resources", []),
            )
            return HttpResponseRedirect(reverse("participation:join-thanks", args=[slug]))
        status = 400
    else:
        form = JoinForm(initial=JoinForm.initial_offer(request.GET.getlist("bringe")))
    context = {"alliance": alliance, "form": form}
    return render(request, "participation/join.html", context, status=status)


@require_http_methods(["GET", "HEAD"])
def join_thanks(request, slug):
    return render(request, "participation/join_thanks.html", {"alliance": _public_alliance(slug)})


@require_http_methods(["GET", "HEAD", "POST"])
def report(request):
    status = 200
    if request.method == "POST":
        if throttled := _throttled(request):
            return throttled
        form = ReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
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
            return HttpResponseRedirect(f"{url}?ref={item_reference(page)}")
        status = 400
    else:
        form = ReportForm()
    return render(request, "participation/report.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD"])
def report_thanks(request):
    reference = request.GET.get("ref", "")
    context = {"reference": reference if REFERENCE.match(reference) else ""}
    return render(request, "participation/report_thanks.html", context)
