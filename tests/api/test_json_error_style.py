"""Every JSON error body is written in the style of the views' own answers: compact UTF-8
(“ü”, not “\\u00fc”), and with the `Allow` of the address where a view takes it, also
when a middleware, Django's handler or a cached read answers before the view."""

import pytest

from alliances.models import AlliancePage
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def _assert_style(response, umlaut=True):
    text = response.content.decode()
    assert response["Content-Type"] == "application/json", text
    head = text.split('"detail"')[0]  # status and title, before any sentence
    assert "\\u" not in text and ": " not in head and ", " not in head
    assert not umlaut or "ü" in text or "ä" in text or "ö" in text or "ß" in text, text


def test_a_refused_nul_is_compact_utf8_with_the_views_allow(client):
    allow = client.get("/api/v1/alliances/")["Allow"]
    response = client.get("/api/v1/alliances/?q=%00")
    assert response.status_code == 400
    _assert_style(response)
    assert response["Allow"] == allow


def test_an_unknown_api_address_is_compact_utf8(client):
    for path in ["/api/nope", "/api/v1/nirgends/", "/workflow-api/v1/nirgends/"]:
        response = client.get(path)
        assert response.status_code == 404, path
        _assert_style(response, umlaut=False)


def test_a_cached_reads_412_is_compact_utf8_with_the_views_allow(client):
    make_public(AlliancePage, title="Lesepaten")
    allow = client.get("/api/v1/alliances/")["Allow"]
    response = client.get("/api/v1/alliances/", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 412
    _assert_style(response)
    assert response["Allow"] == allow
