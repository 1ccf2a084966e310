"""If-Match on the partner API's answers that carry no entity tag (RFC 9110 13.1.1).

The cached reads (`api.caching`) compare If-Match with their ETag. Every other answer
under /api/ (the root, impact, the schema and its documentation, the hand-ins) has no
current entity tag, so a list of tags matches nothing and is a 412; `*` passes, the
resource exists. If-Unmodified-Since is ignored there: no Last-Modified is known
(13.1.4). As 13.2.1 asks, a request that would not succeed without its preconditions
keeps its own answer (a 404, a 410, a 400 for a bad parameter).
"""

from rest_framework import status
from rest_framework.exceptions import APIException

from api.caching import PRECONDITION_FAILED, precondition_failed_response
from api.exceptions import API_PREFIX


class PreconditionFailed(APIException):
    """412 in the API's error shape, before an unsafe method changes anything."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = PRECONDITION_FAILED
    default_code = "precondition_failed"


def if_match_fails_without_etag(request) -> bool:
    """Whether If-Match fails on a current answer that has no entity tag: any list of
    tags does (none can match), `*` does not (13.1.1). No If-Match: nothing fails."""
    value = request.META.get("HTTP_IF_MATCH")
    if value is None:
        return False
    return "*" not in {tag.strip() for tag in value.split(",")}


def check_if_match_without_etag(request) -> None:
    """For an unsafe method whose target has no entity tag, after the checks that decide
    whether it exists (a 404 or 410 comes first) and before the body is read. Raises
    PreconditionFailed (the German 412)."""
    if if_match_fails_without_etag(request):
        raise PreconditionFailed


class PreconditionsWithoutValidatorMiddleware:
    """A successful GET or HEAD under /api/ whose answer has no ETag, with If-Match naming
    tags, is the German 412 instead (`precondition_failed_response`); an answer with an
    ETag has been judged by `api.caching`, an unsuccessful one keeps its status.
    Nothing is read from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and 200 <= response.status_code < 300
            and request.path_info.startswith(API_PREFIX)
            and not response.has_header("ETag")
            and if_match_fails_without_etag(request)
        ):
            response = precondition_failed_response()
            response["Vary"] = "Accept-Language"
        return response
