"""The site's alert form: the same rules as the API's AlertSerializer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.models import Competence, District, Topic
from api.handins.forms import PublicForm
from cms.numbers import AsciiModelMultipleChoiceField

NOTHING_CHOSEN = _("Please choose at least one district, topic or competence.")
CONSENT_REQUIRED = _("Please agree that we may send you alerts by e-mail.")


def _choices(model, label, help_text=""):
    return AsciiModelMultipleChoiceField(
        label=label,
        queryset=model.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class AlertForm(PublicForm):
    """Subscribe to alerts: `api.alerts.services.alert_subscribe`."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm your subscription."),
    )
    districts = _choices(District, _("Districts"))
    topics = _choices(Topic, _("Topics"))
    competences = _choices(
        Competence,
        _("Competences"),
        _("Tell me when an alliance looks for one of these."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Kernteam Bürger-Kommune stores my e-mail address and my choice "
            "to send me at most one e-mail a week about new alliances and what they look "
            "for. I can withdraw this at any time with the link in every e-mail."
        ),
        error_messages={"required": CONSENT_REQUIRED},
    )

    def clean(self):
        data = super().clean()
        chosen = any(data.get(name) for name in ("districts", "topics", "competences"))
        if not chosen and not any(
            self.has_error(n) for n in ("districts", "topics", "competences")
        ):
            self.add_error("districts", NOTHING_CHOSEN)
        return data
