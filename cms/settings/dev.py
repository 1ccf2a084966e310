from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Development only: a fixed key so that `make run` works out of the box.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Whoever tries the product under `make run` sees its German 404 and 500 pages, not Django's
# technical ones (a traceback still goes to the console); DJANGO_TECHNICAL_ERRORS=true
# shows Django's pages again.
TECHNICAL_ERROR_PAGES = DEBUG and env.bool("DJANGO_TECHNICAL_ERRORS", default=False)
if DEBUG and not TECHNICAL_ERROR_PAGES:
    MIDDLEWARE = [*MIDDLEWARE, "cms.middleware.ProductErrorPagesMiddleware"]
