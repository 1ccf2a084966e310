"""`{% join_form page %}`: the "Mitmachen" form on an alliance page (it posts to the
hand-in backend, which the alliances app does not import); `{% wanted_list page %}`: what
the alliance still looks for ("Wir suchen"), each entry a link that ticks it in the form."""

from django import template
from django.urls import reverse

from alliances.matching import wanted_by_alliance
from api.handins.forms import JoinForm

register = template.Library()


@register.inclusion_tag("participation/join_form.html", takes_context=True)
def join_form(context, alliance):
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "form": JoinForm(initial=_offer(context.get("request"))),
        "action": reverse("participation:join", args=[alliance.slug]),
        "alliance": alliance,
    }


def _offer(request) -> dict:
    return JoinForm.initial_offer(request.GET.getlist("bringe")) if request else {}


@register.inclusion_tag("participation/wanted.html")
def wanted_list(alliance):
    """Catalogue names and counts only, never a person; nothing once the alliance is no
    longer forming or active (the page itself is served only while public)."""
    needs = []
    if alliance.takes_sign_ups:
        needs = wanted_by_alliance([alliance.pk]).get(alliance.pk, [])
    return {"needs": needs}
