import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.handins.models import InterestSignup
from api.handins.tasks import purge_unconfirmed
from tests.factories import AgeGroupFactory, make_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture
def alliance():
    return make_page(
        AlliancePage,
        title="Lesepaten",
        stage=AllianceStage.ACTIVE,
        contact_email="lesepaten@allianzen.example.org",
    )


def sign_up(client, alliance, **change):
    data = {"name": "Jan Jung", "email": "jan@privat.example.org", "consent": True, **change}
    return client.post(
        f"/api/v1/alliances/{alliance.slug}/interest/", data, content_type="application/json"
    )


def test_double_opt_in_then_the_coordinator_is_told(
    client, alliance, django_capture_on_commit_callbacks
):
    AgeGroupFactory(slug="jugendliche", name="Jugendliche")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, alliance, age_group="jugendliche", message="Ich lese gern vor.")

    assert response.status_code == 202
    signup = InterestSignup.objects.get()
    assert (signup.alliance, signup.confirmed_at) == (alliance.page_ptr.specific, None)
    assert [m.to for m in mail.outbox] == [["jan@privat.example.org"]]
    link = re.search(r"http://testserver(/interest/confirm/\S+/)", mail.outbox[0].body).group(1)

    page = client.get(link)  # opening the link (or a mail scanner) confirms nothing
    assert page.status_code == 200
    signup.refresh_from_db()
    assert signup.confirmed_at is None
    assert len(mail.outbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)  # twice: still one notice
    signup.refresh_from_db()
    assert signup.confirmed_at is not None
    assert [m.to for m in mail.outbox[1:]] == [["lesepaten@allianzen.example.org"]]
    assert "jan@privat.example.org" in mail.outbox[1].body
    assert "Ich lese gern vor." in mail.outbox[1].body


def test_a_tampered_link_is_refused(client, alliance):
    assert client.get("/interest/confirm/not-a-token/").status_code == 400


def test_consent_is_required_and_bad_input_stores_nothing(client, alliance):
    response = sign_up(client, alliance, consent=False, email="kein-mail")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"consent", "email"}
    assert not InterestSignup.objects.exists()


def test_only_public_alliances_take_sign_ups(client):
    hidden = make_page(AlliancePage, stage=AllianceStage.PROPOSED)
    assert sign_up(client, hidden).status_code == 404


def test_unconfirmed_sign_ups_are_deleted_after_seven_days(client, alliance):
    old, fresh, confirmed = (
        InterestSignup.objects.create(
            alliance=alliance, name=name, email=f"{name}@example.org", consent_at=timezone.now()
        )
        for name in ("old", "fresh", "confirmed")
    )
    eight_days_ago = timezone.now() - timedelta(days=8)
    InterestSignup.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=eight_days_ago)
    InterestSignup.objects.filter(pk=confirmed.pk).update(confirmed_at=eight_days_ago)

    assert purge_unconfirmed() == 1
    assert set(InterestSignup.objects.values_list("name", flat=True)) == {"fresh", "confirmed"}


def test_the_purge_and_the_webhook_sweep_are_scheduled():
    from django_q.models import Schedule

    funcs = set(Schedule.objects.values_list("func", flat=True))
    assert {"api.handins.tasks.purge_unconfirmed", "api.webhooks.tasks.deliver_due"} <= funcs
