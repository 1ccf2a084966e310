"""Input of hand-ins from partner sites: strict sizes, per-field messages, a honeypot."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alliances.models import AgeGroup, Competence, District, Resource, Topic
from api.fields import (
    EXPECTS_TEXT,
    ConsentField,
    KnownFieldsSerializer,
    StrictChoiceField,
    StrictEmailField,
    TextField,
)
from api.schema import CatalogueSlugField
from cms.phone import phone_validator


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 0,
        "description": "Leave empty: a field the partner's form hides from people; bots fill "
        "it in, and a hand-in with a value here is a 400.",
    }
)
class HoneypotField(serializers.CharField):
    """Text, as the schema says: a number is the wrong type here too, not a filled field."""

    default_error_messages = {"null": EXPECTS_TEXT}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class _Honeypot(KnownFieldsSerializer):
    # Hidden from people by the partner's form; bots fill it in.
    website = HoneypotField(required=False, allow_blank=True, max_length=200)

    def validate_website(self, value):
        if value:
            raise serializers.ValidationError(_("This field must stay empty."))
        return value


class HandinContactSerializer(KnownFieldsSerializer):
    name = TextField(max_length=200)
    email = StrictEmailField(required=False, allow_blank=True, max_length=254)
    phone = TextField(required=False, allow_blank=True, max_length=40, validators=[phone_validator])
    consent = ConsentField()

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Please agree that the Kernteam may store your contact data.")
            )
        return value

    def validate(self, attrs):
        if not attrs.get("email") and not attrs.get("phone"):
            raise serializers.ValidationError(_("Please give an e-mail address or a phone number."))
        return attrs


class SubmissionSerializer(_Honeypot):
    kind = StrictChoiceField(choices=[("need", _("Need")), ("opportunity", _("Opportunity"))])
    title = TextField(min_length=5, max_length=120)
    description = TextField(min_length=20, max_length=4000)
    district = CatalogueSlugField(District)
    topic = CatalogueSlugField(Topic, required=False, allow_null=True)
    contact = HandinContactSerializer(required=False, allow_null=True)


class SubmissionReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField()
    stage = serializers.CharField()


class InterestSerializer(_Honeypot):
    name = TextField(max_length=200)
    email = StrictEmailField(max_length=254)
    age_group = CatalogueSlugField(AgeGroup, required=False, allow_null=True)
    message = TextField(required=False, allow_blank=True, max_length=2000)
    competences = CatalogueSlugField(
        Competence,
        many=True,
        required=False,
        max_entries=30,
        help_text=_("What the person can offer: slugs from GET /api/v1/competences/."),
    )
    resources = CatalogueSlugField(
        Resource,
        many=True,
        required=False,
        max_entries=30,
        help_text=_("What the person can bring: slugs from GET /api/v1/resources/."),
    )
    consent = ConsentField()

    def _distinct(self, value):
        return list(dict.fromkeys(value))

    validate_competences = _distinct
    validate_resources = _distinct

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Please agree that the alliance may store your details to contact you.")
            )
        return value
