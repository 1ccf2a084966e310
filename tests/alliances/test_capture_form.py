import pytest
from wagtail.contrib.forms.models import FormSubmission

from alliances.models import CaptureFormField, CaptureFormPage, ItemPage, NeedPage, Person
from alliances.stages import ItemStage
from cms.models import HomePage
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    DistrictFactory(slug="neheim", name="Neheim")
    page = CaptureFormPage(
        title="Umfrage Nachbarschaft",
        slug="umfrage",
        title_field="Was fehlt?",
        description_field="Beschreiben Sie es",
        district_field="Stadtteil",
        contact_name_field="Ihr Name",
        contact_email_field="Ihre E-Mail",
        consent_field="Einwilligung",
        capture_channel=ItemPage.Channel.SURVEY,
    )
    for order, (label, field_type, choices) in enumerate(
        [
            ("Was fehlt?", "singleline", ""),
            ("Beschreiben Sie es", "multiline", ""),
            ("Stadtteil", "dropdown", "Neheim\nHüsten"),
            ("Ihr Name", "singleline", ""),
            ("Ihre E-Mail", "email", ""),
            ("Einwilligung", "checkbox", ""),
        ]
    ):
        page.form_fields.add(
            CaptureFormField(
                label=label,
                field_type=field_type,
                choices=choices,
                required=order < 2,
                sort_order=order,
            )
        )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def answers(**change):
    return {
        "was_fehlt": "Bank an der Bushaltestelle",
        "beschreiben_sie_es": "Ältere Menschen warten lange und können nirgends sitzen.",
        "stadtteil": "Neheim",
        "ihr_name": "Erika Muster",
        "ihre_e_mail": "erika@privat.example.org",
        **change,
    }


def test_a_survey_entry_becomes_a_captured_need_by_the_editors_mapping(client, survey):
    response = client.post(survey.url, answers(einwilligung="on"))

    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=survey).count() == 1
    need = NeedPage.objects.get()
    assert need.title == "Bank an der Bushaltestelle"
    assert (need.stage, need.live) == (ItemStage.CAPTURED, False)
    assert need.capture_channel == ItemPage.Channel.SURVEY
    assert [d.slug for d in need.districts.all()] == ["neheim"]
    assert need.reported_by_person.email == "erika@privat.example.org"
    assert "erika" not in f"{need.title} {need.summary} {need.body}".lower()


def test_without_consent_no_contact_data_is_kept(client, survey):
    client.post(survey.url, answers())
    assert NeedPage.objects.get().reported_by_person is None
    assert not Person.objects.exists()


def test_an_invalid_entry_captures_nothing(client, survey):
    response = client.post(survey.url, answers(was_fehlt=""))
    assert response.status_code == 200
    assert not NeedPage.objects.exists()


def test_the_mapping_must_name_existing_fields(admin_client, survey):
    data = {
        "title": survey.title,
        "slug": survey.slug,
        "capture_kind": "need",
        "capture_channel": "form",
        "title_field": "Gibt es nicht",
        "description_field": "Beschreiben Sie es",
        "form_fields-TOTAL_FORMS": "1",
        "form_fields-INITIAL_FORMS": "0",
        "form_fields-MIN_NUM_FORMS": "0",
        "form_fields-MAX_NUM_FORMS": "1000",
        "form_fields-0-label": "Beschreiben Sie es",
        "form_fields-0-field_type": "multiline",
        "form_fields-0-ORDER": "1",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(f"/admin/pages/{survey.pk}/edit/", data)
    errors = response.context["form"].errors
    assert "title_field" in errors
    assert "description_field" not in errors


def test_the_kernteam_mail_of_an_entry_is_an_outbox_row_of_its_transaction(
    client, survey, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cms.models import OutboundMail

    survey.to_address = "kernteam@stadt.example.org, zweite@stadt.example.org"
    survey.subject = "Neue Antwort"
    survey.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(survey.url, answers(was_fehlt="Treff für Jung & Alt"))
    row = OutboundMail.objects.get()
    submission = FormSubmission.objects.get()
    assert row.key == f"capture-form-submission:{submission.pk}"
    assert row.status == OutboundMail.Status.SENT
    [message] = mail.outbox
    assert message.to == ["kernteam@stadt.example.org", "zweite@stadt.example.org"]
    assert message.subject == "Neue Antwort"
    assert "Treff für Jung & Alt" in message.body
