"""Absolute links follow the origin the product is served on (one setting)."""

import io
import subprocess
from unittest import mock

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
    """Every step links to the port served: the migration's first open data and the demo
    data too, not only the server (before, `seed_demo` pointed the site at :8000)."""
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607 (make from PATH, our Makefile)
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    steps = [line for line in dry.splitlines() if "manage.py" in line]
    for step in ("migrate", "seed_demo", "serve 127.0.0.1:8101"):
        (line,) = [line for line in steps if f"manage.py {step}" in line]
        assert line.startswith("WAGTAILADMIN_BASE_URL=http://127.0.0.1:8101 "), line


@pytest.mark.parametrize(
    ("addrport", "origin"),
    [
        ("127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("8765", "http://127.0.0.1:8765"),
        ("0.0.0.0:8765", "http://127.0.0.1:8765"),
        ("localhost:8765", "http://localhost:8765"),
    ],
)
def test_serve_without_the_setting_links_to_the_address_it_serves(
    addrport, origin, settings, monkeypatch
):
    """`manage.py serve 127.0.0.1:8765` alone linked to :8000 (the setting's default)."""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    worker = mock.Mock()
    with (
        mock.patch("cms.management.commands.serve.subprocess.Popen", return_value=worker) as popen,
        mock.patch("cms.management.commands.serve.call_command") as runserver,
    ):
        call_command("serve", addrport)
    runserver.assert_called_once_with("runserver", addrport, use_reloader=False)
    assert origin == settings.WAGTAILADMIN_BASE_URL
    assert popen.call_args.kwargs["env"]["WAGTAILADMIN_BASE_URL"] == origin  # the worker
    assert Site.objects.get(is_default_site=True).root_url == origin


def test_serve_keeps_a_setting_that_is_given(settings, monkeypatch):
    """Behind a proxy the links name the proxy's origin, not the port served."""
    settings.WAGTAILADMIN_BASE_URL = "https://allianzen.example.org"
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "https://allianzen.example.org")
    with (
        mock.patch("cms.management.commands.serve.subprocess.Popen") as popen,
        mock.patch("cms.management.commands.serve.call_command"),
    ):
        call_command("serve", "127.0.0.1:8765")
    assert popen.call_args.kwargs["env"]["WAGTAILADMIN_BASE_URL"] == (
        "https://allianzen.example.org"
    )
    assert Site.objects.get(is_default_site=True).root_url == "https://allianzen.example.org"


def test_cards_and_open_data_follow_a_new_port(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    """The read model renders cards ahead of time with the site's page URLs: a new origin
    (`make run PORT=…` after another port) renders them anew, and the open data follows at
    the minute job's next turn (the site's change moves the generation)."""
    from api.readmodel import services
    from api.readmodel.tasks import follow_open_data

    settings.OPEN_DATA_DIR = str(tmp_path / "open-data")
    settings.API_RESPONSE_CACHE_TIMEOUT = 600
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("sync_site_origin", stdout=io.StringIO())
    make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    services.render_pending()
    assert follow_open_data() is True
    card = client.get("/api/v1/alliances/").json()["results"][0]
    assert card["url"].startswith("http://127.0.0.1:8000/")

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sync_site_origin", stdout=io.StringIO())
    card = client.get("/api/v1/alliances/", HTTP_HOST="127.0.0.1:8765").json()["results"][0]
    assert card["url"].startswith("http://127.0.0.1:8765/"), card["url"]
    detail = client.get(card["api_url"], HTTP_HOST="127.0.0.1:8765").json()
    assert detail["url"] == card["url"]
    assert follow_open_data() is True
    written = (tmp_path / "open-data" / "alliances.json").read_text()
    assert "http://127.0.0.1:8765/" in written and ":8000" not in written


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
