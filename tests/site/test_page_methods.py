"""Break test: `DELETE /allianzen/` without cookies answered the CSRF 403 ("Das Formular
konnte nicht gesendet werden …"): Wagtail's pages took every method, and the CSRF check
ran first. Every page type says which methods it takes (`allowed_http_methods`), and
`cms.methods.PageMethodMiddleware` answers any other with a 405 and `Allow` before the
CSRF check; a form page still takes its POST."""

import pytest
from django.apps import apps
from django.test import Client
from wagtail.models import Page

from alliances.models import AllianceIndexPage, AlliancePage
from cms.methods import PAGE_READ_ONLY, PAGE_WITH_FORM
from tests.alliances.test_capture_form import answers, survey  # noqa: F401 (a fixture)
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def _page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and not model.__module__.startswith("tests.")  # the test app's own
    ]


def test_every_page_type_names_its_methods():
    for model in _page_models():
        assert model.allowed_http_methods is not Page.allowed_http_methods, model
        assert model.allowed_http_methods in (PAGE_READ_ONLY, PAGE_WITH_FORM), model


@pytest.mark.parametrize("method", ["delete", "put", "patch", "post", "options"])
def test_another_method_on_a_site_page_is_a_405_before_the_csrf_check(method):
    alliance = make_public(AlliancePage, title="Lesepaten")
    index = AllianceIndexPage.objects.get()
    client = Client(enforce_csrf_checks=True)
    for address in ["/", index.url, alliance.url]:
        response = getattr(client, method)(address)
        assert response.status_code == 405, (address, response.content[:200])
        assert response["Allow"] == "GET, HEAD", address
        assert client.get(address).status_code == 200, address


def test_a_form_page_takes_its_post_and_its_thanks_only_shows(client, survey):  # noqa: F811
    csrf = Client(enforce_csrf_checks=True)
    assert csrf.delete(survey.url)["Allow"] == "GET, HEAD, POST"
    response = client.post(survey.url, answers())
    assert response.status_code == 303
    thanks = csrf.delete(f"{survey.url}danke/")
    assert thanks.status_code == 405 and thanks["Allow"] == "GET, HEAD"
    # A POST without a token stays the CSRF check's answer: the form takes POSTs.
    assert csrf.post(survey.url, answers()).status_code == 403


def test_a_pages_405_has_a_short_german_body():
    """Break test: `PUT` on a site page answered 405 with an empty body."""
    alliance = make_public(AlliancePage, title="Lesepaten")
    response = Client(enforce_csrf_checks=True).put(alliance.url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    text = response.content.decode()
    assert "<h1>Methode nicht erlaubt</h1>" in text
    assert "Diese Adresse nimmt die Methode PUT nicht an; sie beantwortet GET, HEAD." in text
