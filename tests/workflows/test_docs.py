"""The workflow API's documentation page (issue 15, point 8): for those who may use the API,
every operation of its schema, German with the English beside it. (In a browser with axe:
tests/browser/test_api_docs.py.)"""

import html
import re

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

OPERATION = re.compile(
    r'<section class="operation" id="[^"]+" data-method="(\w+)" data-path="([^"]+)"'
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    for cache in caches.all():
        cache.clear()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get("/workflow-api/v1/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/workflow-api/v1/docs/")


def test_without_the_permission_403(bystander_client):
    assert bystander_client.get("/workflow-api/v1/docs/").status_code == 403


def test_every_operation_of_the_schema_is_on_the_page(runner_client):
    schema = runner_client.get("/workflow-api/v1/schema/", {"format": "json"}).json()
    expected = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }
    page = runner_client.get("/workflow-api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    shown = {(method, html.unescape(path)) for method, path in OPERATION.findall(page.text)}
    assert (
        shown
        == expected
        == {
            ("GET", "/workflow-api/v1/pages/{page_id}/transitions/"),
            ("POST", "/workflow-api/v1/pages/{page_id}/transitions/"),
        }
    )
    text = page.text
    assert '<html lang="de">' in text
    assert "Einen Schritt ausführen" in text
    assert '<p class="en" lang="en">Run one step</p>' in text
    assert "Diese Person darf keine Schritte ausführen" in text  # 403, in German
    assert "Der Schritt ist noch nicht möglich; <code>reasons</code> sagt, warum." in text
