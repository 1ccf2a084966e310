"""The widget's own error answer: a small page in the frame, with the widget's headers
(it may be framed by the partners, EMBED_FRAME_ANCESTORS), never the site's page with its
menu. For every error of an address under /embed/: a bad parameter, a NUL character, a
form body in a foreign charset (400), an unknown address (404), a method other than GET
or HEAD (405), a failure on our side (500)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.http_titles import status_title
from cms.methods import exempt_read_only

EMBED_PREFIX = "/embed/"
DETAILS = {
    400: _("The widget's address contains something it cannot read."),
    404: _("There is no widget at this address."),
    405: _("The widget only answers GET and HEAD."),
    500: _("Something went wrong on our side."),
}


def is_embed(request) -> bool:
    return request.path_info.startswith(EMBED_PREFIX)


def embed_error(request, status: int, detail=None) -> HttpResponse:
    """The widget's error page for `status`, German (the widget's default language);
    `detail`: what went wrong, else the status's general sentence."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"title": status_title(status), "detail": detail or DETAILS[status]}
        response = render(request, "embed/error.html", context, status=status)
    response.xframe_options_exempt = True  # framed like the widget (CSP frame-ancestors)
    return response


def embed_read_only(view):
    """`view` answers GET and HEAD; any other method is the widget's 405 with `Allow`."""

    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = embed_error(request, 405)
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return exempt_read_only(wrapped)
