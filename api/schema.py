from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


def partner_api_only(endpoints, **kwargs):
    """The published schema describes /api/v1/ only, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API."""

    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per parameter or field: what is wrong with it.",
    )


class PartnerAutoSchema(AutoSchema):
    """Adds the error responses every endpoint can give, in the one error shape."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "429", "500"]
        if self.method == "GET" and self._is_list_view():
            codes.insert(0, "400")
        if self.method == "GET" and not self._is_list_view():
            codes.insert(0, "404")
        if self.method != "GET":
            codes[:0] = ["400", "403"]
        for code in codes:
            responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code))
        return responses
