"""GET /api/v1/: the partner API's root, a list of its endpoints with what each holds
(in the negotiated language, German by default) and where the documentation is."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.parameters import CheckedQueryMixin

# The list endpoints, by the router's prefix (api/urls.py); the same texts as their
# summaries in the documentation. tests/api/test_api_root.py holds them to the router.
LISTS = {
    "alliances": _("List the alliances"),
    "services": _("List the services"),
    "needs": _("List the needs"),
    "opportunities": _("List the opportunities"),
    "districts": _("List the districts"),
    "topics": _("List the topics"),
    "age-groups": _("List the age groups"),
    "standards": _("List the standards"),
    "competences": _("List the competences"),
    "resources": _("List the resources"),
}


@extend_schema(exclude=True)  # a pointer to the schema, not part of it
class ApiRootView(CheckedQueryMixin, APIView):
    """`{"title", "docs", "schema", "endpoints": [{"method", "url", "description"}]}`;
    URLs absolute (the request's origin, like `next` and `previous` of the lists); it takes
    no query parameters."""

    @extend_schema(
        summary=_("The partner API's entry point"),
        description=_("Every endpoint of the partner API, its documentation and its schema."),
    )
    def get(self, request):
        def url(path):
            return request.build_absolute_uri(path)

        endpoints = [
            {"method": "GET", "url": url(f"/api/v1/{prefix}/"), "description": str(text)}
            for prefix, text in LISTS.items()
        ]
        endpoints += [
            {
                "method": "GET",
                "url": url(reverse("api:impact")),
                "description": str(_("Impact in figures")),
            },
            {
                "method": "POST",
                "url": url(reverse("handins:submissions")),
                "description": str(_("Hand in a need or an opportunity")),
            },
            {
                "method": "POST",
                "url": url("/api/v1/alliances/{slug}/interest/"),
                "description": str(_("Sign up interest in joining an alliance")),
            },
            {
                "method": "POST",
                "url": url(reverse("alerts:subscribe")),
                "description": str(_("Subscribe to alerts by e-mail")),
            },
        ]
        return Response(
            {
                "title": "Arnsberger Allianzen API",
                "docs": url(reverse("api:docs")),
                "schema": url(reverse("api:schema")),
                "endpoints": endpoints,
            }
        )
