"""The authority on "public now": agrees with `publicly_visible()`, says why, and the site,
rich-text links and sanitizing follow it."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText, expand_db_html

from alliances.models import (
    PROGRAMME_MODELS,
    AllianceIndexPage,
    AlliancePage,
    NeedPage,
    OpportunityPage,
    ServicePage,
)
from alliances.visibility import is_public_now, public_ids, reasons_not_public
from cms.richtext import clean_html
from tests.factories import UserFactory, make_page
from tests.factories.api import PUBLIC_STAGE, make_public, set_stage

pytestmark = pytest.mark.django_db


def _states(model):
    """(name, how to make a public page of `model` non-public) for every way there is."""
    now = timezone.now()
    queryset = model.objects.get_queryset()
    states = [
        (f"stage {stage}", {"stage": stage})
        for stage in model._meta.get_field("stage").choices
        for stage in [stage[0]]
        if stage not in queryset.public_stages and stage != "on_hold"
    ]
    if model in (NeedPage, OpportunityPage):
        states += [
            (f"on hold from {stage}", {"stage": "on_hold", "on_hold_from": stage})
            for stage, _label in model._meta.get_field("stage").choices
            if stage not in queryset.public_stages and stage != "on_hold"
        ]
    states += [
        ("not live", {"live": False}),
        ("expired", {"expire_at": now - timedelta(minutes=1)}),
        ("go-live ahead", {"go_live_at": now + timedelta(hours=1)}),
    ]
    return states


CASES = [(model, name, fields) for model in PROGRAMME_MODELS for name, fields in _states(model)]


@pytest.mark.parametrize(
    ("model", "name", "fields"), CASES, ids=[f"{m.__name__}-{n}" for m, n, _ in CASES]
)
def test_authority_agrees_with_the_queryset_and_says_why(model, name, fields):
    page = make_public(model, title="Zu pruefen")
    assert is_public_now(page)
    assert reasons_not_public(page) == []
    assert public_ids([page.pk]) == {page.pk}
    model.objects.filter(pk=page.pk).update(**fields)
    page.refresh_from_db()
    assert not is_public_now(page)
    assert not model.objects.publicly_visible().filter(pk=page.pk).exists()
    assert public_ids([page.pk]) == set()
    with translation.override("de"):
        reasons = [str(reason) for reason in reasons_not_public(page)]
    assert len(reasons) == 1
    assert any(word in reasons[0] for word in ("Stufe", "veröffentlicht", "abgelaufen", "erst"))


@pytest.mark.parametrize("kind", ["password", "login", "groups"])
@pytest.mark.parametrize("on_ancestor", [False, True], ids=["page", "ancestor"])
def test_view_restrictions(kind, on_ancestor):
    page = make_public(AlliancePage, title="Eingeschraenkt")
    target = AllianceIndexPage.objects.get() if on_ancestor else page
    PageViewRestriction.objects.create(page=target, restriction_type=kind, password="x")
    assert not is_public_now(page)
    assert not AlliancePage.objects.publicly_visible().filter(pk=page.pk).exists()
    with translation.override("de"):
        (reason,) = [str(r) for r in reasons_not_public(page)]
    assert target.title in reason if on_ancestor else "Ansicht" in reason


def test_within_a_request_restrictions_are_read_once_and_a_change_is_seen():
    """A listing asks for each of its rows; the restrictions are read once per request,
    and a restriction the same request adds or removes counts at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.request_memo import RequestMemoMiddleware

    pages = [make_public(AlliancePage, title=f"Reihe {n}") for n in range(3)]

    def view(request):
        with CaptureQueriesContext(connection) as queries:
            assert all(is_public_now(page) for page in pages)
        assert len(queries) == 1
        restriction = PageViewRestriction.objects.create(
            page=pages[0], restriction_type="password", password="x"
        )
        assert not is_public_now(pages[0]) and is_public_now(pages[1])
        restriction.delete()
        assert is_public_now(pages[0])
        return "answered"

    assert RequestMemoMiddleware(view)(None) == "answered"


def test_expiry_is_compared_when_asked():
    page = make_public(ServicePage, title="Laeuft ab")
    soon = timezone.now() + timedelta(seconds=30)
    ServicePage.objects.filter(pk=page.pk).update(expire_at=soon)
    page.refresh_from_db()
    assert is_public_now(page)
    assert not is_public_now(page, now=soon + timedelta(seconds=1))


# The site ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", PROGRAMME_MODELS)
def test_site_answers_404_for_a_non_public_page_and_editors_see_why(client, model):
    page = make_page(model, title="Nicht oeffentlich")  # live, first (non-public) stage
    response = client.get(page.url)
    assert response.status_code == 404
    assert "Nicht oeffentlich" not in response.text
    client.force_login(UserFactory(username="redakteurin", groups=["Redaktion"]))
    response = client.get(page.url)
    assert response.status_code == 404
    assert "veröffentlicht, aber nicht öffentlich sichtbar" in response.text
    assert "ist nicht öffentlich" in response.text
    assert "no-store" in response["Cache-Control"]
    assert page.make_preview_request().status_code == 200


def test_site_serves_an_expired_page_to_no_one(client):
    page = make_public(AlliancePage, title="Abgelaufen")
    assert client.get(page.url).status_code == 200
    AlliancePage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(seconds=1))
    assert client.get(page.url).status_code == 404


def test_a_restricted_page_is_a_404_not_a_password_form(client):
    page = make_public(AlliancePage, title="Mit Passwort")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    response = client.get(page.url)
    assert response.status_code == 404
    assert "Mit Passwort" not in response.text
    assert page.url not in response.text


# Rich-text links and sanitizing ------------------------------------------------------------


def test_links_to_non_public_pages_render_as_text():
    public = make_public(AlliancePage, title="Offen")
    captured = make_page(NeedPage, title="Erfasst")  # captured: not public
    restricted = make_public(AlliancePage, title="Geschuetzt")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    html = expand_db_html(
        f'<p><a linktype="page" id="{public.pk}">offen</a> '
        f'<a linktype="page" id="{captured.pk}">erfasst</a> '
        f'<a linktype="page" id="{restricted.pk}">geschuetzt</a></p>'
    )
    assert f'href="{public.url}"' in html
    assert captured.url not in html
    assert restricted.url not in html
    assert "<a>erfasst</a>" in html


def test_body_html_is_sanitized_whatever_wrote_it(client):
    page = make_public(AlliancePage, title="Mit Skript")
    raw = '<p onclick="x()">Hallo<script>alert(1)</script> <a href="javascript:evil()">x</a></p>'
    page.body = [("paragraph", RichText(raw))]
    page.save(update_fields=["body"])  # an ORM write, past the editor
    set_stage(page, PUBLIC_STAGE[AlliancePage])  # tells the read model, as a change would
    body = client.get(f"/api/v1/alliances/{page.slug}/").json()["body_html"]
    assert "Hallo" in body
    for bad in ("script", "onclick", "javascript"):
        assert bad not in body
    site = client.get(page.url).text
    assert "alert(1)" not in site
    assert "javascript:evil" not in site


def test_clean_html_keeps_what_the_editor_produces():
    html = '<h2>T</h2><p><b>a</b> <i>b</i> <a href="/x/">l</a></p><ul><li>1</li></ul>'
    assert clean_html(html) == html


# The admin ---------------------------------------------------------------------------------


def test_explorer_and_edit_view_say_live_but_not_public_and_why(kernteam_client):
    from django.urls import reverse

    page = make_page(ServicePage, title="Entwurfsleistung")  # live, stage draft
    public = make_public(AlliancePage, title="Sichtbar")
    listing = kernteam_client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert "veröffentlicht, aber nicht öffentlich sichtbar" in listing.content.decode()
    edit = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "veröffentlicht, aber nicht öffentlich sichtbar" in edit
    assert "Ihre Stufe „Entwurf“ ist nicht öffentlich." in edit
    # … and what makes it public.
    assert "in einer dieser Stufen: Definiert, Eingestellt." in edit
    edit = kernteam_client.get(
        reverse("wagtailadmin_pages:edit", args=[public.pk])
    ).content.decode()
    assert "Öffentlich sichtbar" in edit
    assert "nicht öffentlich sichtbar" not in edit
