"""The body of an event: the same representation the partner API gives for the page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

from alliances.models import AlliancePage, NeedPage, OpportunityPage, ServicePage
from api import selectors, serializers

KIND_OF = {
    AlliancePage: "alliance",
    ServicePage: "service",
    NeedPage: "need",
    OpportunityPage: "opportunity",
}
DETAIL = {
    AlliancePage: (selectors.alliance_detail_queryset, serializers.AllianceDetailSerializer),
    ServicePage: (selectors.service_detail_queryset, serializers.ServiceDetailSerializer),
    NeedPage: (selectors.need_detail_queryset, serializers.NeedDetailSerializer),
    OpportunityPage: (
        selectors.opportunity_detail_queryset,
        serializers.OpportunityDetailSerializer,
    ),
}


class _SiteRequest(HttpRequest):
    """Stands in for a request so the API's absolute URLs point at the public site."""

    def __init__(self, base_url: str):
        super().__init__()
        parts = urlsplit(base_url)
        self._scheme = parts.scheme or "https"
        self.META = {
            "HTTP_HOST": parts.netloc,
            "SERVER_NAME": parts.hostname or "",
            "SERVER_PORT": str(parts.port or (443 if self._scheme == "https" else 80)),
        }

    def _get_scheme(self):
        return self._scheme


def _request() -> HttpRequest | None:
    request = _SiteRequest(settings.WAGTAILADMIN_BASE_URL)
    try:
        request.get_host()
    except DisallowedHost:
        return None  # relative API links rather than none at all
    return request


def represent(page) -> dict:
    """The API's detail representation of a public page."""
    queryset, serializer_class = DETAIL[type(page)]
    instance = queryset().get(pk=page.pk)
    return serializer_class(instance, context={"request": _request()}).data
