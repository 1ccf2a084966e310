"""The alliance fields Wagtail's API v2 may show in the benchmark: the same as our list.

Declared here, not on the model, because API v2 exists only in the benchmark settings.
"""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.images.api.fields import ImageRenditionField

from alliances.models import AlliancePage


class _Catalogue(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


def declare_api_fields() -> None:
    AlliancePage.api_fields = [
        APIField("summary"),
        APIField("stage"),
        APIField("started_on"),
        APIField("districts", serializer=_Catalogue(many=True)),
        APIField("topics", serializer=_Catalogue(many=True)),
        APIField("age_groups", serializer=_Catalogue(many=True)),
        APIField("image_card", serializer=ImageRenditionField("fill-640x360", source="image")),
    ]
