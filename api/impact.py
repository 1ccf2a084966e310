"""Impact in the partner API: GET /api/v1/impact/ (sums per district and topic) and the
`impact` block of the alliance detail.

Same rule as everything partner-facing: only publicly visible alliances count; voices only
with the speaker's consent, names only with consent to show them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from alliances.impact import impact_summary
from alliances.models import District, Topic
from alliances.models.impact import alliance_impact
from api.fields import AsciiDateField
from api.filters import empty_parameters
from api.parameters import CheckedQueryMixin
from api.schema import CatalogueSlugField


class ImpactQuerySerializer(serializers.Serializer):
    district = CatalogueSlugField(District, required=False)
    topic = CatalogueSlugField(Topic, required=False)
    period_from = AsciiDateField(
        required=False, help_text=_("Reports of periods ending on or after this day.")
    )
    period_to = AsciiDateField(
        required=False,
        help_text=_(
            "Reports of periods starting on or before this day; not before `period_from` (a 400)."
        ),
    )

    def validate(self, attrs):
        if errors := empty_parameters(self.initial_data, self.fields):
            raise serializers.ValidationError(errors)
        start, end = attrs.get("period_from"), attrs.get("period_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"period_to": _("The period cannot end before it starts.")}
            )
        return attrs


class AllianceCreditSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(source="full_url")


class CatalogueRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class ImpactGroupSerializer(serializers.Serializer):
    people_reached = serializers.IntegerField()
    volunteer_hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    report_count = serializers.IntegerField()
    alliances = AllianceCreditSerializer(many=True)


class DistrictImpactSerializer(ImpactGroupSerializer):
    district = CatalogueRefSerializer(source="key")


class TopicImpactSerializer(ImpactGroupSerializer):
    topic = CatalogueRefSerializer(source="key")


class ImpactReportSerializer(serializers.Serializer):
    alliance = AllianceCreditSerializer()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    people_reached = serializers.IntegerField()
    volunteer_hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    what_changed = serializers.CharField()


class ImpactSummarySerializer(serializers.Serializer):
    people_reached = serializers.IntegerField()
    volunteer_hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    alliance_count = serializers.IntegerField()
    by_district = DistrictImpactSerializer(many=True)
    by_topic = TopicImpactSerializer(many=True)
    reports = ImpactReportSerializer(many=True)


class ImpactView(CheckedQueryMixin, APIView):
    """Published impact of the public alliances: totals, per district, per topic, reports."""

    def accepted_query_parameters(self) -> frozenset:
        return frozenset(ImpactQuerySerializer().fields)

    @extend_schema(
        summary=_("Impact in figures"),
        description=_(
            "Published impact of the public alliances: totals, per district, per topic, "
            "and the reports they come from."
        ),
        parameters=[ImpactQuerySerializer],
        responses=ImpactSummarySerializer,
    )
    def get(self, request):
        query = ImpactQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        summary = impact_summary(**query.validated_data)
        return Response(ImpactSummarySerializer(summary).data)


class RemeasuredGapSerializer(serializers.Serializer):
    standard = serializers.CharField(source="standard.title")
    unit = serializers.CharField(source="effective_unit")
    actual_value = serializers.DecimalField(max_digits=12, decimal_places=2)
    remeasured_value = serializers.DecimalField(max_digits=12, decimal_places=2)
    target_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, source="effective_target"
    )
    remeasured_on = serializers.DateField()


class AllianceImpactReportSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    people_reached = serializers.IntegerField()
    volunteer_hours = serializers.DecimalField(max_digits=9, decimal_places=1)
    what_changed = serializers.CharField()
    gaps_remeasured = RemeasuredGapSerializer(many=True)


class VoiceSerializer(serializers.Serializer):
    quote = serializers.CharField()
    attribution = serializers.CharField(source="public_attribution")


class AllianceImpactSerializer(serializers.Serializer):
    people_reached = serializers.IntegerField()
    volunteer_hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    reports = AllianceImpactReportSerializer(many=True)
    voices = VoiceSerializer(many=True)


def alliance_impact_data(alliance) -> dict:
    """The `impact` block of an alliance's detail."""
    impact = alliance_impact(alliance=alliance)
    reports = [
        {
            "period_start": report.period_start,
            "period_end": report.period_end,
            "people_reached": report.people_reached,
            "volunteer_hours": report.volunteer_hours,
            "what_changed": report.what_changed,
            "gaps_remeasured": gaps,
        }
        for report, gaps in impact.reports
    ]
    return AllianceImpactSerializer(
        {
            "people_reached": impact.people_reached,
            "volunteer_hours": impact.volunteer_hours,
            "reports": reports,
            "voices": impact.voices,
        }
    ).data
