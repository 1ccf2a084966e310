"""CORS for /api/v1/: reads from anywhere, writes only from a partner's allowed origins."""

from rest_framework.permissions import SAFE_METHODS

from api.models import Partner


def is_read(request) -> bool:
    if request.method == "OPTIONS":  # a preflight names the method it prepares
        method = request.headers.get("Access-Control-Request-Method", "GET").upper()
        return method in SAFE_METHODS
    return request.method in SAFE_METHODS


def allow_api_cors(sender, request, **kwargs) -> bool:
    """Receiver of corsheaders' `check_request_enabled` (connected in ApiConfig.ready)."""
    if not request.path.startswith("/api/v1/"):
        return False
    if is_read(request):
        return True
    origin = request.headers.get("Origin", "").rstrip("/")
    partners = Partner.objects.filter(is_active=True, allowed_origins__contains=origin)
    return any(partner.allows_origin(origin) for partner in partners)
