import logging
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.core.handlers.exception import get_exception_response
from django.http import Http404
from django.shortcuts import render
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy as _

from cms.json_errors import allowed_methods, error_response

request_logger = logging.getLogger("django.request")

# Wagtail's admin ships inline scripts and styles (panels, date widgets); only it gets them.
# The preview panel frames the page from the admin itself.
ADMIN_RELAXATIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}


def _admin_policy() -> dict:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return {
        name: [*directives.get(name, []), *extra] if name != "frame-ancestors" else extra
        for name, extra in ADMIN_RELAXATIONS.items()
    }


# What a browser never shows as a page (the APIs' JSON, a 304) may load nothing and be
# framed by nobody: the policy the OWASP REST Security Cheat Sheet gives for APIs
# ("Security Headers"), the same for every answer, so none is built per request.
DATA_PREFIXES = ("/api/", "/workflow-api/")
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
# django-csp sets no policy on these when DEBUG is on (see `_set_policies`).
DEBUG_EXEMPT_STATUSES = (404, 500)
# Django's technical 404 and 500 pages style and script themselves inline.
TECHNICAL_PAGE_RELAXATIONS = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the relaxations Wagtail's admin needs confined to /admin/.

    Only the embed widget (/embed/) may be framed by other sites (EMBED_FRAME_ANCESTORS).
    An answer of the APIs that is not HTML (their documentation page is) gets DATA_POLICY.
    """

    def process_response(self, request, response):
        if request.path_info.startswith(DATA_PREFIXES) and not response.get(
            "Content-Type", ""
        ).startswith("text/html"):
            if HEADER not in response:
                response[HEADER] = DATA_POLICY
            return response
        if settings.DEBUG and response.status_code in DEBUG_EXEMPT_STATUSES:
            self._set_policies(request, response)
        return super().process_response(request, response)

    def _set_policies(self, request, response) -> None:
        """What django-csp sets, for the statuses it leaves bare when DEBUG is on (it
        expects Django's technical pages there): under `make run` they are the product's
        own pages (ProductErrorPagesMiddleware), which carry the policy like any answer.
        Django's technical pages, where a developer asked for them
        (TECHNICAL_ERROR_PAGES), get their inline style and script allowed."""
        for report_only, header in ((False, HEADER), (True, HEADER_REPORT_ONLY)):
            parts = self.get_policy_parts(request, response, report_only=report_only)
            if settings.TECHNICAL_ERROR_PAGES and not report_only:
                parts.update = {**TECHNICAL_PAGE_RELAXATIONS, **(parts.update or {})}
            policy = build_policy(**asdict(parts), report_only=report_only)
            exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
            if policy and header not in response and not exempt:
                response[header] = policy

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith("/admin/") and not report_only:
            parts.replace = {**_admin_policy(), **(parts.replace or {})}
        elif request.path_info.startswith("/embed/") and not report_only:
            parts.replace = {
                "frame-ancestors": list(settings.EMBED_FRAME_ANCESTORS),
                **(parts.replace or {}),
            }
        return parts


class GermanFirstLocaleMiddleware(MiddlewareMixin):
    """German everywhere, whatever the browser says; the API negotiates Accept-Language
    (or Django's language cookie) and says so in `Vary`.

    The admin then switches to a user's own preferred language if they chose one in
    their account settings (Wagtail does that per user). Django's LocaleMiddleware, which
    this replaces, also serves URL language prefixes (i18n_patterns, unused here) and marked
    every page as varying by Accept-Language, which only the API's answers do.
    """

    negotiated_prefixes = ("/api/",)

    def process_request(self, request):
        if request.path_info.startswith(self.negotiated_prefixes):
            translation.activate(translation.get_language_from_request(request))
        else:
            translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.path_info.startswith(self.negotiated_prefixes):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class LengthRequiredMiddleware:
    """A request with a body in chunks (`Transfer-Encoding`, no `Content-Length`) under a
    server that hands Django no such body answers 411 Length Required, instead of being
    read as empty (forms and the APIs would then name every field as missing).

    Django's development server (`manage.py serve`, `runserver`) does not de-chunk; gunicorn
    does and says so (`wsgi.input_terminated`: the body is read to its end), and ASGI
    servers hand on the whole body: those requests pass. JSON under the APIs, the site's
    German page elsewhere. The response names no length, so the development server closes
    the connection and the unread chunks are never taken for the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        unreadable = (
            "HTTP_TRANSFER_ENCODING" in meta
            and not meta.get("CONTENT_LENGTH")
            and not meta.get("wsgi.input_terminated")
            and "wsgi.input" in meta  # WSGI; an ASGI request has its whole body already
        )
        if unreadable:
            return self.refuse(request)
        return self.get_response(request)

    def refuse(self, request):
        detail = _(
            "The request's body was sent in chunks without a length, which this server "
            "cannot read. Please send it with a Content-Length header."
        )
        if request.path_info.startswith(("/api/", "/workflow-api/")):
            return error_response(411, detail, allow=allowed_methods(request))
        site_detail = _("The form was sent in a way this server cannot read.")
        return render(request, "411.html", {"detail": site_detail}, status=411)


def readable_name(name: str) -> str:
    """A parameter's name as it can be shown (JSON, a page): each character that prints
    nothing as its escape (`\\x00`), as Python writes it; "a\\x00b", not "ab" or "?"."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name) or '""'


class RejectNullCharactersMiddleware:
    """A NUL character in the path or the query string is a 400: no database stores it
    (PostgreSQL refuses it in a query with an error), and no URL of ours contains one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names = [
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        ]
        if "\x00" in request.path_info or names:
            return self.refuse(request, names)
        return self.get_response(request)

    def refuse(self, request, names: list[str]):
        detail = _("Null characters are not allowed.")
        errors = {readable_name(name): [str(detail)] for name in names}
        return refuse_input(request, RefusedInput(detail, errors))


class RefusedInput(BadRequest):
    """A request a middleware refuses before any view: `detail` says why, `errors` names
    the parameters ({name: [message]}, for the APIs' JSON), `about_address`: whether the
    site's page adds its sentence on a wrong address (not for a form's body)."""

    def __init__(self, detail, errors=None, *, about_address=True):
        super().__init__(str(detail))
        self.detail, self.errors, self.about_address = detail, errors or None, about_address


def refuse_input(request, refusal: RefusedInput):
    """The 400 of the URLconf's handler (`handler400`): each room answers in its own shape,
    JSON under the APIs, the widget's page under /embed/, the site's page elsewhere."""
    resolver = get_resolver(getattr(request, "urlconf", None))
    return resolver.resolve_error_handler(400)(request, refusal)


class ProductErrorPagesMiddleware:
    """Development only (cms.settings.dev, DEBUG on): a view's 404, 400 or 500 answers the
    product's own pages (the handlers of cms/urls.py: German on the site, JSON under the
    APIs) instead of Django's English technical pages, so that whoever tries the product
    under `make run` sees what citizens see. A 500's traceback still goes to the console
    (the `django.request` logger); DJANGO_TECHNICAL_ERRORS=true brings Django's pages back.
    A 403 needs nothing: Django answers it with its handler even with DEBUG on.

    An address no URL pattern takes (a missing file under /static/, /favicon.ico: the
    site has no icon) fails before any view, where Django shows its technical 404 without
    asking a middleware: it is resolved here first, so it gets the product's 404 too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        resolver = get_resolver(getattr(request, "urlconf", None) or get_urlconf())
        try:
            resolver.resolve(request.path_info)
        except Resolver404 as exception:
            return get_exception_response(request, resolver, 404, exception)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            return None
        resolver = get_resolver(get_urlconf())
        if isinstance(exception, Http404):
            return get_exception_response(request, resolver, 404, exception)
        if isinstance(exception, (SuspiciousOperation, BadRequest)):
            return get_exception_response(request, resolver, 400, exception)
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return resolver.resolve_error_handler(500)(request)  # Django calls it without exception
