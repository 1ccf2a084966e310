"""Partner API keys: `Authorization: Api-Key <key>` or `X-Api-Key: <key>`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import PartnerAPIKey

KEYWORD = "Api-Key"


def key_from_request(request) -> str | None:
    keyword, _sep, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if keyword.lower() == KEYWORD.lower() and key.strip():
        return key.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """No key: anonymous (public reads). A valid key: `request.auth` is the partner's key."""

    def authenticate(self, request):
        key = key_from_request(request)
        if key is None:
            return None
        prefix = key.partition(".")[0]
        api_key = (
            PartnerAPIKey.objects.select_related("partner")
            .filter(prefix=prefix, revoked=False, partner__is_active=True)
            .first()
        )
        if api_key is None or api_key.has_expired or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed(_("This API key is not valid (any more)."))
        return (None, api_key)

    def authenticate_header(self, request):
        return KEYWORD
