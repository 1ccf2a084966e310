"""The origin absolute links use: one setting, WAGTAILADMIN_BASE_URL.

Page URLs (embed, API `url`, sitemap) come from Wagtail's default Site, mail links from
the setting itself; `site_origin_sync` makes the Site follow the setting, so both agree.
`make run PORT=…` sets it to the port served; production sets it to its canonical origin
and runs `manage.py sync_site_origin` after deploying. A value that is not an origin is
refused by the system check `cms.E001` (every `manage.py` command) and by the sync.
"""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _
from wagtail.models import Site


class Origin(NamedTuple):
    scheme: str
    hostname: str
    port: int


def origin_parse(value: str) -> Origin:
    """`http(s)://host[:port]` (RFC 6454's origin; a trailing "/" allowed) → its parts.

    Raises ValueError with a German sentence naming what is wrong: another scheme, no
    host, a port that is not 1–65535, or a path, query, fragment or user name.
    """
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:  # "http://host:abc", "http://[::1"
        raise ValueError(
            _("“%(value)s” is not an address: the host or port cannot be read.") % {"value": value}
        ) from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(_("“%(value)s” must begin with http:// or https://.") % {"value": value})
    if not parts.hostname:
        raise ValueError(_("“%(value)s” names no host.") % {"value": value})
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(
            _("“%(value)s” must be an origin only (scheme, host, port), without a path.")
            % {"value": value}
        )
    if port == 0:
        raise ValueError(_("“%(value)s” names port 0.") % {"value": value})
    return Origin(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80))


@checks.register(checks.Tags.urls)
def check_base_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """cms.E001: WAGTAILADMIN_BASE_URL is not an origin (every absolute link would be wrong)."""
    try:
        origin_parse(settings.WAGTAILADMIN_BASE_URL)
    except ValueError as error:
        return [
            checks.Error(
                str(error),
                hint=_("Set WAGTAILADMIN_BASE_URL, e.g. https://allianzen.arnsberg.de"),
                id="cms.E001",
            )
        ]
    return []


def site_origin_sync() -> Site | None:
    """Point the default Site at WAGTAILADMIN_BASE_URL; return it (None: no default site).

    Raises ValueError (German) when the setting is not an origin: the Site stays as it was.
    """
    origin = origin_parse(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (origin.hostname, origin.port):
        site.hostname, site.port = origin.hostname, origin.port
        site.save()  # save(), not update(): Wagtail clears its cached site root paths
    return site


def request_origin(request) -> str:
    """`scheme://host` of `request`, for absolute links and cache keys. Django checks the
    host against ALLOWED_HOSTS on every `get_host()`; the answer is kept on the request."""
    try:
        return request.origin_of_request
    except AttributeError:
        request.origin_of_request = origin = f"{request.scheme}://{request.get_host()}"
        return origin
