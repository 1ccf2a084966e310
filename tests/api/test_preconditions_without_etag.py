"""Answers without an ETag, in every room (the API's root, impact, schema and docs; the
embed; open data; the site): If-None-Match `*` matches the representation that exists, so
a GET or HEAD is a 304 (RFC 9110 13.1.2), while a 404 stays a 404; If-Match naming tags
is a 412 (13.1.1) that says there is no ETag, in the shape of the room (an HTML page
answers HTML), and keeps the `Allow` of the 200."""

import pytest

from alliances.models import AlliancePage
from cms import health
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

API = ["/api/v1/", "/api/v1/impact/", "/api/v1/schema/"]
DOCS = "/api/v1/docs/"
EMBED_PAGE = "/embed/alliances/"
# Not pages: their 412 is a comment in their own type, which a page that loads them ignores.
COMMENTED = {
    "/embed/alliances.js": "text/javascript",
    "/embed/frame.js": "text/javascript",
    "/embed/theme.css": "text/css",
}
EMBED = [EMBED_PAGE, *COMMENTED]
# JSON outside the APIs: its 412 is JSON too.
JSON_ELSEWHERE = ["/healthz"]
SITE = ["/", "/allianzen/", "/open-data/"]
WITHOUT_ETAG = [*API, DOCS, *EMBED, *SITE, *JSON_ELSEWHERE]
MISSING = ["/api/v1/alliances/nirgends/", "/api/v1/nirgends/", "/embed/nirgends/", "/nirgends/"]
NO_ETAG = (
    "Die Antwort unter dieser Adresse hat kein Entity-Tag (ETag). Deshalb kann keines der in "
    "„If-Match“ genannten übereinstimmen, nur „*“."
)
PARTNER = "https://verein.example.org"


@pytest.fixture(autouse=True)
def content(settings, monkeypatch):
    monkeypatch.setattr(health, "running_clusters", lambda: 1)  # /healthz: a worker runs
    health.heartbeat()
    settings.EMBED_FRAME_ANCESTORS = [PARTNER]
    make_public(AlliancePage, title="Lesepaten")


def test_if_none_match_star_is_a_304_wherever_a_representation_exists(client):
    for path in WITHOUT_ETAG:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert not answer.has_header("ETag"), path
        for method in (client.get, client.head):
            for header in ["*", '"abc", *']:
                response = method(path, HTTP_IF_NONE_MATCH=header)
                assert response.status_code == 304, (path, method, header)
                assert response.content == b"", path
                for name in ("Cache-Control", "Vary"):
                    assert response.get(name) == answer.get(name), (path, name)
        # A tag is not `*`: without an ETag nothing else matches.
        assert client.get(path, HTTP_IF_NONE_MATCH='"abc"').status_code == 200, path


def test_if_none_match_star_on_the_apis_cached_reads_is_a_304_too(client):
    for path in ["/api/v1/alliances/", "/api/v1/alliances/lesepaten/", "/api/v1/districts/"]:
        assert client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 304, path


def test_if_none_match_star_where_nothing_exists_keeps_the_404(client):
    for path in MISSING:
        assert client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 404, path


def test_if_match_naming_tags_is_a_412_in_the_shape_of_each_room(client):
    for path in WITHOUT_ETAG:
        answer = client.get(path)
        response = client.get(path, HTTP_IF_MATCH='"abc"')
        assert response.status_code == 412, path
        assert response.get("Allow") == answer.get("Allow"), path
        if path in API or path in JSON_ELSEWHERE:
            assert response["Content-Type"] == "application/json", path
            assert response.json()["detail"] == NO_ETAG
            assert "\\u" not in response.content.decode(), path  # UTF-8 as the views write
            continue
        if path in COMMENTED:
            assert response["Content-Type"].split(";")[0] == COMMENTED[path], path
            text = response.content.decode()
            assert text.startswith("/* Vorbedingung nicht erfüllt: ") and text.endswith("*/\n")
            assert NO_ETAG in text, path
            continue
        assert response["Content-Type"].startswith("text/html"), path
        html = response.content.decode()
        assert '<html lang="de">' in html and "Vorbedingung nicht erfüllt" in html, path
        assert "kein Entity-Tag (ETag)" in html, path
        if path in EMBED:
            assert f"frame-ancestors {PARTNER}" in response["Content-Security-Policy"]
            assert "<nav" not in html
        assert client.get(path, HTTP_IF_MATCH="*").status_code == 200, path


def test_the_412_keeps_the_allow_header_of_the_200(client):
    for path in API:
        allow = client.get(path)["Allow"]
        assert allow, path
        assert client.get(path, HTTP_IF_MATCH='"abc"')["Allow"] == allow, path
        assert client.head(path, HTTP_IF_MATCH='"abc"')["Allow"] == allow, path


def test_the_english_412_says_there_is_no_etag(client):
    response = client.get("/api/v1/", HTTP_IF_MATCH='"abc"', HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == (
        "The answer at this address has no entity tag (ETag), so none of those in “If-Match” "
        "can match; only “*” does."
    )
