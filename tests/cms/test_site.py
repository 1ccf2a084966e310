import pytest
from django.db import connection
from django.db.utils import OperationalError
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_queue(client):
    from cms.health import heartbeat

    heartbeat()  # a worker ran (tests/cms/test_operations.py covers the rest)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["queue"]["state"] in {"ok", "no_worker"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_home_page_is_german_and_secure(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="de">' in response.text
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/alliances/", "/api/v1/keine-route/", "/api/v1/schema/"]
)
def test_api_data_may_load_nothing_and_be_framed_by_nobody(client, path):
    """OWASP REST Security Cheat Sheet: an API's answers get the strictest policy."""
    response = client.get(path)
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_api_not_modified_answer_has_the_data_policy(client):
    etag = client.get("/api/v1/alliances/")["ETag"]
    response = client.get("/api/v1/alliances/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"


def test_api_documentation_page_keeps_the_site_policy(client):
    policy = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy


def test_admin_allows_its_own_inline_scripts_and_preview_frame(admin_client):
    policy = admin_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


def test_admin_login_in_german(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Anmelden" in response.text


def test_site_and_admin_speak_german_whatever_the_browser_says(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Anmelden" in response.text
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Zum Inhalt springen" in response.text


def test_admin_follows_a_users_own_language_choice(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = admin_client.get("/admin/")
    assert 'lang="en"' in response.text


def test_admin_makes_no_third_party_requests(admin_client):
    response = admin_client.get("/admin/")
    assert "gravatar.com" not in response.text


def test_only_the_api_varies_by_accept_language(client):
    """The site is German whatever the browser asks, so a shared cache needs one copy."""
    site = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" not in site.get("Vary", "")
    assert site["Content-Language"] == "de"
    api = client.get("/api/v1/alliances/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Accept-Language" in api["Vary"]
    assert api["Content-Language"] == "en"
