"""The JSON error answer of both APIs (`status`, `title`, `detail`, `errors`), in the one
style their views answer in: compact UTF-8 as DRF's JSONRenderer writes it (no `\\u00fc`
escapes), wherever it is built outside a DRF view (middlewares, Django's handlers, the
cached reads)."""

from django.http import JsonResponse
from django.urls import Resolver404, resolve

from cms.http_titles import status_title

# As DRF's JSONRenderer (COMPACT_JSON, UNICODE_JSON): no spaces, characters as they are.
JSON_STYLE = {"ensure_ascii": False, "separators": (",", ":")}


def error_body(status: int, detail, errors: dict | None = None) -> dict:
    body = {"status": status, "title": str(status_title(status)), "detail": str(detail)}
    if errors:
        body["errors"] = errors
    return body


def error_response(status: int, detail, errors: dict | None = None, allow=None) -> JsonResponse:
    """The JSON error answer for `status`; `allow`: the methods the address takes, sent as
    `Allow` as the views send it."""
    response = JsonResponse(
        error_body(status, detail, errors), status=status, json_dumps_params=JSON_STYLE
    )
    if allow:
        response["Allow"] = allow if isinstance(allow, str) else ", ".join(allow)
    return response


def allowed_methods(request) -> str | None:
    """The `Allow` of the view at `request`'s address, as its own answers send it, for an
    error given before the view runs (a refused NUL, a 412 of a cached read); None where
    no view takes the address."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    view = match.func
    cls = getattr(view, "cls", None)
    if cls is None:  # not a DRF view
        return None
    if actions := getattr(view, "actions", None):  # a viewset's route
        methods = [method.upper() for method in actions]
        if "GET" in methods and "HEAD" not in methods:
            methods.append("HEAD")
        return ", ".join([*methods, "OPTIONS"])
    # Set up as for a request: Django's setup() answers HEAD wherever GET is answered.
    instance = cls(**getattr(view, "initkwargs", {}))
    instance.setup(request, *match.args, **match.kwargs)
    return ", ".join(instance.allowed_methods)  # DRF's public property
