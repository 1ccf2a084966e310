"""A consent withdrawn by the link in a mail takes effect in every public channel at once:
site, Wirkung page, API, embed, webhooks (queued and new), open data."""

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client

from alliances.models import AlliancePage, ImpactPage, ImpactReport, Voice
from alliances.models.consent import Channel, Purpose
from api.webhooks.models import WebhookDelivery
from cms.mailing import queue_mail
from cms.models import HomePage, OutboundMail
from tests.factories import PersonFactory, add_member
from tests.factories.api import make_public, refreshed
from tests.public_truth.channels import CHANNELS
from tests.public_truth.test_leak_matrix import Case

pytestmark = pytest.mark.django_db

EMAIL = "erna.offenbach@privat.example.org"
NAME = "Erna Offenbach"
QUOTE = "Vorlesen hat mir die Nachbarschaft geschenkt."


@pytest.fixture
def erna(settings, tmp_path):
    settings.OPEN_DATA_DIR = str(tmp_path / "open-data")
    HomePage.objects.get().add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))
    alliance = make_public(AlliancePage, title="Lesepaten Neheim")
    ImpactReport.objects.create(
        alliance=alliance, period_start=date(2026, 1, 1), period_end=date(2026, 6, 30),
        people_reached=12, what_changed="Mehr Kinder lesen.",
    )  # fmt: skip
    person = PersonFactory(
        first_name="Erna",
        last_name="Offenbach",
        email=EMAIL,
        public_name_consent=True,
        voice_consent=True,
        contact_consent=True,
    )
    add_member(alliance, person=person)
    Voice.objects.create(
        alliance=alliance,
        person=person,
        quote=QUOTE,
        attribution="Lesepatin",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )
    refreshed(alliance)
    person.alliance = alliance
    return person


def _withdrawal_link(django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(
            key="erna-reminder",
            to=[EMAIL],
            subject="Treffen am Donnerstag",
            body="Hallo Erna,\nbis Donnerstag!",
            purpose=OutboundMail.Purpose.REMINDER,
        )
    [message] = mail.outbox
    link = re.search(r"http://testserver(/widerruf/\S+/)", message.body).group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return link


def test_a_withdrawal_by_the_mail_link_reaches_every_channel_at_once(
    client, erna, webhook_receiver, django_capture_on_commit_callbacks
):
    alliance = erna.alliance
    case = Case(AlliancePage, alliance.pk, alliance.title, alliance.slug, alliance.url, alliance)
    channels = [c for c in CHANNELS.values() if AlliancePage in c.models]
    before = {c.name: c.fetch(client, case) for c in channels}
    for name in ("site page", "API detail (de)", "API detail (en)"):
        assert NAME in before[name] and QUOTE in before[name], name

    # A partner's copy is still waiting to be delivered when the person withdraws.
    alliance.save_revision().publish()
    waiting = WebhookDelivery.objects.get(
        page_id=alliance.pk, status=WebhookDelivery.Status.PENDING
    )
    assert NAME in str(waiting.payload)
    case.before_change = set(
        WebhookDelivery.objects.exclude(pk=waiting.pk).values_list("pk", flat=True)
    )

    link = _withdrawal_link(django_capture_on_commit_callbacks)
    one_click = Client(enforce_csrf_checks=True)  # a mail program: no cookie, no CSRF token
    response = one_click.post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200

    for channel in channels:
        text = channel.fetch(client, case)
        assert NAME not in text, f"{channel.name}: name after withdrawal"
        assert QUOTE not in text, f"{channel.name}: voice after withdrawal"
    waiting.refresh_from_db()
    assert waiting.status == WebhookDelivery.Status.DELIVERED
    assert NAME not in str(waiting.payload) and QUOTE not in str(waiting.payload)
    told = [
        m["payload"]
        for m in webhook_receiver.received
        if m["payload"]["type"] == "alliance.updated"
    ]
    assert told and all(NAME not in str(p) and QUOTE not in str(p) for p in told)
    # Counted, not named: the public figures stay right.
    detail = client.get(f"/api/v1/alliances/{alliance.slug}/").json()
    assert detail["members"]["citizens"]["count"] == 1

    consents = {c.purpose: c for c in erna.consents.all()}
    assert set(consents) == {Purpose.PUBLIC_NAME, Purpose.VOICE, Purpose.CONTACT}
    assert all(c.withdrawn_at and c.withdrawn_via == Channel.LINK for c in consents.values())


def test_giving_the_name_consent_again_shows_the_name_again(client, erna):
    consent = erna.consents.get(purpose=Purpose.PUBLIC_NAME)
    consent.withdrawn_at, consent.withdrawn_via = consent.given_at, Channel.ADMIN
    consent.save()
    url = f"/api/v1/alliances/{erna.alliance.slug}/"
    assert NAME not in client.get(url).text
    consent.withdrawn_at, consent.withdrawn_via = None, ""
    consent.save()
    assert NAME in client.get(url).text
