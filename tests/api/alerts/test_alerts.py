"""Alerts (issue 16, point 6): double opt-in, the weekly digest at most once a week per
address, only public and matching items, unsubscribe by the withdrawal link, bad input."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from alliances.models import AlliancePage, ServicePage, ServiceRequirement
from alliances.models.consent import Channel
from api.alerts import services
from api.alerts.models import AlertSubscription
from cms.models import OutboundMail
from tests.factories import CompetenceFactory, DistrictFactory, TopicFactory, make_page
from tests.factories.api import link_service, make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

MONDAY = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 07:00 in Arnsberg
THURSDAY = MONDAY + timedelta(days=3)
NEXT_MONDAY = MONDAY + timedelta(days=7)
EMAIL = "erika@privat.example.org"


@pytest.fixture
def catalogue():
    return {
        "neheim": DistrictFactory(name="Neheim", slug="neheim"),
        "huesten": DistrictFactory(name="Hüsten", slug="huesten"),
        "bildung": TopicFactory(name="Bildung", slug="bildung"),
        "arabisch": CompetenceFactory(name="Arabisch", slug="arabisch"),
        "erste-hilfe": CompetenceFactory(name="Erste Hilfe", slug="erste-hilfe"),
    }


def alliance_in(district, *, title, stage="active", **fields):
    page = make_public(AlliancePage, stage=stage, title=title, **fields)
    page.districts.set([district])
    page.save_revision().publish()
    return page


def subscribed(catalogue, *, email=EMAIL, **choice):
    subscription = services.alert_subscribe(
        email=email,
        districts=[catalogue[s] for s in choice.get("districts", ["neheim"])],
        competences=[catalogue[s] for s in choice.get("competences", [])],
    )
    assert services.alert_confirm(subscription=subscription)
    return subscription


def digests(now, capture):
    """Run the weekly job at `now`; the digests it sent (the sender also sends what else
    is due, such as the confirmation mails)."""
    before = len(mail.outbox)
    with capture(execute=True):
        services.alert_digests_send(now=now)
    return [m for m in mail.outbox[before:] if "in der Woche vom" in m.subject]


# --- double opt-in through the site's form -----------------------------------------------


def test_the_form_subscribes_with_double_opt_in(
    client, catalogue, django_capture_on_commit_callbacks
):
    assert "/mitmachen/benachrichtigungen/" in client.get("/mitmachen/").content.decode()
    page = client.get("/mitmachen/benachrichtigungen/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mitmachen/benachrichtigungen/",
            {"email": "Erika@Privat.example.org", "districts": ["neheim"], "consent": "on"},
        )
    assert response.status_code == 302
    subscription = AlertSubscription.objects.get()
    assert (subscription.email, subscription.confirmed_at) == (EMAIL, None)
    assert subscription.consent_given_via == Channel.FORM
    assert subscription.PURPOSE == "alerts"
    [message] = mail.outbox
    assert message.to == [EMAIL]
    assert (
        message.subject == "Bitte bestätigen Sie Ihre Benachrichtigungen der Arnsberger Allianzen"
    )
    assert "Stadtteile: Neheim" in message.body
    assert re.search(r"bis zum \d{1,2}\. \w+ \d{4}", message.body)  # German date
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    link = re.search(
        r"http://testserver(/mitmachen/benachrichtigungen/bestaetigen/\S+/)", message.body
    ).group(1)

    assert client.get(link).status_code == 200  # opening it (a mail scanner) confirms nothing
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert "Benachrichtigungen sind eingeschaltet" in client.post(link).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    again = client.post(link)  # single use
    assert again.status_code == 400
    assert "bereits verwendet" in again.content.decode()


def test_a_confirmation_link_expires_and_a_forged_one_is_refused(client, catalogue, settings):
    subscription = services.alert_subscribe(email=EMAIL, districts=[catalogue["neheim"]])
    from api.alerts.tokens import confirm_token

    token = confirm_token(subscription=subscription)
    url = f"/mitmachen/benachrichtigungen/bestaetigen/{token}/"
    assert client.get(url + "x/").status_code == 404
    assert client.get(url.replace(token, token[:-2] + "xx")).status_code == 400
    settings.ALERT_CONFIRM_DAYS = 0
    assert client.post(url).status_code == 400
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_subscribing_again_replaces_the_pending_choice_and_only_the_newest_link_confirms(
    client, catalogue
):
    from api.alerts.tokens import confirm_token

    first = services.alert_subscribe(email=EMAIL, districts=[catalogue["neheim"]])
    old = confirm_token(subscription=first)
    second = services.alert_subscribe(email=EMAIL.upper(), topics=[catalogue["bildung"]])
    assert second.pk == first.pk
    assert AlertSubscription.objects.count() == 1
    assert [t.slug for t in second.topics.all()] == ["bildung"]
    assert list(second.districts.all()) == []
    assert client.post(f"/mitmachen/benachrichtigungen/bestaetigen/{old}/").status_code == 400
    new = confirm_token(subscription=second)
    assert client.post(f"/mitmachen/benachrichtigungen/bestaetigen/{new}/").status_code == 200


# --- the weekly digest -----------------------------------------------------------------


def test_at_most_one_digest_a_week_per_address(catalogue, django_capture_on_commit_callbacks):
    subscribed(catalogue)
    subscribed(catalogue, competences=["arabisch"])  # a second choice of the same address
    alliance_in(catalogue["neheim"], title="Lesepaten Neheim")

    [first] = digests(MONDAY, django_capture_on_commit_callbacks)
    assert first.to == [EMAIL]
    assert first.subject == "Arnsberger Allianzen: neu für Sie in der Woche vom 7. Dezember 2026"
    assert "Lesepaten Neheim" in first.body

    alliance_in(catalogue["neheim"], title="Gartenfreunde Neheim")
    assert digests(MONDAY, django_capture_on_commit_callbacks) == []  # the job twice
    assert digests(THURSDAY, django_capture_on_commit_callbacks) == []  # same week

    [second] = digests(NEXT_MONDAY, django_capture_on_commit_callbacks)
    assert "Gartenfreunde Neheim" in second.body
    assert "Lesepaten Neheim" not in second.body  # told before
    assert digests(NEXT_MONDAY + timedelta(hours=1), django_capture_on_commit_callbacks) == []
    assert OutboundMail.objects.filter(purpose="alert", subject__contains="Woche").count() == 2


def test_the_week_is_held_in_data_even_if_the_row_lock_is_passed(
    catalogue, django_capture_on_commit_callbacks
):
    """The outbox key is one an address and calendar week: a second worker that got past
    the last-sent check (here: the timestamp wiped) still queues no second mail."""
    subscription = subscribed(catalogue)
    alliance_in(catalogue["neheim"], title="Lesepaten Neheim")
    assert len(digests(MONDAY, django_capture_on_commit_callbacks)) == 1
    AlertSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=None, seen=[])
    assert digests(THURSDAY, django_capture_on_commit_callbacks) == []
    assert OutboundMail.objects.filter(key__startswith="alert-digest:").count() == 1


def test_nothing_new_means_no_mail(catalogue, django_capture_on_commit_callbacks):
    alliance_in(catalogue["neheim"], title="Schon da")  # public before the confirmation
    subscribed(catalogue)
    alliance_in(catalogue["huesten"], title="Anderswo")  # not in the chosen district
    assert digests(MONDAY, django_capture_on_commit_callbacks) == []
    # Nothing was sent, so the week is still free when something new comes.
    alliance_in(catalogue["neheim"], title="Ganz neu")
    [message] = digests(THURSDAY, django_capture_on_commit_callbacks)
    assert "Ganz neu" in message.body
    assert "Schon da" not in message.body
    assert "Anderswo" not in message.body


def test_wanted_entries_for_chosen_competences_and_dates_in_german(
    catalogue, django_capture_on_commit_callbacks
):
    subscribed(catalogue, districts=[], competences=["arabisch"])
    alliance = alliance_in(catalogue["huesten"], title="Willkommen in Hüsten")
    alliance_in(catalogue["neheim"], title="Ohne Bedarf")
    service = make_public(ServicePage, title="Begleitung")
    ServiceRequirement.objects.create(service=service, competence=catalogue["arabisch"], quantity=2)
    ServiceRequirement.objects.create(service=service, competence=catalogue["erste-hilfe"])
    link_service(alliance, service)

    [message] = digests(MONDAY, django_capture_on_commit_callbacks)
    assert "„Willkommen in Hüsten“ sucht: Arabisch (2 Personen oder Einheiten)" in message.body
    assert reverse("participation:join", args=[alliance.slug]) in message.body
    assert "Erste Hilfe" not in message.body  # not chosen
    assert "Ohne Bedarf" not in message.body  # wants nothing chosen
    assert message.subject.endswith("Woche vom 7. Dezember 2026")


def test_a_non_public_alliance_is_never_in_a_digest(catalogue, django_capture_on_commit_callbacks):
    """The leak: drafts, non-public stages, view restrictions, expiry — checked when the
    digest is built, also for an alliance that was public when the address subscribed."""
    subscribed(catalogue)
    draft = make_page(AlliancePage, title="Entwurf Geheim", publish=False, stage="active")
    draft.districts.set([catalogue["neheim"]])
    alliance_in(catalogue["neheim"], title="Vorschlag Geheim", stage="proposed")
    restricted = alliance_in(catalogue["neheim"], title="Intern Geheim")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    expired = alliance_in(catalogue["neheim"], title="Abgelaufen Geheim")
    AlliancePage.objects.filter(pk=expired.pk).update(expire_at=timezone.now())
    service = make_public(ServicePage, title="Leistung")
    ServiceRequirement.objects.create(service=service, competence=catalogue["arabisch"])
    link_service(restricted, service)
    alliance_in(catalogue["neheim"], title="Offen")

    [message] = digests(MONDAY, django_capture_on_commit_callbacks)
    assert "Offen" in message.body
    assert "Geheim" not in message.body
    assert "Arabisch" not in message.body


def test_a_subscription_whose_choice_left_the_catalogue_gets_nothing(
    catalogue, django_capture_on_commit_callbacks
):
    subscribed(catalogue, districts=["huesten"])
    catalogue["huesten"].delete()  # the Kernteam merged it away: no choice left
    alliance_in(catalogue["neheim"], title="Lesepaten Neheim")
    assert digests(MONDAY, django_capture_on_commit_callbacks) == []


# --- unsubscribe ----------------------------------------------------------------------


def test_the_withdrawal_link_in_every_digest_ends_the_alerts_at_once(
    client, catalogue, django_capture_on_commit_callbacks
):
    subscription = subscribed(catalogue)
    alliance_in(catalogue["neheim"], title="Lesepaten Neheim")
    [message] = digests(MONDAY, django_capture_on_commit_callbacks)
    link = re.search(
        r"<http://testserver(/widerruf/\S+/)>", message.extra_headers["List-Unsubscribe"]
    )
    assert link.group(1) in message.body
    page = client.get(link.group(1))
    assert "Sie erhalten keine Benachrichtigungen" in page.content.decode()
    client.post(link.group(1))  # RFC 8058 one-click

    subscription.refresh_from_db()
    assert subscription.withdrawn_at is not None
    assert subscription.withdrawn_via == Channel.LINK
    alliance_in(catalogue["neheim"], title="Gartenfreunde Neheim")
    assert digests(NEXT_MONDAY, django_capture_on_commit_callbacks) == []


# --- bad input ------------------------------------------------------------------------


def post_api(client, **data):
    body = {"email": EMAIL, "districts": ["neheim"], "consent": True, **data}
    return client.post("/api/v1/alerts/", body, content_type="application/json")


def test_the_api_subscribes(client, catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_api(client, topics=["bildung"], competences=["arabisch", "arabisch"])
    assert response.status_code == 202
    subscription = AlertSubscription.objects.get()
    assert subscription.consent_given_via == Channel.API
    assert [c.slug for c in subscription.competences.all()] == ["arabisch"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"districts": ["atlantis"]}, "districts"),
        ({"topics": ["astrologie"]}, "topics"),
        ({"competences": ["zaubern"]}, "competences"),
        ({"districts": "neheim"}, "districts"),
        ({"districts": [], "topics": []}, "districts"),
        ({"email": "keine-adresse"}, "email"),
        ({"email": 42}, "email"),
        ({"consent": False}, "consent"),
        ({"consent": "yes"}, "consent"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_bad_input_to_the_api_is_a_400_with_field_messages(client, catalogue, change, field):
    response = post_api(client, **change)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert AlertSubscription.objects.count() == 0
    assert mail.outbox == []


def test_bad_input_to_the_form_is_shown_beside_its_fields(client, catalogue):
    response = client.post(
        "/mitmachen/benachrichtigungen/",
        {"email": "keine-adresse", "districts": ["atlantis"], "leave_empty": ""},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"email", "districts", "consent"}
    assert 'aria-invalid="true"' in response.content.decode()
    nothing = client.post("/mitmachen/benachrichtigungen/", {"email": EMAIL, "consent": "on"})
    assert "mindestens einen Stadtteil" in nothing.content.decode()
    bot = client.post(
        "/mitmachen/benachrichtigungen/",
        {"email": EMAIL, "districts": ["neheim"], "consent": "on", "leave_empty": "x"},
    )
    assert bot.status_code == 400
    assert AlertSubscription.objects.count() == 0


def test_the_form_is_throttled_like_the_other_hand_ins(client, catalogue, settings):
    settings.HANDIN_THROTTLE_RATE = "2/hour"
    data = {"email": EMAIL, "districts": ["neheim"], "consent": "on"}
    codes = [client.post("/mitmachen/benachrichtigungen/", data).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
