"""Who may write through the API: a partner key, sent from one of the partner's origins."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.throttling import partner_key


class PartnerKeyFromAllowedOrigin(BasePermission):
    """Reads are open; writes need a valid key and an `Origin` the partner registered.

    Server-to-server callers send their registered origin in the `Origin` header too.
    """

    message = _("Writing needs a partner API key, sent from one of the partner's allowed origins.")

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        key = partner_key(request)
        return key is not None and key.partner.allows_origin(request.headers.get("Origin"))
