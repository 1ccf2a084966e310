"""Input of alert subscriptions from partner sites: slugs of the catalogues, consent."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.models import Competence, District, Topic
from api.alerts.forms import CONSENT_REQUIRED, NOTHING_CHOSEN
from api.fields import ConsentField, StrictEmailField
from api.handins.serializers import _Honeypot
from api.schema import CatalogueSlugField


def _slugs(model, help_text):
    return CatalogueSlugField(model, many=True, required=False, max_entries=50, help_text=help_text)


class AlertSerializer(_Honeypot):
    email = StrictEmailField(max_length=254)
    districts = _slugs(District, _("Slugs from GET /api/v1/districts/."))
    topics = _slugs(Topic, _("Slugs from GET /api/v1/topics/."))
    competences = _slugs(Competence, _("Slugs from GET /api/v1/competences/."))
    consent = ConsentField(
        help_text=_("The person agrees to receive alerts by e-mail (at most one a week).")
    )

    def _distinct(self, value):
        return list(dict.fromkeys(value))

    validate_districts = validate_topics = validate_competences = _distinct

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(CONSENT_REQUIRED)
        return value

    def validate(self, attrs):
        if not any(attrs.get(name) for name in ("districts", "topics", "competences")):
            raise serializers.ValidationError({"districts": [NOTHING_CHOSEN]})
        return attrs
