from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp, with the relaxations Wagtail's admin needs confined to /admin/.

    Only the embed widget (/embed/) may be framed by other sites (EMBED_FRAME_ANCESTORS).
    """

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


class GermanFirstLocaleMiddleware(LocaleMiddleware):
    """German everywhere, whatever the browser says; the API negotiates Accept-Language.

    The admin then switches to a user's own preferred language if they chose one in
    their account settings (Wagtail does that per user).
    """

    negotiated_prefixes = ("/api/",)

    def process_request(self, request):
        if request.path_info.startswith(self.negotiated_prefixes):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None


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
        if not request.path_info.startswith(("/api/", "/workflow-api/")):
            return render(request, "400.html", {"detail": detail}, status=400)
        body = {"status": 400, "title": str(_("Invalid request")), "detail": str(detail)}
        if names:
            body["errors"] = {name.replace("\x00", "") or "?": [str(detail)] for name in names}
        return JsonResponse(body, status=400)
