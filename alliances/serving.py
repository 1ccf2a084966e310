"""Serving pages only while they are public (the site's side of `alliances.visibility`)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control


def admitted_restrictions(page, request) -> set[int]:
    """The view restrictions (on the page or above) this request has passed: Wagtail's
    own gate (password form, login) runs before `serve` and lets only such requests on."""
    return {
        restriction.pk
        for restriction in page.get_view_restrictions()
        if restriction.accept_request(request)
    }


class PublicOnlyMixin:
    """For page models: anonymous visitors get the site's 404 for a page that is not
    public now; an editor (who reaches it by the admin's "view live") is told why.
    Previews are served by `serve_preview` and stay untouched."""

    def serve(self, request, *args, **kwargs):
        from alliances.visibility import reasons_not_public

        reasons = reasons_not_public(self, admitted=admitted_restrictions(self, request))
        if not reasons:
            return super().serve(request, *args, **kwargs)
        if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
            response = TemplateResponse(
                request, "alliances/not_public.html", {"page": self, "reasons": reasons}, status=404
            )
            patch_cache_control(response, private=True, no_store=True)
            return response
        raise Http404
