"""Absolute links follow the origin the product is served on (one setting)."""

import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Site

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from cms.origin import check_base_url
from tests.factories import make_page
from workflows.notifications import _admin_url

pytestmark = pytest.mark.django_db

ORIGIN = "http://127.0.0.1:8101"


@override_settings(WAGTAILADMIN_BASE_URL=ORIGIN)
def test_links_in_api_embed_and_mails_follow_the_setting(client):
    call_command("sync_site_origin")
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    api = client.get("/api/v1/alliances/", HTTP_HOST="127.0.0.1:8101").json()
    urls = [row["url"] for row in api["results"]]
    assert urls and all(url.startswith(f"{ORIGIN}/") for url in urls), urls
    embed = client.get("/embed/alliances/", HTTP_HOST="127.0.0.1:8101").content.decode()
    assert f'href="{ORIGIN}/' in embed
    assert _admin_url(alliance).startswith(f"{ORIGIN}/admin/")


def test_make_run_serves_and_links_on_the_same_port():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607 (make from PATH, our Makefile)
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "WAGTAILADMIN_BASE_URL=http://127.0.0.1:8101" in dry
    assert "serve 127.0.0.1:8101" in dry


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("notaurl", "http://"),
        ("", "http://"),
        ("ftp://example.org", "http://"),
        ("http://host:abc", "Port"),
        ("http://[::1", "Port"),
        ("https://example.org/allianzen", "Pfad"),
        ("http://example.org:0", "Port 0"),
        ("http://:8000", "Host"),
    ],
    ids=["no-scheme", "empty", "ftp", "port-letters", "broken-ipv6", "path", "port-0", "no-host"],
)
def test_an_address_that_is_no_origin_is_refused_and_the_site_stays(value, says):
    site = Site.objects.get(is_default_site=True)
    before = (site.hostname, site.port)
    with override_settings(WAGTAILADMIN_BASE_URL=value):
        errors = [e for e in check_base_url() if e.id == "cms.E001"]
        with pytest.raises(CommandError, match=says):
            call_command("sync_site_origin")
    assert len(errors) == 1 and says in errors[0].msg
    site.refresh_from_db()
    assert (site.hostname, site.port) == before


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://allianzen.arnsberg.de/", ("allianzen.arnsberg.de", 443)),
        ("http://[::1]:8101", ("::1", 8101)),
        ("http://127.0.0.1", ("127.0.0.1", 80)),
    ],
    ids=["https-slash", "ipv6-port", "default-port"],
)
def test_an_origin_is_taken(value, expected):
    with override_settings(WAGTAILADMIN_BASE_URL=value):
        assert check_base_url() == []
        site = call_command("sync_site_origin") or Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == expected
