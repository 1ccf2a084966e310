"""If-Match and If-None-Match on answers that carry no entity tag (RFC 9110 13.1.1, 13.1.2).

The partner API's cached reads (`api.caching`) compare both with their ETag. Every other
answer (the API's root, impact, the schema and its documentation, the hand-ins; the
embed, open data and the site) has no current entity tag: a list of tags in If-Match
matches nothing and is a 412, `*` passes, the resource exists; If-None-Match `*` matches
that existing representation, so a GET or HEAD is a 304. If-Unmodified-Since is ignored
there: no Last-Modified is known (13.1.4). As 13.2.1 asks, a request that would not
succeed without its preconditions keeps its own answer (a 404, a 410, a 400 for a bad
parameter).
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework import status
from rest_framework.exceptions import APIException

from api.caching import NO_ETAG, precondition_failed_response
from api.embed.errors import embed_error, is_embed
from api.exceptions import JSON_PREFIXES
from cms.http_titles import status_title

# What a 304 keeps of the 200 it stands for (RFC 9110 15.4.5), as Django's own 304 does.
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "Expires", "Vary")


class PreconditionFailed(APIException):
    """412 in the API's error shape, before an unsafe method changes anything."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = NO_ETAG
    default_code = "precondition_failed"


def _entity_tags(value: str) -> set[str]:
    return {tag.strip() for tag in value.split(",")}


def if_match_fails_without_etag(request) -> bool:
    """Whether If-Match fails on a current answer that has no entity tag: any list of
    tags does (none can match), `*` does not (13.1.1). No If-Match: nothing fails."""
    value = request.META.get("HTTP_IF_MATCH")
    return value is not None and "*" not in _entity_tags(value)


def if_none_match_any(request) -> bool:
    """Whether If-None-Match is `*`, which any current representation matches (13.1.2)."""
    value = request.META.get("HTTP_IF_NONE_MATCH")
    return value is not None and "*" in _entity_tags(value)


def check_if_match_without_etag(request) -> None:
    """For an unsafe method whose target has no entity tag, after the checks that decide
    whether it exists (a 404 or 410 comes first) and before the body is read. Raises
    PreconditionFailed (the German 412)."""
    if if_match_fails_without_etag(request):
        raise PreconditionFailed


def _media_type(answer) -> str:
    return answer.get("Content-Type", "").split(";")[0].strip().lower()


def is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


# Types in which `/* … */` is a comment: the 412 of a script or a style sheet is one.
COMMENTED_TYPES = ("text/javascript", "application/javascript", "text/css")


def _text_412(media_type: str, charset: str) -> HttpResponse:
    """The 412 as text, in the answer's own type: a script's or style sheet's is a comment,
    so that a page that loads it runs and styles nothing; any other (CSV, XML, plain
    text) is plain text."""
    with translation.override(settings.LANGUAGE_CODE):
        sentence = f"{status_title(412)}: {NO_ETAG}"
    if media_type in COMMENTED_TYPES:
        body, content_type = f"/* {sentence} */\n", media_type
    else:
        body, content_type = f"{sentence}\n", "text/plain"
    return HttpResponse(body, status=412, content_type=f"{content_type}; charset={charset}")


def precondition_failed(request, answer):
    """The 412 for `answer` (the 2xx without an ETag it replaces), in the type of that
    answer, which a client that asked for it can read: JSON in the APIs' error shape for a
    JSON answer (wherever it is: /healthz too), a page for a page (the widget's under
    /embed/, the site's elsewhere), a comment for a script and plain text for other text.
    It keeps the `Allow` the 2xx would have carried."""
    media_type = _media_type(answer)
    html = media_type in ("", "text/html")
    if is_json(media_type) or (request.path_info.startswith(JSON_PREFIXES) and not html):
        response = precondition_failed_response(request, NO_ETAG)
        patch_vary_headers(response, ("Accept-Language",))
    elif not html:
        response = _text_412(media_type, answer.charset)
    elif is_embed(request):
        response = embed_error(request, 412, NO_ETAG)
    else:
        with translation.override(settings.LANGUAGE_CODE):  # the site speaks German
            context = {"title": status_title(412), "detail": NO_ETAG}
            response = render(request, "412.html", context, status=412)
    if answer.has_header("Allow"):
        response["Allow"] = answer["Allow"]
    return response


def not_modified(answer) -> HttpResponseNotModified:
    """The 304 for `answer`, with the headers and cookies a 304 keeps (15.4.5)."""
    response = HttpResponseNotModified()
    for name in NOT_MODIFIED_HEADERS:
        if answer.has_header(name):
            response[name] = answer[name]
    response.cookies = answer.cookies
    return response


class PreconditionsWithoutValidatorMiddleware:
    """A successful GET or HEAD whose answer has no ETag: If-Match naming tags makes it a
    412 (`precondition_failed`), else If-None-Match `*` a 304 (`not_modified`), in the
    order of 13.2.2. An answer with an ETag has been judged by `api.caching`; an
    unsuccessful one keeps its status. Nothing is read from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not 200 <= response.status_code < 300
            or response.has_header("ETag")
        ):
            return response
        if if_match_fails_without_etag(request):
            replacement = precondition_failed(request, response)
        elif if_none_match_any(request):
            replacement = not_modified(response)
        else:
            return response
        # Not `response.close()`: that sends request_finished mid-request, which closes
        # the database connection inside a transaction. A file it would stream is closed
        # when the answer is dropped, as after Django's own conditional GET.
        return replacement
