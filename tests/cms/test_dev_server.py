"""What `make run` serves (cms.settings.dev, DEBUG on, Django's development server): the
product's German error pages, not Django's technical ones, and a clear 411 for a body
sent in chunks, which that server cannot read."""

import importlib
import json
import socket

import pytest
import requests

from cms import keycheck
from tests.cms import processes

pytestmark = pytest.mark.django_db

NOT_FOUND = "Seite nicht gefunden"
TECHNICAL = "Using the URLconf"


@pytest.fixture
def dev_settings(settings, monkeypatch):
    """The middleware and DEBUG of cms.settings.dev, as `make run` reads them."""
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.delenv("DJANGO_TECHNICAL_ERRORS", raising=False)
    dev = importlib.reload(importlib.import_module("cms.settings.dev"))
    assert dev.DEBUG is True
    settings.DEBUG = dev.DEBUG
    settings.MIDDLEWARE = dev.MIDDLEWARE
    return dev


def test_a_missing_page_is_the_german_404_page_under_dev_settings(client, dev_settings):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert NOT_FOUND in response.text and TECHNICAL not in response.text
    api = client.get("/api/v1/alliances/gibt-es-nicht/")
    assert api.status_code == 404 and api.json()["status"] == 404


@pytest.mark.parametrize(
    "path", ["/static/gibt-es-nicht.css", "/favicon.ico", "/gibt.es.nicht", "/api/v1/x.json"]
)
def test_an_address_no_pattern_takes_is_the_product_404_under_dev_settings(
    client, dev_settings, path
):
    """Django answers these before any view, with its technical page when DEBUG is on."""
    response = client.get(path)
    assert response.status_code == 404
    assert TECHNICAL not in response.text
    if path.startswith("/api/"):
        assert response.json()["status"] == 404
    else:
        assert NOT_FOUND in response.text and '<html lang="de">' in response.text


def test_an_error_is_the_german_500_page_and_the_traceback_goes_to_the_log(
    client, dev_settings, monkeypatch, caplog
):
    from alliances.opendata import views

    def broken():
        raise RuntimeError("kaputt im Test")

    monkeypatch.setattr(views, "open_data_state", broken)
    client.raise_request_exception = False
    response = client.get("/open-data/")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "RuntimeError" not in response.text
    assert "Bei uns ist etwas schiefgegangen" in response.text
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged and "kaputt im Test" in str(logged[0].exc_info[1])


def test_developers_can_have_the_technical_pages_back(client, settings, monkeypatch):
    monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    monkeypatch.setenv("DJANGO_TECHNICAL_ERRORS", "true")
    dev = importlib.reload(importlib.import_module("cms.settings.dev"))
    settings.DEBUG, settings.MIDDLEWARE = dev.DEBUG, dev.MIDDLEWARE
    assert TECHNICAL in client.get("/gibt-es-nicht/").text
    monkeypatch.delenv("DJANGO_TECHNICAL_ERRORS")
    importlib.reload(dev)


def _chunked_post(port: int, path: str, body: bytes, content_type: str) -> tuple[bytes, bytes]:
    """A POST with `Transfer-Encoding: chunked`, as curl sends one; (head, body) back."""
    request = (
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\nAccept-Language: de\r\n\r\n"
        ).encode()
        + f"{len(body):x}\r\n".encode()
        + body
        + b"\r\n0\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):  # the server closes the connection
            answer += chunk
    head, _, rest = answer.partition(b"\r\n\r\n")
    return head, rest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_development_server_answers_german_pages_and_a_411_for_chunked_bodies(tmp_path):
    keycheck.publish()
    env = processes.environment(processes.database_url(tmp_path))
    del env["DJANGO_DEBUG"]  # as `make run`: DEBUG on
    port = processes.free_port()
    log = tmp_path / "runserver.log"
    server = processes.manage("runserver", "--noreload", f"127.0.0.1:{port}", env=env, log=log)
    base = f"http://127.0.0.1:{port}"
    try:
        processes.wait_for(
            lambda: _answers(f"{base}/healthz"), timeout=60, what=lambda: log.read_text()
        )
        # Also where no URL pattern matches (the site has no favicon), with the policy.
        for path in ("/gibt-es-nicht/", "/static/gibt-es-nicht.css", "/favicon.ico"):
            missing = requests.get(f"{base}{path}", timeout=30)
            assert missing.status_code == 404, path
            assert NOT_FOUND in missing.text and TECHNICAL not in missing.text, path
            assert "default-src 'self'" in missing.headers["Content-Security-Policy"], path
        assert requests.get(f"{base}/static/css/site.css", timeout=30).status_code == 200

        hand_in = {"kind": "need", "title": "Ein Bedarf", "description": "Ein Treffpunkt fehlt."}
        head, body = _chunked_post(
            port, "/api/v1/submissions/", json.dumps(hand_in).encode(), "application/json"
        )
        assert head.startswith(b"HTTP/1.1 411"), head
        assert b"Connection: close" in head
        error = json.loads(body)
        assert error["status"] == 411 and "Content-Length" in error["detail"]
        assert "errors" not in error  # not "this field is required" for every field

        head, body = _chunked_post(
            port, "/mitmachen/melden/", b"title=Ein+Bedarf", "application/x-www-form-urlencoded"
        )
        assert head.startswith(b"HTTP/1.1 411"), head
        page = body.decode()
        assert "Das Formular konnte nicht gelesen werden" in page and "<html" in page
    finally:
        processes.stop_group(server)


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=5)
    except requests.ConnectionError:
        return False
    return True


def test_runserver_on_another_port_says_which_origin_links_name(settings, monkeypatch):
    """Break test: `runserver 8101` without `make run` gave the API's `url` on :8000 (the
    Site follows WAGTAILADMIN_BASE_URL, README: Absolute links) without a word."""
    from django.core.management import get_commands

    from cms.management.commands.runserver import other_origin_notice

    assert get_commands()["runserver"] == "cms"  # ours, before whitenoise's and Django's
    monkeypatch.delenv("WAGTAILADMIN_BASE_URL", raising=False)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    notice = other_origin_notice("8101")
    assert notice.startswith("Absolute Links (die url der API, das Widget, die Sitemap, ")
    assert "http://127.0.0.1:8000" in notice and "make run PORT=8101" in notice
    assert other_origin_notice("8000") is None
    monkeypatch.setenv("WAGTAILADMIN_BASE_URL", "https://allianzen.example.org")
    assert other_origin_notice("8101") is None  # set on purpose (a proxy in front)
