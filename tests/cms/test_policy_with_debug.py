"""Under `make run` (cms.settings.dev: DEBUG on, the product's error pages) every answer
of the site, the embed and the APIs carries the Content-Security-Policy, errors included:
django-csp leaves a 404 and a 500 bare when DEBUG is on, for Django's technical pages,
which the product does not show there. Where a developer asks for those pages
(DJANGO_TECHNICAL_ERRORS), they keep a policy that allows their inline style."""

import importlib

import pytest
from django.test import Client

from alliances.stages import AllianceStage
from tests.api.handins.test_closed_alliances import alliance_in, api_sign_up, site_sign_up
from tests.cms.test_dev_server import TECHNICAL, dev_settings  # noqa: F401 (a fixture)
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches", "dev_settings")]

SITE_POLICY = "default-src 'self'"
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
PARTNER = "https://verein.example.org"


@pytest.fixture(autouse=True)
def partners(settings):
    settings.EMBED_FRAME_ANCESTORS = [PARTNER]


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def _chunked(client, path, content_type):
    return client.generic(
        "POST",
        path,
        b"",
        content_type=content_type,
        HTTP_TRANSFER_ENCODING="chunked",
        CONTENT_LENGTH="",
    )


def _broken(monkeypatch):
    """A 500 in each room: a view's helper fails."""
    from alliances.opendata import views as open_data
    from api import impact
    from api.embed import views as embed

    def fail(*args, **kwargs):
        raise RuntimeError("kaputt im Test")

    monkeypatch.setattr(open_data, "open_data_state", fail)
    monkeypatch.setattr(embed, "embed_alliances", fail)
    monkeypatch.setattr(impact.ImpactView, "get", fail)


def _answers(client, settings, monkeypatch) -> list[tuple[str, int, object]]:
    """(room, status, response) for each error status each room can give."""
    closed = alliance_in(AllianceStage.PAUSED)
    settings.HANDIN_THROTTLE_RATE = "1/hour"
    csrf = Client(enforce_csrf_checks=True, raise_request_exception=False)
    csrf.force_login(make_user("rosa.runner", runs=True))  # a session without its token
    transitions = f"/workflow-api/v1/pages/{make_ticket().pk}/transitions/"
    found = [
        ("site", 400, client.get("/allianzen/?q=%00")),
        ("site", 403, csrf.post("/mitmachen/melden/", {"title": "x"})),
        ("site", 404, client.get("/gibt-es-nicht/")),
        ("site", 404, client.get("/favicon.ico")),
        ("site", 404, client.get("/static/gibt-es-nicht.css")),
        ("site", 405, client.post("/open-data/")),
        ("site", 410, site_sign_up(client, closed)),
        ("site", 411, _chunked(client, "/mitmachen/melden/", "application/x-www-form-urlencoded")),
        ("api", 400, client.get("/api/v1/alliances/?gibtsnicht=1")),
        ("api", 403, csrf.post(transitions, {}, content_type="application/json")),
        ("api", 404, client.get("/api/v1/alliances/gibt-es-nicht/")),
        ("api", 404, client.get("/api/v1/gibt.es.nicht")),
        ("api", 405, client.delete("/api/v1/alliances/")),
        ("api", 410, api_sign_up(client, closed)),
        ("api", 411, _chunked(client, "/api/v1/submissions/", "application/json")),
        ("api", 412, client.get("/api/v1/alliances/", HTTP_IF_MATCH='"anderes"')),
        ("api", 413, client.post("/api/v1/submissions/", "x" * 70_000, "application/json")),
        ("embed", 400, client.get("/embed/alliances/?district=atlantis")),
        ("embed", 404, client.get("/embed/gibt-es-nicht/")),
        ("embed", 405, client.post("/embed/alliances/")),
        ("site", 412, client.get("/allianzen/", HTTP_IF_MATCH='"anderes"')),
        ("embed", 412, client.get("/embed/alliances/", HTTP_IF_MATCH='"anderes"')),
    ]
    # The hand-in limit, shared by the site's forms and the API: one each, then 429.
    open_alliance = alliance_in(AllianceStage.ACTIVE)
    assert site_sign_up(client, open_alliance).status_code == 302
    found.append(("site", 429, site_sign_up(client, open_alliance)))
    found.append(("api", 429, api_sign_up(client, open_alliance, "greta@privat.example.org")))
    _broken(monkeypatch)
    found += [
        ("site", 500, client.get("/open-data/")),
        ("api", 500, client.get("/api/v1/impact/")),
        ("embed", 500, client.get("/embed/alliances/")),
    ]
    return found


def test_every_error_of_every_room_carries_the_policy_with_debug_on(client, settings, monkeypatch):
    assert settings.DEBUG
    answers = _answers(client, settings, monkeypatch)
    statuses = {
        room: {status for r, status, _ in answers if r == room} for room in ("site", "api", "embed")
    }
    assert statuses["site"] == {400, 403, 404, 405, 410, 411, 412, 429, 500}
    assert statuses["api"] == {400, 403, 404, 405, 410, 411, 412, 413, 429, 500}
    assert statuses["embed"] == {400, 404, 405, 412, 500}
    for room, status, response in answers:
        assert response.status_code == status, (room, status, response.content[:300])
        assert TECHNICAL not in response.content.decode(), (room, status)
        policy = response.get("Content-Security-Policy", "")
        if room == "api":
            assert policy == DATA_POLICY, (room, status)
        else:
            assert SITE_POLICY in policy, (room, status)
            assert "unsafe-inline" not in policy, (room, status)
        if room == "embed":
            assert f"frame-ancestors {PARTNER}" in policy, status


def test_the_technical_pages_a_developer_asks_for_keep_a_policy(client, settings, monkeypatch):
    monkeypatch.setenv("DJANGO_TECHNICAL_ERRORS", "true")
    dev = importlib.reload(importlib.import_module("cms.settings.dev"))
    settings.MIDDLEWARE, settings.TECHNICAL_ERROR_PAGES = dev.MIDDLEWARE, dev.TECHNICAL_ERROR_PAGES
    try:
        response = client.get("/gibt-es-nicht/")
        assert response.status_code == 404 and TECHNICAL in response.text
        policy = response["Content-Security-Policy"]
        assert SITE_POLICY in policy and "style-src 'self' 'unsafe-inline'" in policy
    finally:
        monkeypatch.delenv("DJANGO_TECHNICAL_ERRORS")
        importlib.reload(dev)
