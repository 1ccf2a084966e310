"""Input of hand-ins from partner sites: strict sizes, per-field messages, a honeypot."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from alliances.models import AgeGroup, Competence, District, Resource, Topic


class _Honeypot(serializers.Serializer):
    # Hidden from people by the partner's form; bots fill it in.
    website = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate_website(self, value):
        if value:
            raise serializers.ValidationError(_("This field must stay empty."))
        return value


class HandinContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    consent = serializers.BooleanField()

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
    kind = serializers.ChoiceField(choices=[("need", _("Need")), ("opportunity", _("Opportunity"))])
    title = serializers.CharField(min_length=5, max_length=120)
    description = serializers.CharField(min_length=20, max_length=4000)
    district = serializers.SlugRelatedField(slug_field="slug", queryset=District.objects.all())
    topic = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), required=False, allow_null=True
    )
    contact = HandinContactSerializer(required=False, allow_null=True)


class SubmissionReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField()
    kind = serializers.CharField()
    stage = serializers.CharField()


class InterestSerializer(_Honeypot):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    age_group = serializers.SlugRelatedField(
        slug_field="slug", queryset=AgeGroup.objects.all(), required=False, allow_null=True
    )
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    competences = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Competence.objects.all(),
        many=True,
        required=False,
        help_text=_("What the person can offer: slugs from GET /api/v1/competences/."),
    )
    resources = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Resource.objects.all(),
        many=True,
        required=False,
        help_text=_("What the person can bring: slugs from GET /api/v1/resources/."),
    )
    consent = serializers.BooleanField()

    MAX_OFFERS = 30

    def _bounded(self, value):
        if len(value) > self.MAX_OFFERS:
            raise serializers.ValidationError(
                _("Please choose at most %(count)d entries.") % {"count": self.MAX_OFFERS}
            )
        return list(dict.fromkeys(value))

    validate_competences = _bounded
    validate_resources = _bounded

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                _("Please agree that the alliance may store your details to contact you.")
            )
        return value
