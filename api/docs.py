"""The schema and its documentation pages: drf-spectacular's views, answering every method."""

from django.http import HttpResponse
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)


class PlainOptionsMixin:
    """OPTIONS names the allowed methods. DRF's default would describe the view in its
    renderer's format, which for an HTML page has no template: a 500."""

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join(self.allowed_methods)
        response["Content-Length"] = "0"
        return response


class SchemaView(PlainOptionsMixin, SpectacularAPIView):
    pass


class SwaggerView(PlainOptionsMixin, SpectacularSwaggerSplitView):
    """The split view serves its start-up script as a file: no inline script for the CSP."""


class RedocView(PlainOptionsMixin, SpectacularRedocView):
    pass
