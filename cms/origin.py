"""The origin absolute links use: one setting, WAGTAILADMIN_BASE_URL.

Page URLs (embed, API `url`, sitemap) come from Wagtail's default Site, mail links from
the setting itself; `site_origin_sync` makes the Site follow the setting, so both agree.
`make run PORT=…` sets it to the port served; production sets it to its canonical origin
and runs `manage.py sync_site_origin` after deploying.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_origin_sync() -> Site | None:
    """Point the default Site at WAGTAILADMIN_BASE_URL; return it (None: no default site)."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    hostname = base.hostname or "localhost"
    port = base.port or (443 if base.scheme == "https" else 80)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # save(), not update(): Wagtail clears its cached site root paths
    return site
