"""Django's development server (through whitenoise's, which leaves static files to
Django), saying when absolute links will name another port than the one served.

Absolute links (the API's `url`, the embed, the sitemap, mails) name WAGTAILADMIN_BASE_URL
(README: Absolute links). `make run PORT=…` and `manage.py serve addr:port` make it the
address served; a plain `runserver 8101` does not, and its links pointed at :8000 without
a word. The request's host is not taken instead: page URLs are stored rendered in the read
model, by a worker without a request, and shared with webhooks and open data.
"""

import os

from django.conf import settings
from django.utils.translation import gettext as _
from whitenoise.runserver_nostatic.management.commands.runserver import (
    Command as RunserverCommand,
)

from cms.origin import origin_parse


def other_origin_notice(port: str) -> str | None:
    """The notice when links will name another port than `port` (None: they name it, or
    WAGTAILADMIN_BASE_URL is set in the environment on purpose, e.g. for a proxy)."""
    if "WAGTAILADMIN_BASE_URL" in os.environ:
        return None
    try:
        origin = origin_parse(settings.WAGTAILADMIN_BASE_URL)
    except ValueError:
        return None  # the system check cms.E001 says what is wrong
    if str(origin.port) == str(port):
        return None
    return _(
        "Absolute links (the API's url, the embed, the sitemap, mails) name "
        "%(origin)s (WAGTAILADMIN_BASE_URL), not port %(port)s served here. To have them "
        "name this port, start with “make run PORT=%(port)s” or “python manage.py serve "
        "127.0.0.1:%(port)s”."
    ) % {"origin": settings.WAGTAILADMIN_BASE_URL, "port": port}


class Command(RunserverCommand):
    def inner_run(self, *args, **options):
        if notice := other_origin_notice(self.port):
            self.stderr.write(self.style.WARNING(notice))
        super().inner_run(*args, **options)
