"""Point 2: "Mitmachen" on every public alliance page and "Bedarf oder Idee melden", on the
hand-in backend of the API (double opt-in, throttle, honeypot, CSRF)."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from alliances.models import AlliancePage, ItemPage, NeedPage, OpportunityPage, Person
from alliances.stages import AllianceStage, ItemStage
from api.exceptions import csrf_failure
from api.handins.models import InterestSignup
from cms.models import OutboundMail
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    ResourceFactory,
    TopicFactory,
    make_page,
)
from tests.factories.api import set_stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


def join(client, alliance, **change):
    data = {
        "name": "Jan Jung",
        "email": "jan@privat.example.org",
        "consent": "on",
        "offer": "Samstags Zeit",
        "message": "Ich lese gern vor.",
        **change,
    }
    return client.post(f"/mitmachen/allianz/{alliance.slug}/", data)


def test_alliance_page_has_the_form_founding_date_and_a_way_back(client, alliance):
    html = client.get(alliance.url).text
    assert f'action="/mitmachen/allianz/{alliance.slug}/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<label for="id_email">Ihre E-Mail-Adresse</label>' in html
    assert "<legend><strong>Was Sie können</strong>" in html
    assert "Was Sie sonst einbringen können" in html
    assert "Wie geht es weiter?" in html
    assert "14. März 2025" in html
    assert '<a class="back-link" href="/allianzen/">Zurück zu allen Allianzen</a>' in html


def test_a_concluded_alliance_takes_no_sign_ups_on_its_page(client, alliance):
    set_stage(alliance, AllianceStage.CONCLUDED)
    assert "/mitmachen/allianz/" not in client.get(alliance.url).text


def test_sign_up_from_the_site_is_a_double_opt_in_on_the_api_backend(
    client, alliance, django_capture_on_commit_callbacks
):
    AgeGroupFactory(slug="jugendliche", name="Jugendliche")
    CompetenceFactory(slug="vorlesen", name="Vorlesen")
    ResourceFactory(slug="lastenrad", name="Lastenrad")
    with django_capture_on_commit_callbacks(execute=True):
        response = join(
            client, alliance, age_group="jugendliche", competences=["vorlesen"],
            resources=["lastenrad"],
        )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/mitmachen/allianz/{alliance.slug}/danke/"
    thanks = client.get(response["Location"]).text
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in thanks

    signup = InterestSignup.objects.get()
    assert (signup.name, signup.email, signup.age_group.slug) == (
        "Jan Jung",
        "jan@privat.example.org",
        "jugendliche",
    )
    assert signup.message == "Was ich einbringen kann: Samstags Zeit\n\nIch lese gern vor."
    assert [c.slug for c in signup.offered_competences.all()] == ["vorlesen"]
    assert [r.slug for r in signup.offered_resources.all()] == ["lastenrad"]
    assert signup.confirmed_at is None
    confirm = OutboundMail.objects.get(purpose=OutboundMail.Purpose.INTEREST_CONFIRM)
    assert confirm.to == ["jan@privat.example.org"]
    link = re.search(r"https?://[^/\s]+(/interest/confirm/\S+/)", confirm.body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(link)
    assert "ist bestätigt" in page.text
    signup.refresh_from_db()
    assert signup.confirmed_at is not None
    assert OutboundMail.objects.filter(
        purpose=OutboundMail.Purpose.INTEREST_COORDINATOR, to=["lesepaten@allianzen.example.org"]
    ).exists()
    assert len(mail.outbox) == 2


def test_errors_are_announced_and_linked_to_their_fields(client, alliance):
    response = join(client, alliance, email="kein-mail", consent="")
    assert response.status_code == 400
    html = response.text
    assert not InterestSignup.objects.exists()
    assert '<div class="error-summary" role="alert"' in html
    assert "Bitte korrigieren Sie 2 Angaben:" in html
    assert '<a href="#id_email">Ihre E-Mail-Adresse: Bitte geben Sie eine E-Mail-Adresse' in html
    assert '<a href="#id_consent">Einverständnis: Bitte' in html
    email_input = re.search(r"<input[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_helptext id_email_error"' in email_input
    assert '<p class="field-error" id="id_email_error">' in html
    assert "Bitte willigen Sie ein, dass die Allianz Ihre Angaben speichern darf" in html
    assert "<title>Fehler: " in html
    assert 'value="Jan Jung"' in html  # what was typed is kept


def test_the_honeypot_stores_nothing_and_a_person_gets_through_on_the_second_try(client, alliance):
    response = join(client, alliance, leave_empty="http://spam.example.com")
    assert response.status_code == 400
    assert not InterestSignup.objects.exists()
    html = response.text
    # A form error everyone can read, not one of a field nobody sees; the value is gone.
    assert "Das Formular wurde nicht gesendet" in html
    assert "Bitte prüfen Sie Ihre Angaben und senden Sie es noch einmal" in html
    assert "spam.example.com" not in html
    honeypot = re.search(r'<input[^>]*name="leave_empty"[^>]*>', html).group(0)
    assert "value=" not in honeypot and 'autocomplete="off"' in honeypot
    assert 'name="website"' not in html  # a name browsers fill in
    assert join(client, alliance, leave_empty="").status_code == 302
    assert InterestSignup.objects.count() == 1


def test_csrf_is_required_and_its_failure_is_a_german_page_of_the_site(alliance):
    client = Client(enforce_csrf_checks=True)
    response = join(client, alliance)
    assert response.status_code == 403
    assert not InterestSignup.objects.exists()
    html = response.text
    assert '<html lang="de">' in html and "<title>Das Formular konnte nicht gesendet werden" in html
    assert "Cookies" in html and "Forbidden" not in html
    assert f'href="/mitmachen/allianz/{alliance.slug}/"' in html  # back to the form
    elsewhere = csrf_failure(RequestFactory().post("//evil.example/x/"))
    assert elsewhere.status_code == 403 and b"evil.example" not in elsewhere.content


def test_the_site_and_the_api_share_one_throttle(client, alliance, settings):
    settings.HANDIN_THROTTLE_RATE = "2/hour"
    api = client.post(
        f"/api/v1/alliances/{alliance.slug}/interest/",
        {"name": "A", "email": "a@example.org", "consent": True},
        content_type="application/json",
    )
    assert api.status_code == 202
    assert join(client, alliance).status_code == 302
    limited = join(client, alliance, name="Greta Groß", message="Ich fahre den Bus.")
    assert limited.status_code == 429
    assert "zu viele Formulare gesendet" in limited.text
    assert int(limited["Retry-After"]) > 0
    # An hour's wait in words, not in seconds.
    assert "Bitte senden Sie das Formular in etwa 60 Minuten noch einmal" in limited.text
    # The form again, with everything typed kept.
    assert 'value="Greta Groß"' in limited.text and "Ich fahre den Bus." in limited.text
    assert InterestSignup.objects.count() == 2


@pytest.mark.parametrize("form", ["join", "report"])
def test_a_form_with_mistakes_counts_nothing_against_the_limit(client, alliance, settings, form):
    settings.HANDIN_THROTTLE_RATE = "1/hour"
    url = f"/mitmachen/allianz/{alliance.slug}/" if form == "join" else "/mitmachen/melden/"
    for _ in range(5):  # a citizen correcting mistakes is not locked out
        assert client.post(url, {"email": "keine-adresse"}).status_code == 400
    assert join(client, alliance).status_code == 302
    assert join(client, alliance).status_code == 429


def test_no_sign_up_for_a_non_public_alliance(client):
    proposed = set_stage(make_page(AlliancePage, title="Idee"), AllianceStage.PROPOSED)
    assert client.get(f"/mitmachen/allianz/{proposed.slug}/").status_code == 404
    assert join(client, proposed).status_code == 404
    assert client.get("/mitmachen/allianz/gibt-es-nicht/danke/").status_code == 404
    assert not InterestSignup.objects.exists()


def test_join_in_overview_lists_alliances_and_the_report_form(client, alliance):
    html = client.get("/mitmachen/").text
    assert f'href="/mitmachen/allianz/{alliance.slug}/"' in html
    assert 'href="/mitmachen/melden/"' in html


@pytest.fixture
def catalogue():
    DistrictFactory(slug="huesten", name="Hüsten")
    TopicFactory(slug="umwelt", name="Umwelt")


def report(client, **change):
    data = {
        "kind": "need",
        "title": "Kein Schatten am Spielplatz",
        "description": "Am Spielplatz in Hüsten gibt es im Sommer keinen Schatten.",
        "district": "huesten",
        "topic": "umwelt",
        **change,
    }
    return client.post("/mitmachen/melden/", data)


def test_a_report_lands_captured_and_unpublished_with_a_reference(
    client, catalogue, kernteam_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client)
    assert response.status_code == 302
    need = NeedPage.objects.get()
    assert (need.stage, need.live, need.capture_channel) == (
        ItemStage.CAPTURED,
        False,
        ItemPage.Channel.FORM,
    )
    assert [d.slug for d in need.districts.all()] == ["huesten"]
    # Signed, so that only the hand-in's own redirect shows a reference (break test 22).
    assert response["Location"].startswith(f"/mitmachen/melden/danke/?ref=B-{need.pk:06d}%3A")
    assert f"B-{need.pk:06d}" in client.get(response["Location"]).text
    assert OutboundMail.objects.filter(purpose=OutboundMail.Purpose.SUBMISSION_RECEIPT).exists()
    assert client.get(need.url or "/bedarfslagen/kein-schatten-am-spielplatz/").status_code == 404


def test_an_idea_with_contact_keeps_the_contact_for_the_kernteam_only(client, catalogue):
    response = report(
        client,
        kind="opportunity",
        name="Greta Grün",
        email="greta@privat.example.org",
        consent="on",
    )
    assert response.status_code == 302
    idea = OpportunityPage.objects.get()
    assert idea.reported_by_person == Person.objects.get(email="greta@privat.example.org")
    assert "greta@" not in idea.summary


def test_report_errors_are_linked_and_contact_needs_consent(client, catalogue):
    response = report(client, kind="", title="Kurz", district="mond", email="greta@example.org")
    assert response.status_code == 400
    html = response.text
    assert not ItemPage.objects.exists()
    assert '<a href="#id_kind_0">' in html
    assert '<a href="#id_title">' in html
    assert '<a href="#id_district">' in html
    assert '<a href="#id_name">' in html
    assert '<a href="#id_consent">' in html
    assert '<fieldset class="field" aria-describedby="id_kind_error">' in html


def test_a_bad_reference_is_not_echoed(client):
    html = client.get("/mitmachen/melden/danke/?ref=<script>").text
    assert "<script>" not in html.split("<main", 1)[1]
