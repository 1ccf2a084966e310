from django.core.checks.security.base import _check_secret_key
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # required: no default in production
if not _check_secret_key(SECRET_KEY):
    # Django's own deploy check (security.W009) only warns; a guessable key signs sessions,
    # password resets and confirmation links.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is weak: use at least 50 characters, 5 of them different, not "
        "prefixed 'django-insecure-' (e.g. python -c 'from django.core.management.utils "
        "import get_random_secret_key; print(get_random_secret_key())')."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Partner integration: webhook receivers are called over HTTPS only.
WEBHOOK_REQUIRE_HTTPS = True
