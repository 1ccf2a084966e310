"""Benchmark settings (`make bench`): production-like, on 127.0.0.1 without TLS.

Wagtail's API v2 and the static-bytes ceiling view are mounted here only (bench.urls),
never in production. API_CACHE_BYPASS_HEADER names a request header that makes the
partner API skip its response cache, so one server measures cached and uncached lists.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, REDIS_URL, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="bench-only-not-secret")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]

# One sync worker: without Redis its own memory is the fastest shared-nothing cache.
if not REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
        },
    }

API_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_NO_CACHE"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The load generator is one client: the partner API's throttles would answer it with 429.
API_THROTTLE_RATES = {"anonymous": "10000000/min", "partner": "10000000/min"}
