"""Settings shared by every environment; values come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cms",
    "workflows",
    "alliances",
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "corsheaders",
    "django_q",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.GermanFirstLocaleMiddleware",
    # Outside the refusals below, so that every answer carries them (the widget's 400 for
    # a NUL character the frame-ancestors that let partners frame it).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.RejectNullCharactersMiddleware",
    # If-Match (a 412) and If-None-Match: * (a 304) on answers without an ETag (RFC 9110
    # 13.1.1, 13.1.2), everywhere: the API's cached reads judge their own.
    "api.preconditions.PreconditionsWithoutValidatorMiddleware",
    # Before anything reads the body: a body the server could not read is a 411, not empty.
    "cms.middleware.LengthRequiredMiddleware",
    "cms.request_memo.RequestMemoMiddleware",
    # Inside the locale and the policy: a 405 without a body gets the German page.
    "cms.methods.MethodNotAllowedPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which parses the body: it reads the raw bytes first.
    "cms.form_input.FormInputMiddleware",
    # Before the CSRF check: a site page asked with a method it does not take is a 405.
    "cms.methods.PageMethodMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the German lockout page.
    "axes.middleware.AxesMiddleware",
]

# Brute-force protection of the admin login (django-axes): after AXES_FAILURE_LIMIT failed
# logins for one account from one address, that pair is locked for AXES_COOLOFF_MINUTES;
# the Kernteam lifts a lock early under Einstellungen → Gesperrte Anmeldungen. The address
# is the one the API's throttles count (TRUSTED_PROXY_COUNT).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.client_address"
AXES_LOCKOUT_TEMPLATE = "cms/login_locked.html"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: a SQLite file in the project unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker share one file: WAL lets readers run beside a
    # writer, IMMEDIATE takes the write lock up front so nobody fails half-way with
    # "database is locked", and the timeout makes a writer wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's, with a health check that reads the socket instead of asking SELECT 1.
    DATABASES["default"]["ENGINE"] = "cms.postgresql"
# Keep connections between requests (opening one, with SQLite's pragmas, cost a detail of
# the API more than answering it).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "allianzen",
        },
        # Rate-limit counters (api/throttling.py): Redis culls nothing (keep its
        # maxmemory-policy at noeviction or volatile-*: the counters all expire).
        "throttle": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "allianzen",
        },
        # Wagtail's image renditions (below, without Redis: each process's memory).
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "allianzen-renditions",
        },
    }
else:
    # A database cache is shared by every process (web server and worker) without Redis;
    # Django's, with counters of one statement (cms/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.DatabaseCache",
            "LOCATION": "cache_entries",
        },
        # Rate-limit counters in a table of their own: however many responses the cache
        # above holds (and culls), they cannot push a counter out. Expired counters are
        # deleted as new ones are added (cms/cache.py).
        "throttle": {
            "BACKEND": "cms.cache.DatabaseCache",
            "LOCATION": "throttle_counters",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        },
        # Wagtail looks up image renditions in the cache "renditions" (else "default"):
        # in the database cache every image shown cost a lookup and, on a miss, a write
        # transaction. The renditions themselves are rows; each process keeps its own
        # map of them, and a stale entry names a rendition that still exists.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# django-q2: explicit limits, its defaults retry a failed task forever.
Q_CLUSTER = {
    "name": "allianzen",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TIMEOUT", default=120),
    "retry": env.int("Q_RETRY", default=180),
    "max_attempts": env.int("Q_MAX_ATTEMPTS", default=3),
    "ack_failures": True,
    "save_limit": 1000,
    "catch_up": False,
    "label": _("Tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 1

# Every periodic job of the product, in one place (cms/schedules.py syncs django-q2's
# schedules with it after each migrate). "minutes": every N minutes; "daily_at": local time.
PERIODIC_JOBS = {
    "wagtail: scheduled publishing": {"func": "cms.tasks.publish_scheduled", "minutes": 1},
    "webhooks: sweep due deliveries": {"func": "api.webhooks.tasks.deliver_due", "minutes": 1},
    # Woken after each commit; this sends what a lost wake-up or a dead worker left behind.
    "mail: send due mails": {"func": "cms.tasks.send_due_mails", "minutes": 1},
    # Normally done right after each change; this catches up after a lost task or signal.
    "read model: render what is missing": {"func": "api.readmodel.tasks.catch_up", "minutes": 5},
    # An expiry or go-live that passed: its webhook event (reads compare expiry themselves).
    "public: notice expiries and go-lives": {
        "func": "api.readmodel.tasks.notice_clock",
        "minutes": 1,
    },
    "hand-ins: delete unconfirmed sign-ups": {
        "func": "api.handins.tasks.purge_unconfirmed",
        "minutes": 60,
    },
    # At most one digest an address and calendar week, whatever runs (api/alerts).
    "alerts: weekly digest": {"func": "api.alerts.tasks.send_digests", "weekly_at": "mon 07:00"},
    "workflows: daily reminders": {"func": "workflows.tasks.send_reminders", "daily_at": "07:00"},
    # Open data follows every public change within a minute (a withdrawn page leaves it).
    "open data: follow public changes": {
        "func": "api.readmodel.tasks.follow_open_data",
        "minutes": 1,
    },
    # Privacy (DSGVO): the periods of RETENTION_DAYS (cms/retention.py).
    "privacy: retention": {"func": "cms.retention.run", "daily_at": "02:30"},
    # /healthz reads the last run of this as the worker's heartbeat.
    "health: worker heartbeat": {"func": "cms.health.heartbeat", "minutes": 1},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "cms" / "assets"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="allianzen@arnsberg.de")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Arnsberger Allianzen"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# The one slug policy (cms/slugs.py): Unicode slugs in the admin, import and hand-ins alike.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Wagtail's database backend; on SQLite ranked without a query per match (cms/search.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# One workflow concept: the Kernteam's stages. Wagtail's moderation workflow is off (README).
WAGTAIL_WORKFLOW_ENABLED = False
# Who sees the Kernteam reports (/admin/berichte/) and Wagtail's site history, which lists
# every admin action, those on persons' data included (the Kernteam group holds it).
KERNTEAM_REPORTS_PERMISSION = "alliances.view_kernteam_reports"
WAGTAILADMIN_USER_LOGIN_FORM = "cms.admin_forms.GermanLoginForm"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A CSRF failure under /api/ answers in the API's JSON error shape (api/exceptions.py).
CSRF_FAILURE_VIEW = "api.exceptions.csrf_failure"

# Open data: its periodic job writes the files here; served at /open-data/.
OPEN_DATA_DIR = env.str("OPEN_DATA_DIR", default=str(Path(str(MEDIA_ROOT)) / "open-data"))

# Django REST framework and the OpenAPI schema
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.PartnerAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["cms.parsers.JSONParser"],
    # OPTIONS: the view's name and description as its documentation gives them, translated.
    "DEFAULT_METADATA_CLASS": "cms.api_metadata.DocumentedMetadata",
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonymousThrottle",
        "api.throttling.PartnerThrottle",
    ],
    "UNAUTHENTICATED_USER": None,
    # Partner API v1: one JSON error shape (api/exceptions.py).
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
# The workflow API (workflows/api.py, /workflow-api/v1/): DRF tokens for the tools of those
# who run the workflow, and its own throttle per user (none of the partner API's settings).
INSTALLED_APPS += ["rest_framework.authtoken"]
WORKFLOW_API_THROTTLE_RATE = env.str("WORKFLOW_API_THROTTLE_RATE", default="600/min")

SPECTACULAR_SETTINGS = {
    "TITLE": "Arnsberger Allianzen API",
    "DESCRIPTION": _(
        "Public data of the Arnsberger Allianzen for partner websites, and hand-ins of "
        "needs, opportunities and sign-ups."
    ),
    "VERSION": "1.0.0",
    # 3.1: nullable references are expressed in JSON Schema, so validators agree with us.
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["api.schema.partner_api_only"],
}

# The client's address: REMOTE_ADDR, or behind this many proxies of ours (a load balancer,
# nginx) the address the outermost of them appended to X-Forwarded-For. 0: no proxy; a
# client's own X-Forwarded-For is then ignored. Used by the throttles and the login lockout.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT

# Partner API v1: throttling per address (anonymous) or per partner (with a key), and
# HTTP caching of its responses.
API_THROTTLE_RATES = {
    "anonymous": env.str("API_THROTTLE_ANONYMOUS", default="120/min"),
    "partner": env.str("API_THROTTLE_PARTNER", default="1200/min"),
}
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
API_RESPONSE_CACHE_TIMEOUT = env.int("API_RESPONSE_CACHE_TIMEOUT", default=600)
# Anonymous answers also kept in each process's memory, in bytes of bodies (0: none there;
# api/process_cache.py).
API_PROCESS_CACHE_BYTES = env.int("API_PROCESS_CACHE_BYTES", default=16 * 1024 * 1024)
# How long a read of the shared cache vouches for what a process keeps (seconds): the bound
# on a stale answer should a signal of a change be lost (cms/generation.py).
API_PROCESS_CACHE_TRUST_SECONDS = env.float("API_PROCESS_CACHE_TRUST_SECONDS", default=1.0)

# CORS: anyone may read the public API without credentials (api/cors.py); writes only
# from an origin a partner registered.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = False
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-modified-since",
    "if-none-match",
    "x-api-key",
]
CORS_EXPOSE_HEADERS = ["etag", "last-modified", "retry-after"]

# Content Security Policy (django-csp); the admin adds what Wagtail's inline scripts need.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Whether a 404 or 500 with DEBUG on is Django's technical page (cms.settings.dev,
# DJANGO_TECHNICAL_ERRORS): its policy then allows the page's inline style and script.
TECHNICAL_ERROR_PAGES = False
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview overrides it for its own frame
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Permissions-Policy (django-permissions-policy): no page of ours, nor the embed in a
# partner's site, uses a device or a powerful browser feature.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail's immediate task backend logs every search-index update at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# Partner integration: webhooks (api/webhooks). Hosts listed here skip the SSRF check
# (e.g. an intranet receiver); HTTPS is required in production.
WEBHOOK_ALLOWED_HOSTS = env.list("WEBHOOK_ALLOWED_HOSTS", default=[])
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=False)
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)

# Partner integration: embed widget (api/embed). Origins allowed to frame /embed/ pages;
# "*" allows any. The admin and the site stay unframeable.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])

# Partner integration: hand-ins (api/handins).
INTEREST_CONFIRM_DAYS = 7
# "Einladen" from the matching panel: how long an invitation's link holds, and for how
# long the same person cannot be invited to the same alliance again.
INVITATION_VALID_DAYS = 14
INVITATION_REPEAT_DAYS = 30
# Alerts (api/alerts): how long a confirmation link is valid; unconfirmed subscriptions
# are deleted after it.
ALERT_CONFIRM_DAYS = env.int("ALERT_CONFIRM_DAYS", default=7)
HANDIN_THROTTLE_RATE = env.str("HANDIN_THROTTLE_RATE", default="10/hour")
# Above the largest valid hand-in (4,614 characters of text, each at worst a 12-byte
# JSON escape: 55 KB), so a body the schema allows never meets the limit.
HANDIN_MAX_BYTES = 64 * 1024

# /healthz answers 503 past any of these (cms/health.py; the README explains them).
# How long a worker holds the outbox rows (mails, webhook deliveries) it claimed: a worker
# that dies leaves them to the others after this; each row's lease is renewed before it is
# sent, so a slow batch is never sent twice.
OUTBOX_CLAIM_SECONDS = env.int("OUTBOX_CLAIM_SECONDS", default=120)

_HEARTBEAT_SECONDS = PERIODIC_JOBS["health: worker heartbeat"]["minutes"] * 60
HEALTH_THRESHOLDS = {
    # seconds since a worker last ran the one-minute heartbeat task
    "heartbeat_age": env.int("HEALTH_HEARTBEAT_MAX_AGE", default=300),
    # seconds after the last heartbeat that no running task cluster is still fine (a worker
    # restarting); past it "no_worker" fails at once. Twice the heartbeat's period.
    "worker_grace": env.int("HEALTH_WORKER_GRACE", default=2 * _HEARTBEAT_SECONDS),
    # tasks waiting in the broker
    "queue_backlog": env.int("HEALTH_QUEUE_MAX_BACKLOG", default=500),
    # webhook deliveries and mails not yet sent
    "outbox_backlog": env.int("HEALTH_OUTBOX_MAX_BACKLOG", default=1000),
    # seconds the oldest due delivery is overdue (the sweeper runs every minute)
    "oldest_due_age": env.int("HEALTH_OLDEST_DUE_MAX_AGE", default=900),
}

# Privacy (DSGVO): retention periods in days, applied every night by the schedule
# "privacy: retention" (cms/retention.py); the README lists them.
RETENTION_DAYS = {
    "interest_unconfirmed": INTEREST_CONFIRM_DAYS,
    "interest_confirmed": env.int("RETENTION_INTEREST_CONFIRMED_DAYS", default=365),
    "handin_contact": env.int("RETENTION_HANDIN_CONTACT_DAYS", default=180),
    "form_submissions": env.int("RETENTION_FORM_SUBMISSIONS_DAYS", default=180),
    "delivery_bodies": env.int("RETENTION_DELIVERY_BODIES_DAYS", default=30),
    "mail_bodies": env.int("RETENTION_MAIL_BODIES_DAYS", default=30),
    "alerts_unconfirmed": ALERT_CONFIRM_DAYS,
    "alerts_withdrawn": env.int("RETENTION_ALERTS_WITHDRAWN_DAYS", default=365),
}
