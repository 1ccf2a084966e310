"""Absolute links follow the origin the product is served on (one setting)."""

import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
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
