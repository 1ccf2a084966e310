"""Only an alliance that looks for people (forming or active: ALLIANCE_JOINABLE_STAGES,
AlliancePage.takes_sign_ups) takes sign-ups. A paused or concluded one is still public, but
its page shows no Mitmachen form, the sign-up form's own address and the API answer 410 in
German, and a confirmation link from before it closed confirms and tells nobody."""

import re
from datetime import date

import pytest
from django.core import mail

from alliances.models import AlliancePage
from alliances.stages import ALLIANCE_JOINABLE_STAGES, AllianceStage
from api.handins import services
from api.handins.models import InterestSignup
from cms.models import OutboundMail
from tests.factories.api import make_public, set_stage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

CLOSED = [AllianceStage.PAUSED, AllianceStage.CONCLUDED]
OPEN = [AllianceStage.FORMING, AllianceStage.ACTIVE]


def alliance_in(stage):
    return make_public(
        AlliancePage,
        title="Lesepaten",
        stage=stage,
        started_on=date(2025, 3, 14),
        contact_email="lesepaten@allianzen.example.org",
    )


def api_sign_up(client, alliance, email="jan@privat.example.org"):
    return client.post(
        f"/api/v1/alliances/{alliance.slug}/interest/",
        {"name": "Jan Jung", "email": email, "consent": True},
        content_type="application/json",
    )


def site_sign_up(client, alliance):
    return client.post(
        f"/mitmachen/allianz/{alliance.slug}/",
        {"name": "Jan Jung", "email": "jan@privat.example.org", "consent": "on"},
    )


def test_the_stages_that_take_sign_ups_are_forming_and_active():
    assert frozenset(OPEN) == ALLIANCE_JOINABLE_STAGES
    for stage in AllianceStage:
        assert AlliancePage(stage=stage).takes_sign_ups == (stage in OPEN)


@pytest.mark.parametrize("stage", CLOSED)
def test_a_closed_alliance_shows_no_form_and_refuses_sign_ups_in_german(
    client, stage, django_capture_on_commit_callbacks
):
    alliance = alliance_in(stage)
    join_url = f"/mitmachen/allianz/{alliance.slug}/"

    page = client.get(alliance.url)
    assert page.status_code == 200
    assert f'action="{join_url}"' not in page.text
    assert "Diese Allianz nimmt keine neuen Mitglieder auf." in page.text

    form = client.get(join_url)
    assert form.status_code == 410
    assert "Diese Allianz nimmt keine neuen Mitglieder auf" in form.text
    assert 'name="email"' not in form.text
    assert 'href="/mitmachen/"' in form.text  # the way to alliances that look for people

    with django_capture_on_commit_callbacks(execute=True):
        posted = site_sign_up(client, alliance)
        api = api_sign_up(client, alliance)
    assert posted.status_code == 410
    assert "Diese Allianz nimmt keine neuen Mitglieder auf" in posted.text
    assert api.status_code == 410
    assert api.json() == {
        "status": 410,
        "title": "Nicht mehr verfügbar",
        "detail": "Diese Allianz nimmt keine neuen Mitglieder auf.",
    }
    assert not InterestSignup.objects.exists()
    assert not OutboundMail.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("stage", OPEN)
def test_a_forming_or_active_alliance_takes_sign_ups(client, stage):
    alliance = alliance_in(stage)
    join_url = f"/mitmachen/allianz/{alliance.slug}/"
    page = client.get(alliance.url).text
    assert f'action="{join_url}"' in page
    assert "keine neuen Mitglieder" not in page
    assert client.get(join_url).status_code == 200
    assert site_sign_up(client, alliance).status_code == 302
    assert api_sign_up(client, alliance, email="greta@privat.example.org").status_code == 202
    assert InterestSignup.objects.count() == 2


@pytest.mark.parametrize("stage", CLOSED)
def test_the_service_refuses_an_alliance_that_closed_after_it_was_read(stage):
    alliance = alliance_in(AllianceStage.ACTIVE)
    set_stage(AlliancePage.objects.get(pk=alliance.pk), stage)  # `alliance` still says active
    with pytest.raises(services.AllianceClosed):
        services.interest_create(alliance=alliance, name="Jan", email="jan@privat.example.org")
    assert not InterestSignup.objects.exists()
    assert not OutboundMail.objects.exists()


@pytest.mark.parametrize("stage", CLOSED)
def test_a_confirmation_link_from_before_the_alliance_closed_confirms_nothing(
    client, stage, django_capture_on_commit_callbacks
):
    alliance = alliance_in(AllianceStage.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_sign_up(client, alliance).status_code == 202
    link = re.search(r"http://testserver(/interest/confirm/\S+/)", mail.outbox[0].body).group(1)
    set_stage(alliance, stage)

    shown = client.get(link)
    assert shown.status_code == 410
    assert "Diese Allianz nimmt keine neuen Mitglieder auf" in shown.text
    assert "<form" not in shown.text.split("<main", 1)[-1]
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(link)
    assert posted.status_code == 410
    assert InterestSignup.objects.get().confirmed_at is None
    assert len(mail.outbox) == 1  # the coordinator hears nothing
    with pytest.raises(services.AllianceClosed):
        services.interest_confirm(signup=InterestSignup.objects.get())


def test_a_sign_up_confirmed_before_the_alliance_closed_stays_confirmed(
    client, django_capture_on_commit_callbacks
):
    alliance = alliance_in(AllianceStage.ACTIVE)
    with django_capture_on_commit_callbacks(execute=True):
        api_sign_up(client, alliance)
    link = re.search(r"http://testserver(/interest/confirm/\S+/)", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    set_stage(alliance, AllianceStage.CONCLUDED)
    again = client.get(link)
    assert again.status_code == 200
    assert "ist bestätigt" in again.text
    assert services.interest_confirm(signup=InterestSignup.objects.get()) is False


def test_the_schema_names_the_410_of_the_sign_up():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"]["/api/v1/alliances/{slug}/interest/"]["post"]["responses"]
    assert "410" in responses
    assert "410" not in schema["paths"]["/api/v1/submissions/"]["post"]["responses"]
