import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHES, INSTALLED_APPS, REDIS_URL

# The workflow engine's own tests run on a test-only model (tests/workflow_testapp/).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.workflow_testapp"]
SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if REDIS_URL:
    # Parallel test workers share one Redis server. A test's cache.clear() is FLUSHDB,
    # which emptied the other worker's throttle counters and cached answers mid-test:
    # worker gwN gets database N + 1 above the one given (of Redis's 16), and its prefix.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw"):
        _url = urlsplit(REDIS_URL)
        _db = (int(_url.path.strip("/") or 0) + 1 + int(_worker[2:])) % 16
        REDIS_URL = urlunsplit(_url._replace(path=f"/{_db}"))
    for alias in CACHES:
        CACHES[alias]["LOCATION"] = REDIS_URL
        CACHES[alias]["KEY_PREFIX"] = f"test-{_worker or 'main'}"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "throttle",
        },
        "renditions": CACHES["renditions"],
    }
# Background work runs at once, inside the test.
Q_CLUSTER = {
    "name": "allianzen-test",
    "sync": True,
    "orm": "default",
    "timeout": 60,
    "retry": 120,
    "max_attempts": 1,
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Open data: never write into the project; tests point it at their own tmp_path.
OPEN_DATA_DIR = Path(tempfile.gettempdir()) / f"open-data-test-{os.getpid()}"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Partner integration: the tests' webhook receiver listens on 127.0.0.1.
WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]

# Partner API: no throttling or response cache unless a test asks for it.
API_THROTTLE_RATES = {"anonymous": "100000/min", "partner": "100000/min"}
API_RESPONSE_CACHE_TIMEOUT = 0
WORKFLOW_API_THROTTLE_RATE = "100000/min"
