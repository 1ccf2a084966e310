"""What `make run` serves (cms.settings.dev, DEBUG on): the product's German error pages,
not Django's technical ones."""

import importlib

import pytest

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
