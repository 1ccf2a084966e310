"""URLs of the benchmark server: the product plus Wagtail API v2 and the ceiling view."""

import json

from django.http import HttpResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from bench.wagtail_fields import declare_api_fields
from cms.urls import urlpatterns as product_urlpatterns

# About 10 KB of JSON, serialised once: what the stack can do at best per request.
CEILING_BODY = json.dumps(
    {"results": [{"id": n, "title": f"Allianz {n}", "summary": "x" * 400} for n in range(22)]}
).encode()


def ceiling(request):
    return HttpResponse(CEILING_BODY, content_type="application/json")


declare_api_fields()
wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("api/v2/", wagtail_api.urls),
    *product_urlpatterns,  # ends with Wagtail's catch-all
]
