"""`{% join_form page %}`: the "Mitmachen" form on an alliance page (it posts to the
hand-in backend, which the alliances app does not import)."""

from django import template
from django.urls import reverse

from api.handins.forms import JoinForm

register = template.Library()


@register.inclusion_tag("participation/join_form.html", takes_context=True)
def join_form(context, alliance):
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "form": JoinForm(),
        "action": reverse("participation:join", args=[alliance.slug]),
        "alliance": alliance,
    }
