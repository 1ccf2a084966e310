"""Views that only read: GET and HEAD, and a 405 for every other method."""

from http import HTTPMethod

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """GET and HEAD only (the outermost decorator): any other method is a 405 with
    `Allow: GET, HEAD`, also without a CSRF token.

    Without `csrf_exempt` the CSRF check runs before the view and a `POST` answers a 403
    page about a missing token, which says nothing about the address. Exempting is safe
    here because `require_safe` lets no method through that could change anything: the
    view only ever runs for GET and HEAD, which the CSRF check does not look at anyway.
    The view is marked `read_only` (tests/site/test_methods.py finds every such route).
    """
    return exempt_read_only(require_safe(view))


def exempt_read_only(view):
    """`view`, which answers every method but GET and HEAD with a 405 itself, exempt from
    the CSRF check (see `read_only`) and marked `read_only`."""
    wrapped = csrf_exempt(view)
    wrapped.read_only = True
    return wrapped


# Wagtail's `Page.allowed_http_methods` for a page that only shows (Wagtail's default takes
# every method, and the CSRF check then answered a DELETE with a 403 about a form).
PAGE_READ_ONLY = [HTTPMethod.GET, HTTPMethod.HEAD]
# A page with a form (the form builder's): its POST too.
PAGE_WITH_FORM = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.POST]


class PageMethodMiddleware:
    """Before the CSRF check (its `process_view` runs first): a site page asked with a
    method it does not take (`allowed_http_methods`, `check_request_method`) is Wagtail's
    405 with `Allow`, as a `read_only` view is, not a 403 about a missing CSRF token. The
    page is routed once: Wagtail's serve view reuses the route kept on the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.models import Page  # not at import: the page models import this
        from wagtail.views import serve as wagtail_serve

        if view_func is not wagtail_serve:
            return None
        route = Page.route_for_request(request, view_kwargs.get("path", view_args[0]))
        if route is None:
            return None  # the serve view's 404
        page, args, kwargs = route
        return page.check_request_method(request, *args, **kwargs)


# Where a 405 has a body of its own: the APIs' JSON, the widget's page.
OWN_405_PREFIXES = ("/api/", "/workflow-api/", "/embed/")
ADMIN_PREFIX = "/admin/"


class MethodNotAllowedPageMiddleware:
    """A 405 without a body (Django's `require_safe` and `require_http_methods`, Wagtail's
    `check_request_method`, `HttpResponseNotAllowed` in a view) gets a short German page,
    as the site's other errors have: the method refused and those the address takes, with
    `Allow` kept. The admin's in the admin's layout; the APIs and the widget answer their
    own 405s."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or response.streaming
            or response.content
            or request.path_info.startswith(OWN_405_PREFIXES)
        ):
            return response
        return self.page(request, response)

    def page(self, request, refused):
        from django.contrib.auth.models import AnonymousUser
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        allowed = refused.get("Allow", "")
        context = {
            "detail": _("This address does not take the method %(method)s; it answers %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
        }
        if request.path_info.startswith(ADMIN_PREFIX):
            if not hasattr(request, "user"):
                request.user = AnonymousUser()
            template = "cms/admin_405.html"
        else:
            template = "405.html"
        response = render(request, template, context, status=405)
        response["Allow"] = allowed
        return response
