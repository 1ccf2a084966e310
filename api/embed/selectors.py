from alliances.models import AlliancePage


def embed_alliances(
    *, district: str = "", topic: str = "", age_group: str = "", limit: int = 12
) -> list[AlliancePage]:
    """Public alliances for the widget, filtered by slugs as in the API."""
    queryset = AlliancePage.objects.publicly_visible()
    if district:
        queryset = queryset.filter(districts__slug=district)
    if topic:
        queryset = queryset.filter(topics__slug=topic)
    if age_group:
        queryset = queryset.filter(age_groups__slug=age_group)
    return list(
        queryset.distinct()
        .select_related("image")
        .prefetch_related("districts", "topics")
        .order_by("title")[:limit]
    )
