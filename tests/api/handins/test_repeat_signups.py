"""A sign-up repeated for the same alliance and address sends no second mail, and the
answer is the same as for a new one (break test, item 22); the report's thanks page shows
only a reference its own redirect signed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alliances.models import AlliancePage
from alliances.stages import AllianceStage
from api.handins import services
from api.handins.models import InterestSignup
from api.handins.site_views import REFERENCE_SIGNER
from tests.factories.api import make_public

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]


@pytest.fixture(autouse=True)
def _generous_throttle(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/min"


@pytest.fixture
def alliance():
    return make_public(
        AlliancePage,
        title="Lesepaten",
        stage=AllianceStage.ACTIVE,
        contact_email="lesepaten@allianzen.example.org",
    )


def api_sign_up(client, alliance, email="jan@privat.example.org"):
    data = {"name": "Jan Jung", "email": email, "consent": True}
    return client.post(
        f"/api/v1/alliances/{alliance.slug}/interest/", data, content_type="application/json"
    )


def site_sign_up(client, alliance, email="jan@privat.example.org"):
    data = {"name": "Jan Jung", "email": email, "consent": "on", "message": "Gern."}
    return client.post(f"/mitmachen/allianz/{alliance.slug}/", data)


def confirmation_mails(address="jan@privat.example.org"):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("sign_up", [api_sign_up, site_sign_up], ids=["api", "site"])
def test_a_pending_sign_up_is_not_mailed_twice(
    client, alliance, sign_up, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client, alliance)
    with django_capture_on_commit_callbacks(execute=True):
        second = sign_up(client, alliance, email="JAN@Privat.example.org")
    assert (second.status_code, second.content) == (first.status_code, first.content)
    assert second.get("Location") == first.get("Location")
    assert InterestSignup.objects.count() == 1
    assert len(confirmation_mails()) == 1


def test_api_and_site_share_the_rule(client, alliance, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
        site_sign_up(client, alliance)
    assert InterestSignup.objects.count() == 1
    assert len(confirmation_mails()) == 1


def test_a_confirmed_sign_up_is_not_mailed_again(
    client, alliance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
    InterestSignup.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert api_sign_up(client, alliance).status_code == 202
    assert InterestSignup.objects.count() == 1
    assert len(confirmation_mails()) == 1


def test_another_address_or_alliance_is_a_new_sign_up(
    client, alliance, django_capture_on_commit_callbacks
):
    other = make_public(AlliancePage, title="Nachbarschaft", stage=AllianceStage.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
        api_sign_up(client, other)
        api_sign_up(client, alliance, email="eva@privat.example.org")
    assert InterestSignup.objects.count() == 3
    assert len(confirmation_mails()) == 2
    assert len(confirmation_mails("eva@privat.example.org")) == 1


def test_after_the_window_a_sign_up_is_new_again(
    client, alliance, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
    long_ago = timezone.now() - services.REPEAT_SIGNUP_WINDOW - timedelta(minutes=1)
    InterestSignup.objects.update(created_at=long_ago, confirmed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
    assert InterestSignup.objects.count() == 2
    assert len(confirmation_mails()) == 2


def test_the_thanks_page_shows_only_a_signed_reference(client):
    page = "/mitmachen/melden/danke/"
    assert "B-000001" not in client.get(page, {"ref": "B-000001"}).text
    assert "B-000001" not in client.get(page, {"ref": "B-000001:forged"}).text
    signed = REFERENCE_SIGNER.sign("B-000001")
    response = client.get(page, {"ref": signed})
    assert response.status_code == 200
    assert "B-000001" in response.text
    assert Client().get(page, {"ref": "<script>"}).status_code == 200
