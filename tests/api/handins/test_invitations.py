""" "Einladen" from the matching panel: consent re-checked, double opt-in through a signed,
expiring, single-use link, the outbox, the audit log without personal data."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from alliances.models import AlliancePage, AllianceServiceLink, ServicePage, ServiceRequirement
from alliances.models.consent import Consent, Purpose
from alliances.stages import AllianceStage
from api.handins.invitations import SALT
from api.handins.models import InterestSignup, Invitation
from cms.models import OutboundMail
from cms.withdrawal import consents_withdraw
from tests.factories import (
    CompetenceFactory,
    DistrictFactory,
    PersonFactory,
    ResourceFactory,
    make_page,
)

pytestmark = pytest.mark.django_db

INVITE = "/admin/invitations/new/"


@pytest.fixture
def setting(db):
    """A forming alliance in Neheim that lacks first aid; Jana offers it and may be asked,
    Nora offers it too but never agreed to be contacted."""
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    first_aid = CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe")
    service = make_page(ServicePage, title="Besuche")
    ServiceRequirement.objects.create(service=service, competence=first_aid, quantity=2)
    ServiceRequirement.objects.create(service=service, resource=ResourceFactory(), quantity=1)
    alliance = make_page(AlliancePage, title="Nachbarn Neheim", stage=AllianceStage.FORMING)
    alliance.districts = [neheim]
    alliance.contact_email = "nachbarn@allianzen.example.org"
    alliance.save()
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    people = {}
    for first, consent in (("Jana", True), ("Nora", False)):
        person = PersonFactory(
            first_name=first,
            last_name="Test",
            district=neheim,
            contact_consent=consent,
            email=f"{first.lower()}@privat.example.org",
        )
        person.offered_competences = [first_aid]
        person.save()
        people[first] = person
    return {"alliance": alliance, "service": service, "first_aid": first_aid, **people}


def _invite(client, alliance, person, **extra):
    return client.post(INVITE, {"alliance": alliance.pk, "person": person.pk, **extra})


def _link(message) -> str:
    return re.search(r"http://testserver(/einladung/\S+/)", message.body).group(1)


def test_the_panel_offers_einladen_for_citizens_and_the_view_asks_before_it_sends(
    setting, kernteam_client, redaktion_user
):
    redaktion_client = Client()
    redaktion_client.force_login(redaktion_user)
    alliance, jana = setting["alliance"], setting["Jana"]
    edit = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[alliance.pk]))
    page = edit.content.decode()
    assert "Passende Unterstützer" in page and "Jana Test" in page and "Nora Test" not in page
    link = re.search(r'href="(/admin/invitations/new/\?[^"]+)"', page).group(1)
    assert f"person={jana.pk}" in link

    ask = kernteam_client.get(link.replace("&amp;", "&"))
    assert ask.status_code == 200 and "Einladung senden" in ask.content.decode()
    assert Invitation.objects.count() == 0  # GET sends nothing
    assert (
        "Einladen"
        not in redaktion_client.get(reverse("wagtailadmin_pages:edit", args=[alliance.pk]))
        .content.decode()
        .split("Passende Unterstützer", 1)[-1]
    )
    refused = _invite(redaktion_client, alliance, jana)  # Wagtail: back home, with a message
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert Invitation.objects.count() == 0


def test_an_invitation_is_mailed_with_the_withdrawal_link_and_logged_without_personal_data(
    setting, kernteam_client, django_capture_on_commit_callbacks
):
    alliance, jana = setting["alliance"], setting["Jana"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(kernteam_client, alliance, jana)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[alliance.pk])
    invitation = Invitation.objects.get()
    assert list(invitation.competences.all()) == [setting["first_aid"]]
    row = OutboundMail.objects.get(purpose=OutboundMail.Purpose.INVITATION)
    assert row.key == f"invitation:{invitation.pk}" and row.to == [jana.email]
    [message] = mail.outbox
    assert message.subject == "Einladung: „Nachbarn Neheim“ sucht Sie"
    assert "Hallo Jana," in message.body and "- Erste Hilfe" in message.body
    assert "/widerruf/" in message.body and "List-Unsubscribe" in message.extra_headers
    entry = PageLogEntry.objects.get(action="handins.invitation_sent")
    assert entry.page_id == alliance.pk
    logged = str(entry.data) + entry.message
    assert "Jana" not in logged and "privat.example.org" not in logged
    assert str(jana.pk) not in str(entry.data.get("entries"))


def test_persons_without_contact_consent_are_refused_at_send_time(setting, kernteam_client):
    alliance, jana, nora = setting["alliance"], setting["Jana"], setting["Nora"]
    response = kernteam_client.post(
        INVITE, {"alliance": alliance.pk, "person": nora.pk}, follow=True
    )
    assert "hat keiner Kontaktaufnahme zugestimmt" in response.content.decode()
    # Jana withdraws after the panel was drawn: the send re-checks.
    Consent.objects.filter(person=jana, purpose=Purpose.CONTACT).update(withdrawn_at=timezone.now())
    response = kernteam_client.post(
        INVITE, {"alliance": alliance.pk, "person": jana.pk}, follow=True
    )
    assert "hat keiner Kontaktaufnahme zugestimmt" in response.content.decode()
    assert Invitation.objects.count() == OutboundMail.objects.count() == 0


def test_the_same_person_is_not_invited_twice_within_the_period(setting, kernteam_client, settings):
    alliance, jana = setting["alliance"], setting["Jana"]
    _invite(kernteam_client, alliance, jana)
    again = kernteam_client.post(INVITE, {"alliance": alliance.pk, "person": jana.pk}, follow=True)
    assert "bereits zu dieser Allianz eingeladen" in again.content.decode()
    assert Invitation.objects.count() == 1
    Invitation.objects.update(
        created_at=timezone.now() - timedelta(days=settings.INVITATION_REPEAT_DAYS, minutes=1)
    )
    _invite(kernteam_client, alliance, jana)
    assert Invitation.objects.count() == 2


def test_bad_input_to_the_admin_view_is_a_clear_4xx(setting, kernteam_client):
    alliance, jana = setting["alliance"], setting["Jana"]
    assert kernteam_client.get(INVITE, {"person": "x"}).status_code == 404
    assert kernteam_client.get(INVITE, {"person": "999999"}).status_code == 404
    bad = kernteam_client.post(INVITE, {"alliance": "abc", "person": jana.pk})
    assert bad.status_code == 400
    closed = make_page(AlliancePage, title="Beendet", stage=AllianceStage.CONCLUDED)
    refused = _invite(kernteam_client, closed, jana)
    assert refused.status_code == 400
    assert "Bitte wählen Sie eine Allianz in Gründung oder aktiv." in refused.content.decode()
    escape = _invite(kernteam_client, alliance, jana, next="https://evil.example.org/")
    assert escape["Location"] == reverse("wagtailadmin_pages:edit", args=[alliance.pk])


def test_on_a_service_the_kernteam_chooses_the_alliance(setting, kernteam_client):
    service, jana = setting["service"], setting["Jana"]
    edit = kernteam_client.get(reverse("wagtailadmin_pages:edit", args=[service.pk]))
    link = re.search(r'href="(/admin/invitations/new/\?[^"]+)"', edit.content.decode()).group(1)
    assert f"service={service.pk}" in link
    ask = kernteam_client.get(link.replace("&amp;", "&")).content.decode()
    assert "Nachbarn Neheim" in ask
    _invite(kernteam_client, setting["alliance"], jana, service=service.pk)
    assert Invitation.objects.get().alliance_id == setting["alliance"].pk


def test_accepting_is_a_post_once_and_records_a_confirmed_invited_sign_up(
    setting, kernteam_client, client, django_capture_on_commit_callbacks
):
    alliance, jana = setting["alliance"], setting["Jana"]
    with django_capture_on_commit_callbacks(execute=True):
        _invite(kernteam_client, alliance, jana)
    link = _link(mail.outbox[0])

    shown = client.get(link)  # a mail scanner opening the link accepts nothing
    assert shown.status_code == 200
    assert "Ja, ich nehme die Einladung an" in shown.content.decode()
    assert Invitation.objects.get().accepted_at is None and not InterestSignup.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(link)
    assert accepted.status_code == 200 and "Danke!" in accepted.content.decode()
    invitation = Invitation.objects.get()
    signup = InterestSignup.objects.get()
    assert invitation.signup == signup and invitation.accepted_at == signup.consent_at
    assert "Nachbarn Neheim" in invitation.consent_text and "Erste Hilfe" in invitation.consent_text
    assert (signup.alliance_id, signup.email) == (alliance.pk, jana.email)
    assert signup.confirmed_at is not None
    assert list(signup.offered_competences.all()) == [setting["first_aid"]]
    assert mail.outbox[-1].to == ["nachbarn@allianzen.example.org"]  # the coordinator
    assert PageLogEntry.objects.filter(action="handins.invitation_accepted").count() == 1

    for method in (client.get, client.post):  # single use
        again = method(link)
        assert again.status_code == 410
        assert "bereits angenommen" in again.content.decode()
    assert InterestSignup.objects.count() == 1


def test_broken_tampered_expired_and_withdrawn_links_get_a_german_page(
    setting, kernteam_client, client, settings
):
    alliance, jana = setting["alliance"], setting["Jana"]
    _invite(kernteam_client, alliance, jana)
    invitation = Invitation.objects.get()
    token = signing.dumps(invitation.pk, salt=SALT)
    for bad in ("kaputt", token[:-2] + "xx", signing.dumps("x", salt=SALT)):
        response = client.get(f"/einladung/{bad}/")
        assert response.status_code == 400
        assert "Der Link ist beschädigt oder unvollständig" in response.content.decode()
    assert client.get("/einladung/%00/").status_code == 400
    later = time.time() + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = client.post(f"/einladung/{token}/")
    assert expired.status_code == 410 and "abgelaufen" in expired.content.decode()

    consents_withdraw(email=jana.email)  # the link in every mail closes open invitations
    closed = client.post(f"/einladung/{token}/")
    assert closed.status_code == 410 and "nicht mehr offen" in closed.content.decode()
    assert not InterestSignup.objects.exists()


def test_the_persons_export_lists_invitations_and_erasure_removes_them(
    setting, kernteam_client, client, django_capture_on_commit_callbacks
):
    import json

    alliance, jana = setting["alliance"], setting["Jana"]
    with django_capture_on_commit_callbacks(execute=True):
        _invite(kernteam_client, alliance, jana)
    client.post(_link(mail.outbox[0]))
    export = kernteam_client.get(
        reverse("person_privacy_export", args=[jana.pk]), {"format": "json"}
    )
    sections = {s["key"]: s["rows"] for s in json.loads(export.content)["sections"]}
    [row] = sections["invitations"]
    assert row["Allianz"] == "Nachbarn Neheim" and row["Kompetenzen"] == "Erste Hilfe"
    assert row["Angenommen am"] and "Erste Hilfe" in row["Einwilligung erteilt"]

    kernteam_client.post(reverse("person_privacy_erase", args=[jana.pk]))
    assert not Invitation.objects.exists()
