"""Point 8 of issue 15: the partner API's documentation page, German with the English beside
it, from the schema itself: no endpoint missing, every text translated, and the error
examples are what the API answers. (The page in a browser: tests/site/test_api_docs_browser.py.)"""

import html
import json
import re

import pytest
from django.core.cache import caches
from django.utils import translation

from api.docs import EXAMPLE_KEY, EXAMPLE_PAGE_SIZE, EXAMPLE_WAIT_SECONDS, PartnerDocsView
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

OPERATION = re.compile(
    r'<section class="operation" id="[^"]+" data-method="(\w+)" data-path="([^"]+)"'
)
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(autouse=True)
def _fresh_caches():
    for cache in caches.all():
        cache.clear()


def schema(client, lang: str) -> dict:
    response = client.get("/api/v1/schema/", {"format": "json", "lang": lang})
    assert response.status_code == 200
    return response.json()


def operations(schema: dict) -> dict:
    return {
        (method.upper(), path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_every_path_and_method_of_the_schema_is_on_the_page(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    shown = {(method, html.unescape(path)) for method, path in OPERATION.findall(page.text)}
    assert shown == set(operations(schema(client, "de")))
    assert len(shown) >= 23


def test_the_page_is_german_with_the_english_marked_and_no_script(client):
    page = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.text
    assert '<html lang="de">' in text
    assert "<script" not in text
    assert "Allianzen auflisten" in text
    assert '<p class="en" lang="en">List the alliances</p>' in text
    assert 'href="/api/v1/schema/"' in text and 'href="/api/v1/schema/?format=json"' in text
    assert "Ergebnisse pro Seite, von 1 bis 100. Standard: 20." in text
    assert "1 bis 200 Zeichen" in text  # the limit of `q`, from the schema


def test_every_description_is_translated(client):
    """Summary, description, every parameter and every response of every operation: given,
    and in German not the English text (a missing translation would read the same)."""
    german, english = operations(schema(client, "de")), operations(schema(client, "en"))
    untranslated = []
    for key, de in german.items():
        en = english[key]
        pairs = [("summary", de.get("summary"), en.get("summary"))]
        pairs.append(("description", de.get("description"), en.get("description")))
        en_parameters = {p["name"]: p for p in en.get("parameters", [])}
        pairs += [
            (
                f"parameter {p['name']}",
                p.get("description"),
                en_parameters[p["name"]].get("description"),
            )
            for p in de.get("parameters", [])
        ]
        pairs += [
            (
                f"response {code}",
                response.get("description"),
                en["responses"][code].get("description"),
            )
            for code, response in de["responses"].items()
        ]
        untranslated += [
            (key, what) for what, de_text, en_text in pairs if not de_text or de_text == en_text
        ]
    assert untranslated == []


def test_the_error_examples_are_what_the_api_answers(client, settings):
    """Each example is produced by the API's own handler from the request the page
    describes; here the same requests, sent."""
    with translation.override("de"):
        examples = dict(PartnerDocsView().error_examples())
    german = {"HTTP_ACCEPT_LANGUAGE": "de"}
    answers = {
        "400": client.get("/api/v1/alliances/", {"page_size": EXAMPLE_PAGE_SIZE}, **german),
        "401": client.get("/api/v1/districts/", HTTP_X_API_KEY=EXAMPLE_KEY, **german),
        "404": client.get("/api/v1/alliances/gibt-es-nicht/", **german),
    }
    for code, response in answers.items():
        assert response.status_code == int(code)
        assert response.json() == examples[code], code
    settings.API_THROTTLE_RATES = {"anonymous": "1/min", "partner": "1/min"}
    client.get("/api/v1/topics/", **german)
    throttled = client.get("/api/v1/topics/", **german)
    assert throttled.status_code == 429
    seconds = str(EXAMPLE_WAIT_SECONDS)
    assert re.sub(r"\d+", seconds, json.dumps(throttled.json())) == re.sub(
        r"\d+", seconds, json.dumps(examples["429"])
    )
    page = client.get("/api/v1/docs/").text
    for body in examples.values():
        assert html.escape(json.dumps(body, ensure_ascii=False, indent=2)) in page


def test_catalogue_filters_name_the_list_that_holds_their_values(client):
    """The page is built from the schema, which describes the API and not today's rows."""
    DistrictFactory(slug="neheim", name="Neheim")
    page = client.get("/api/v1/docs/").text
    assert "Der <code>slug</code> eines Eintrags aus /api/v1/districts/." in page
    assert "neheim" not in page


def test_the_old_interactive_pages_are_gone(client):
    assert client.get("/api/v1/redoc/").status_code == 404
    assert "swagger" not in client.get("/api/v1/docs/").text.lower()
