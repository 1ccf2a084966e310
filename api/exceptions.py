"""One JSON error shape for everything under /api/: status, title, detail, errors."""

import logging

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.embed.errors import embed_error, is_embed
from cms.drf_messages import in_our_words, translate_literals
from cms.json_errors import allowed_methods, error_body, error_response

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
# The addresses whose errors are JSON: the partner API and the workflow API.
JSON_PREFIXES = (API_PREFIX, "/workflow-api/")
# The detail of every 400 whose `errors` name the parameters or fields at fault.
CHECK_ERRORS = _("Please check the parameters named in “errors”.")


def exception_handler(exc, context):
    """DRF's handler, reshaped; anything unexpected becomes a 500 in the same shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # not Django's English message of the lookup
    exc = in_our_words(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in the partner API", exc_info=exc)
        return Response(error_body(500, _("Something went wrong on our side.")), status=500)
    if isinstance(exc, exceptions.ValidationError):
        data = translate_literals(response.data)
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = error_body(response.status_code, CHECK_ERRORS, errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = error_body(response.status_code, detail)
    return response


@csrf_exempt
def unknown_address(request, *args, **kwargs):
    """Any method at an address under /api/ that no route takes: a JSON 404 (not the
    site's catch-all, whose CSRF check would answer a POST with an HTML 403)."""
    return error_response(
        404, _("There is nothing at this address."), allow=allowed_methods(request)
    )


def csrf_failure(request, reason=""):
    """Django's CSRF failure view: JSON under /api/ and /workflow-api/ (a session without
    its token), its own page elsewhere."""
    if request.path.startswith(JSON_PREFIXES):
        detail = _("The request came without the CSRF token its session cookie requires.")
        return error_response(403, detail, allow=allowed_methods(request))
    with translation.override(settings.LANGUAGE_CODE):  # the site speaks German
        back = request.get_full_path()
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        context = {"back_url": back if safe else "/"}
        return render(request, "403_csrf.html", context, status=403)


def bad_request(request, exception=None):
    """Django's 400 handler (a SuspiciousOperation, a malformed request Django itself
    refuses, and the middlewares' refusals, `cms.middleware.RefusedInput`): JSON under
    /api/ and /workflow-api/, the widget's page under /embed/, the admin's page under the
    admin, the site's German page elsewhere. A RefusedInput's `detail` says what was
    wrong; its `errors` name the parameters (JSON: then in the shape of every 400 that
    names parameters, `detail` saying to check them; and the pages) and `about_address` adds
    the site's sentence on a wrong address."""
    detail = getattr(exception, "detail", None)
    if request.path.startswith(JSON_PREFIXES):
        if errors := getattr(exception, "errors", None):
            return error_response(400, CHECK_ERRORS, errors, allow=allowed_methods(request))
        return error_response(
            400, detail or _("The request is malformed."), allow=allowed_methods(request)
        )
    if is_embed(request):
        return embed_error(request, 400, detail)
    context = {
        "detail": detail,
        "errors": list(getattr(exception, "errors", None) or {}),
        "about_address": getattr(exception, "about_address", True),
    }
    if request.path.startswith(reverse("wagtailadmin_home")):
        # The admin's own page, in German like the site's (refused before authentication,
        # so no one is signed in for its template).
        if not hasattr(request, "user"):
            request.user = AnonymousUser()
        with translation.override(settings.LANGUAGE_CODE):
            return render(request, "cms/admin_400.html", context, status=400)
    return render(request, "400.html", context, status=400)


def not_found(request, exception=None):
    """Django's 404 handler: JSON under /api/ and /workflow-api/, the site's page
    elsewhere."""
    if request.path.startswith(JSON_PREFIXES):
        detail = _("There is nothing at this address.")
        return error_response(404, detail, allow=allowed_methods(request))
    if is_embed(request):
        return embed_error(request, 404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django's 500 handler: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return error_response(
            500, _("Something went wrong on our side."), allow=allowed_methods(request)
        )
    if is_embed(request):
        return embed_error(request, 500)
    with translation.override(settings.LANGUAGE_CODE):  # the site speaks German
        return defaults.server_error(request)
