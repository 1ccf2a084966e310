"""The body of an event: the same representation the partner API gives for the page."""

from rest_framework import serializers

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage


def _slugs():
    return serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)


class _PageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    stage = serializers.CharField()
    url = serializers.SerializerMethodField()
    districts = _slugs()
    topics = _slugs()
    age_groups = _slugs()
    last_published_at = serializers.DateTimeField()

    def get_url(self, page) -> str | None:
        return page.full_url


def represent(page) -> dict:
    """The API representation of a public page."""
    return _PageSerializer(page).data


KIND_OF = {
    AlliancePage: "alliance",
    ServicePage: "service",
    NeedPage: "need",
    OpportunityPage: "opportunity",
}
