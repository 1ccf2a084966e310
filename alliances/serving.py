"""Serving pages only while they are public (the site's side of `alliances.visibility`)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from alliances.visibility import reasons_not_public


class PublicOnlyMixin:
    """For page models: anonymous visitors get the site's 404 for a page that is not
    public now (a view restriction included: no password form that names the page);
    an editor (who reaches it by the admin's "view live") is told why. Previews are
    served by `serve_preview` and stay untouched."""

    def serve(self, request, *args, **kwargs):
        return self.not_public_response(request) or super().serve(request, *args, **kwargs)

    def not_public_response(self, request):
        """None when the page is public now; else the editor's explanation (a 404).

        Raises Http404 for everyone else."""
        reasons = reasons_not_public(self)
        if not reasons:
            return None
        if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
            response = TemplateResponse(
                request, "alliances/not_public.html", {"page": self, "reasons": reasons}, status=404
            )
            patch_cache_control(response, private=True, no_store=True)
            return response
        raise Http404
