"""The withdrawal link in every mail: one message per recipient with their own link, the
RFC 8058 one-click header, and a German page that withdraws on POST only."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from alliances.models import AlliancePage, Person
from alliances.models.consent import Channel, Purpose
from api.handins.models import InterestSignup
from cms import withdrawal
from cms.mailing import queue_mail
from cms.models import OutboundMail
from cms.tasks import send_due_mails
from tests.factories import PersonFactory, make_page

pytestmark = pytest.mark.django_db

EMAIL = "Jan.Jung@Privat.example.org"


def _queue(key="k-1", to=(EMAIL,)):
    return queue_mail(
        key=key, to=list(to), subject="Betreff", body="Text", purpose=OutboundMail.Purpose.ALERT
    )


def _link(message) -> str:
    return re.search(r"http://testserver(/widerruf/\S+/)", message.body).group(1)


def test_every_recipient_gets_their_own_message_and_link():
    row = _queue(to=["a@stadt.example.org", "b@stadt.example.org"])
    assert send_due_mails() == 1
    first, second = mail.outbox
    assert (first.to, second.to) == (["a@stadt.example.org"], ["b@stadt.example.org"])
    assert _link(first) != _link(second)
    for message in (first, second):
        address = message.to[0]
        assert withdrawal.email_from(_link(message).split("/")[2]) == address
        assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{_link(message)}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "Einwilligungen" in message.body  # the footer, in German
    assert first.extra_headers["Message-ID"] != second.extra_headers["Message-ID"]
    row.refresh_from_db()
    assert row.delivered_to == ["a@stadt.example.org", "b@stadt.example.org"]


def test_a_retry_sends_only_to_whom_it_did_not_reach(settings):
    settings.EMAIL_BACKEND = "tests.cms.test_mail_outbox.RefuseOne"
    row = _queue(to=["bad@stadt.example.org", "gut@stadt.example.org"])
    send_due_mails()
    row.refresh_from_db()
    assert (row.status, row.delivered_to) == ("pending", [])  # "bad" sorts first and failed
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundMail.objects.update(next_attempt_at=timezone.now())
    send_due_mails()
    row.refresh_from_db()
    assert row.status == "sent"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "bad@stadt.example.org",
        "gut@stadt.example.org",
    ]


def test_the_page_asks_first_and_withdraws_on_post_only(client):
    person = PersonFactory(email=EMAIL.lower(), public_name_consent=True, contact_consent=True)
    alliance = make_page(AlliancePage, title="Lesepaten")
    signup = InterestSignup.objects.create(
        alliance=alliance, name="Jan", email=EMAIL, consent_at=timezone.now()
    )
    _queue()
    send_due_mails()
    link = _link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    text = page.content.decode()
    assert "Einwilligung widerrufen" in text and "<form" in text
    assert "Ihr Name wird nicht mehr öffentlich gezeigt" in text
    assert EMAIL.lower() not in text.lower()  # the page never shows whose link it is
    assert person.consents.active().count() == 2  # looking withdraws nothing

    done = client.post(link)
    assert done.status_code == 200
    assert "Ihre Einwilligung ist widerrufen" in done.content.decode()
    assert not person.consents.active().exists()
    assert set(person.consents.values_list("purpose", "withdrawn_via")) == {
        (Purpose.PUBLIC_NAME, Channel.LINK),
        (Purpose.CONTACT, Channel.LINK),
    }
    assert not InterestSignup.objects.filter(pk=signup.pk).exists()
    entry = ModelLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        action="alliances.person.withdraw_consent",
    )
    assert entry.data == {"purposes": ["contact", "public_name"], "via": "link"}
    assert client.post(link).status_code == 200  # twice is harmless


def test_one_click_post_needs_no_cookie_and_no_csrf_token():
    person = PersonFactory(email="anna@privat.example.org", public_name_consent=True)
    token = withdrawal.token_for("Anna@privat.example.org")
    response = Client(enforce_csrf_checks=True).post(
        f"/widerruf/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not person.consents.active().exists()


@pytest.mark.parametrize(
    "token",
    ["kaputt", signing.dumps("anna@privat.example.org", salt="anderer-zweck"), "x" * 300],
    # Fixed ids: the signed token carries a timestamp, and parallel workers must collect
    # the same test names.
    ids=["kaputt", "anderer-zweck", "zu-lang"],
)
def test_a_foreign_or_broken_token_is_a_clear_400(client, token):
    person = PersonFactory(email="anna@privat.example.org", public_name_consent=True)
    for method in (client.get, client.post):
        response = method(f"/widerruf/{token}/")
        assert response.status_code == 400
        assert "Dieser Link ist ungültig" in response.content.decode()
    assert person.consents.active().count() == 1
