"""Template tags through which pages of other apps (the home page) show programme pages."""

from django import template

from alliances.models import AlliancePage
from cms.privacy import export_value

register = template.Library()
register.filter("export_value", export_value)


@register.simple_tag
def latest_alliances(count: int = 6):
    """The `count` most recently published public alliances, newest first."""
    return (
        AlliancePage.objects.publicly_visible()
        .select_related("image")
        .prefetch_related("districts")
        .order_by("-last_published_at")[:count]
    )
