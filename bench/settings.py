"""Settings of `make bench`: the product's production settings, and beside the product two
things to compare it with (bench.urls): Wagtail's API v2 and a static-bytes ceiling.

Nothing else differs from production: the same cache (the database cache, or Redis when
REDIS_URL is set), middleware and throttles. bench/run.py only sets what production reads
from the environment (a random secret key, 127.0.0.1 as the host, a throttle rate one load
generator does not exhaust) and sends `X-Forwarded-Proto: https` as a TLS proxy would.
"""

from cms.settings.production import *  # noqa: F403
from cms.settings.production import INSTALLED_APPS

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.api.v2"]
