"""Point 4 and 5 of the public site: navigation, duty pages, error pages, robots, sitemap."""

import re
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from alliances.demo.duty_pages import seed_duty_pages
from alliances.models import AlliancePage
from alliances.sitemap import SITEMAPS, PublicPagesSitemap
from alliances.stages import AllianceStage
from api.exceptions import server_error
from cms.models import AccessibilityStatementPage, LegalPage, ProgrammeSettings
from tests.factories import make_page
from tests.factories.api import make_public, set_stage

pytestmark = pytest.mark.django_db


def test_header_links_impact_open_data_and_join_in(client):
    html = client.get("/").text
    for href, label in [
        ("/wirkung/", "Wirkung"),
        ("/open-data/", "Offene Daten"),
        ("/mitmachen/", "Mitmachen"),
    ]:
        assert f'<a href="{href}">{label}</a>' in html


def test_footer_links_the_duty_pages_chosen_in_the_settings(client):
    seed_duty_pages()
    html = client.get("/").text
    assert '<a href="/impressum/">Impressum</a>' in html
    assert '<a href="/datenschutz/">Datenschutz</a>' in html
    assert '<a href="/barrierefreiheit/">Erklärung zur Barrierefreiheit</a>' in html
    # The duty pages are not programme sections on the home page.
    assert 'href="/impressum/">Impressum</a></h3>' not in html


def test_footer_leaves_out_an_unpublished_duty_page(client):
    seed_duty_pages()
    LegalPage.objects.get(slug="impressum").unpublish()
    html = client.get("/").text
    assert "/impressum/" not in html
    assert "/datenschutz/" in html


def test_demo_duty_pages_are_marked_as_examples_and_editable(client):
    seed_duty_pages()
    seed_duty_pages()  # idempotent
    assert LegalPage.objects.count() == 2
    imprint = client.get("/impressum/").text
    assert "Beispieltext" in imprint
    page = LegalPage.objects.get(slug="impressum")
    page.body = "<p>Stadt Arnsberg, Rathausplatz 1</p>"
    page.save_revision().publish()
    assert "Rathausplatz 1" in client.get("/impressum/").text


def test_accessibility_statement_names_feedback_contact_and_enforcement_body(client):
    seed_duty_pages()
    statement = AccessibilityStatementPage.objects.get()
    html = client.get(statement.url).text
    assert "teilweise konform" in html
    assert "mailto:barrierefreiheit@arnsberg.de" in html
    assert "Ombudsstelle für barrierefreie Informationstechnik" in html
    assert "mailto:ombudsstelle-barrierefreie-it@mags.nrw.de" in html
    assert "Durchsetzungsverfahren" in html
    assert "Beispieltext" in html
    settings = ProgrammeSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.accessibility_page_id == statement.pk


def test_unknown_address_answers_the_sites_german_404(client):
    response = client.get("/gibt-es-nicht/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert '<html lang="de">' in response.text
    assert "Seite nicht gefunden" in response.text
    assert "Arnsberger Allianzen" in response.text
    assert '<a href="/suche/">Website durchsuchen</a>' in response.text  # a way on, in German
    assert "Not Found" not in response.text


def test_non_public_alliance_answers_the_same_404(client):
    page = make_page(AlliancePage, title="Noch geheim")
    set_stage(page, AllianceStage.PROPOSED)
    response = client.get(page.url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


def test_server_error_is_a_german_branded_page():
    response = server_error(RequestFactory().get("/allianzen/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Bei uns ist etwas schiefgegangen" in html
    assert "Server Error" not in html


def test_server_error_in_a_view_renders_the_page(client, monkeypatch):
    from alliances.models import AllianceIndexPage

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(AllianceIndexPage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get("/allianzen/")
    assert response.status_code == 500
    assert "Bei uns ist etwas schiefgegangen" in response.text


def test_robots_txt_keeps_out_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /workflow-api/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_sitemap_lists_public_pages_only(client):
    seed_duty_pages()
    public = make_public(AlliancePage, title="Lesepaten")
    proposed = set_stage(make_page(AlliancePage, title="Idee"), AllianceStage.PROPOSED)
    restricted = make_public(AlliancePage, title="Intern")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    expired = make_public(AlliancePage, title="Abgelaufen")
    AlliancePage.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "<sitemapindex" in index.text
    files = re.findall(r"<loc>https?://[^/<]+(/sitemap-\w+\.xml)</loc>", index.text)
    assert files == [f"/sitemap-{name}.xml" for name in SITEMAPS]
    xml = "".join(client.get(path).text for path in files)
    assert f"<loc>http://localhost{public.url}</loc>" in xml
    for page in (proposed, restricted, expired):
        assert page.url not in xml
    assert "<loc>http://localhost/impressum/</loc>" in xml
    assert "<loc>http://localhost/allianzen/</loc>" in xml
    assert "/open-data/</loc>" in xml


def test_the_sitemap_is_an_index_of_files_of_bounded_length(client, monkeypatch):
    """Each file answers quickly whatever the number of alliances: at most PAGES_PER_FILE
    addresses, the index names every file."""
    for number in range(3):
        make_public(AlliancePage, title=f"Allianz {number}")
    monkeypatch.setattr(PublicPagesSitemap, "limit", 2)
    index = client.get("/sitemap.xml").text
    files = re.findall(r"<loc>https?://[^/<]+(/sitemap-alliances\.xml[^<]*)</loc>", index)
    pages = [re.findall(r"<loc>([^<]+)</loc>", client.get(path).text) for path in files]
    assert all(len(locations) <= 2 for locations in pages) and len(pages) == 2
    everything = [location for locations in pages for location in locations]
    assert len(everything) == len(set(everything))
    for alliance in AlliancePage.objects.all():
        assert f"http://localhost{alliance.url}" in everything
