import pytest
from django.core import mail

from alliances.models import ItemPage, NeedPage, OpportunityPage, Person
from alliances.stages import ItemStage
from tests.factories import DistrictFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

URL = "/api/v1/submissions/"


@pytest.fixture
def payload():
    DistrictFactory(slug="neheim", name="Neheim")
    TopicFactory(slug="pflege", name="Pflege und Alter")
    return {
        "kind": "need",
        "title": "Einkaufshilfe für ältere Menschen",
        "description": "Viele ältere Menschen in Neheim kommen nicht mehr allein zum Einkaufen.",
        "district": "neheim",
        "topic": "pflege",
    }


def test_a_need_handed_in_lands_captured_unpublished_and_the_kernteam_is_told(
    client, payload, kernteam_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, payload, content_type="application/json")

    assert response.status_code == 201, response.content
    page = NeedPage.objects.get()
    assert response.json() == {
        "reference": f"B-{page.pk:06d}",
        "kind": "need",
        "stage": "captured",
    }
    assert (page.stage, page.live) == (ItemStage.CAPTURED, False)
    assert page.capture_channel == ItemPage.Channel.PARTNER_WEBSITE
    assert page.revisions.count() == 1
    assert [d.slug for d in page.districts.all()] == ["neheim"]
    assert [t.slug for t in page.topics.all()] == ["pflege"]
    assert not NeedPage.objects.publicly_visible().exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [kernteam_user.email]
    assert f"B-{page.pk:06d}" in mail.outbox[0].subject
    assert f"/admin/pages/{page.pk}/edit/" in mail.outbox[0].body


def test_an_opportunity_gets_its_own_reference(client, payload):
    response = client.post(URL, {**payload, "kind": "opportunity"}, content_type="application/json")
    assert response.status_code == 201
    page = OpportunityPage.objects.get()
    assert response.json()["reference"] == f"E-{page.pk:06d}"


def test_contact_data_goes_into_a_person_never_into_the_page(client, payload):
    contact = {"name": "Erika Muster", "email": "erika@privat.example.org", "consent": True}
    response = client.post(URL, {**payload, "contact": contact}, content_type="application/json")

    assert response.status_code == 201
    page = NeedPage.objects.get()
    person = Person.objects.get()
    assert (person.first_name, person.last_name, person.email) == (
        "Erika",
        "Muster",
        "erika@privat.example.org",
    )
    assert page.reported_by_person == person
    public_text = f"{page.title} {page.summary} {page.body} {page.reporter_note}"
    assert "erika" not in public_text.lower()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "wish"}, "kind"),
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"description": "zu kurz"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"district": "atlantis"}, "district"),
        ({"topic": "unbekannt"}, "topic"),
        ({"topic": "pfle\x00ge"}, "topic"),  # PostgreSQL refuses NUL in a query: a 500 once
        ({"district": "\x00"}, "district"),
        ({"website": "http://spam.example"}, "website"),
        ({"contact": {"name": "Erika", "email": "erika@example.org", "consent": False}}, "contact"),
        ({"contact": {"name": "Erika", "consent": True}}, "contact"),
    ],
)
def test_bad_input_is_a_400_with_field_messages_and_nothing_is_stored(
    client, payload, change, field
):
    response = client.post(URL, {**payload, **change}, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ItemPage.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.parametrize("value", [["neheim"], {"a": 1}, 7, True, None])
@pytest.mark.parametrize("field", ["district", "topic"])
def test_a_slug_that_is_not_text_is_said_so_not_spelt_in_python(
    client, payload, settings, field, value
):
    settings.LANGUAGE_CODE = "de"
    response = client.post(URL, {**payload, field: value}, content_type="application/json")
    if value is None and field == "topic":  # optional: null means none
        assert response.status_code == 201
        return
    assert response.status_code == 400
    message = " ".join(map(str, response.json()["errors"][field]))
    assert "['" not in message and "{'" not in message and "None" not in message
    # null too: what belongs here, not "give a value" (tests/api/handins/test_json_types.py)
    assert message.startswith("Bitte geben Sie einen Kurznamen als Text an")
    assert not ItemPage.objects.exists()


def test_an_oversized_request_is_refused(client, payload, settings):
    padding = "x" * settings.HANDIN_MAX_BYTES
    response = client.post(URL, {**payload, "padding": padding}, content_type="application/json")
    assert response.status_code == 413
    assert not ItemPage.objects.exists()


def test_anonymous_hand_ins_are_throttled(client, payload, settings):
    settings.HANDIN_THROTTLE_RATE = "2/hour"
    codes = [
        client.post(URL, payload, content_type="application/json").status_code for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert NeedPage.objects.count() == 2
    limited = client.post(URL, payload, content_type="application/json")
    assert 0 < int(limited["Retry-After"]) <= 3600


def test_a_partner_key_attributes_the_hand_in_and_a_bad_key_stores_nothing(client, payload):
    from api.models import Partner, PartnerAPIKey

    partner = Partner.objects.create(name="Bürgerverein Neheim", contact_email="a@b.example.org")
    _, key = PartnerAPIKey.objects.create_key(partner=partner, name="Website")

    response = client.post(URL, payload, content_type="application/json", HTTP_X_API_KEY=key)
    assert response.status_code == 201
    assert "Bürgerverein Neheim" in NeedPage.objects.get().reporter_note

    response = client.post(
        URL, payload, content_type="application/json", HTTP_X_API_KEY="nope.invalid"
    )
    assert response.status_code == 401
    assert NeedPage.objects.count() == 1
