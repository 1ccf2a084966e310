"""The partner API's schema (drf-spectacular) and its documentation page (cms.apidocs):
German with the English beside it, server-rendered, no script."""

from django.http import HttpRequest, HttpResponse, QueryDict
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from api.authentication import PartnerKeyAuthentication
from api.exceptions import exception_handler
from api.pagination import ApiPagination
from api.parameters import CheckedQueryMixin
from cms.apidocs import ApiDocsView

# What the examples of the documentation send; tests/api/test_docs.py sends the same.
EXAMPLE_PAGE_SIZE = "0"
EXAMPLE_KEY = "kein-gueltiger-schluessel"
EXAMPLE_WAIT_SECONDS = 30


class PlainOptionsMixin:
    """OPTIONS names the allowed methods. DRF's default would describe the view in its
    renderer's format, which for an HTML page has no template: a 500."""

    def options(self, request, *args, **kwargs):
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join(self.allowed_methods)
        response["Content-Length"] = "0"
        return response


class SchemaView(CheckedQueryMixin, PlainOptionsMixin, SpectacularAPIView):
    """The schema in YAML, or JSON with `format=json`; `lang=de` or `en` for its texts."""

    def accepted_query_parameters(self) -> frozenset:
        return frozenset({"lang"})

    def handle_exception(self, exc):
        """Errors in the API's one shape, as JSON (YAML would spell out DRF's error
        objects); the schema itself is YAML unless `format=json` or Accept asks for JSON."""
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


def _request(query: str = "", **meta) -> Request:
    request = HttpRequest()
    request.GET = QueryDict(query)
    request.META.update(meta)
    return Request(request)


def _raised(call) -> APIException:
    try:
        call()
    except APIException as error:
        return error
    raise AssertionError("the example's request was accepted")  # pragma: no cover


def error_body_of(error: APIException) -> dict:
    """The body the partner API answers `error` with (its one exception handler)."""
    return exception_handler(error, {}).data


class PartnerDocsView(ApiDocsView):
    """/api/v1/docs/: every endpoint, parameter, limit and error of the partner API."""

    schema_url_name = "api:schema"

    def error_body(self, error):
        return error_body_of(error)

    def error_examples(self):
        bad_page_size = _raised(
            lambda: ApiPagination().get_page_size(_request(f"page_size={EXAMPLE_PAGE_SIZE}"))
        )
        bad_key = _raised(
            lambda: PartnerKeyAuthentication().authenticate(_request(HTTP_X_API_KEY=EXAMPLE_KEY))
        )
        return [
            ("400", error_body_of(bad_page_size)),
            ("401", error_body_of(bad_key)),
            ("404", error_body_of(NotFound())),
            ("429", error_body_of(Throttled(wait=EXAMPLE_WAIT_SECONDS))),
        ]
