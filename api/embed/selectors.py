from alliances.models import AlliancePage
from api.selectors import alliance_list_queryset


def embed_alliances(
    *, district: str = "", topic: str = "", age_group: str = "", limit: int = 12
) -> list[AlliancePage]:
    """Public alliances for the widget, filtered by slugs as in the API (same base queryset)."""
    queryset = alliance_list_queryset()
    if district:
        queryset = queryset.filter(districts__slug=district)
    if topic:
        queryset = queryset.filter(topics__slug=topic)
    if age_group:
        queryset = queryset.filter(age_groups__slug=age_group)
    return list(queryset.distinct().order_by("title", "pk")[:limit])
