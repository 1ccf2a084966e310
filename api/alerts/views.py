"""Alert endpoints and pages: thin views over api.alerts.services."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from alliances.models.consent import Channel
from api.alerts import services, tokens
from api.alerts.forms import AlertForm
from api.alerts.serializers import AlertSerializer
from api.handins.site_views import form_submit
from api.handins.views import _HandinView
from api.schema import SUCCESS_MEANINGS
from cms.form_input import shows_input_errors
from cms.methods import read_only


def _subscribe(data: dict, *, via: str) -> None:
    services.alert_subscribe(
        email=data["email"],
        districts=data.get("districts", []),
        topics=data.get("topics", []),
        competences=data.get("competences", []),
        via=via,
    )


class AlertView(_HandinView):
    """`POST /api/v1/alerts/`: subscribe an address; it receives a confirmation link."""

    @extend_schema(
        summary=gettext_lazy("Subscribe to alerts by e-mail"),
        description=gettext_lazy(
            "At most one mail a week about new public alliances and what they look for, in "
            "the chosen districts, topics or competences (slugs from the catalogue lists; at "
            "least one). The address gets a confirmation link (double opt-in); nothing is "
            "sent before it is confirmed, and every mail has a link to stop at once. "
            "Anonymous subscriptions are allowed; a valid partner key is accepted too (a bad "
            "one: 401)."
        ),
        request=AlertSerializer,
        responses={202: OpenApiResponse(description=SUCCESS_MEANINGS["202"])},
    )
    def post(self, request):
        serializer = AlertSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.count_handin(request)
        _subscribe(serializer.validated_data, via=Channel.API)
        return Response(
            {
                "detail": _(
                    "Thank you! Please confirm through the link in the e-mail we are sending you."
                )
            },
            status=status.HTTP_202_ACCEPTED,
        )


@shows_input_errors
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """Mitmachen → Benachrichtigungen: the public form (works without JavaScript)."""
    template = "alerts/subscribe.html"
    if request.method != "POST":
        return render(request, template, {"form": AlertForm()})

    def subscribed(data):
        _subscribe(data, via=Channel.FORM)
        return HttpResponseRedirect(reverse("participation:alerts-thanks"))

    form = AlertForm(request.POST)
    return form_submit(request, form, template=template, context={}, on_valid=subscribed)


@read_only
def subscribe_thanks(request):
    context = {"confirm_days": settings.ALERT_CONFIRM_DAYS}
    return render(request, "alerts/subscribe_thanks.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        subscription = tokens.subscription_from_token(token=token)
    except tokens.UsedConfirmation:
        return render(request, "alerts/confirm.html", {"used": True}, status=400)
    except tokens.InvalidConfirmation:
        return render(request, "alerts/confirm.html", {"invalid": True}, status=400)
    confirmed = request.method == "POST" and services.alert_confirm(subscription=subscription)
    response = render(request, "alerts/confirm.html", {"confirmed": confirmed})
    # The token must not travel to other sites; "no-referrer" would make the browser send
    # `Origin: null` with the button's POST, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
