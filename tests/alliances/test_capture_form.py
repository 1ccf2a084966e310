import pytest
from wagtail.contrib.forms.models import FormSubmission

from alliances.models import CaptureFormField, CaptureFormPage, ItemPage, NeedPage, Person
from alliances.stages import ItemStage
from cms.models import HomePage
from tests.factories import DistrictFactory, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    DistrictFactory(slug="neheim", name="Neheim")
    return make_survey()


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

    assert response.status_code == 303
    assert FormSubmission.objects.filter(page=survey).count() == 1
    need = NeedPage.objects.get()
    assert need.title == "Bank an der Bushaltestelle"
    assert (need.stage, need.live) == (ItemStage.CAPTURED, False)
    assert need.capture_channel == ItemPage.Channel.SURVEY
    assert [d.slug for d in need.districts.all()] == ["neheim"]
    assert need.reported_by_person.email == "erika@privat.example.org"
    assert "erika" not in f"{need.title} {need.summary} {need.body}".lower()


def test_an_entry_redirects_to_the_thanks_and_a_reload_submits_nothing(client, survey):
    survey.thank_you_text = "<p>Danke für Ihre Hinweise zur Nachbarschaft!</p>"
    survey.save_revision().publish()

    response = client.post(survey.url, answers(einwilligung="on"))

    assert response.status_code == 303  # Post/Redirect/Get
    assert response["Location"] == f"{survey.url}danke/"
    for _ in range(2):  # the landing page, then the browser's reload of it
        thanks = client.get(response["Location"])
        assert thanks.status_code == 200
        assert "Danke für Ihre Hinweise zur Nachbarschaft!" in thanks.text
        assert "<form" not in thanks.text.split("<main", 1)[-1]
    assert client.post(response["Location"], answers()).status_code == 405
    assert FormSubmission.objects.filter(page=survey).count() == 1
    assert NeedPage.objects.count() == 1


def test_the_thanks_without_a_text_of_its_own_is_german_and_only_for_a_live_form(client, survey):
    thanks = client.get(f"{survey.url}danke/")
    assert thanks.status_code == 200
    assert "Danke! Das Kernteam sieht sich Ihren Eintrag an." in thanks.text
    assert client.get(f"{survey.url}danke/weiter/").status_code == 404
    url = f"{survey.url}danke/"
    survey.unpublish()
    assert client.get(url).status_code == 404


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
    # One message per recipient, each with their own withdrawal link (cms.withdrawal).
    assert [m.to for m in mail.outbox] == [
        ["kernteam@stadt.example.org"],
        ["zweite@stadt.example.org"],
    ]
    for message in mail.outbox:
        assert message.subject == "Neue Antwort"
        assert "Treff für Jung & Alt" in message.body


def test_the_entries_csv_opens_in_german_excel_and_runs_no_formula(client, survey, kernteam_client):
    import csv
    import io

    client.post(survey.url, answers(was_fehlt='=HYPERLINK("http://evil.example","x")'))
    client.post(survey.url, answers(was_fehlt="@SUMME(A1)", beschreiben_sie_es="-1+1 und mehr"))
    response = kernteam_client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "csv"})
    assert response.status_code == 200
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert "'@SUMME(A1)" in cells and "'-1+1 und mehr" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    xlsx = kernteam_client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "xlsx"})
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.title == (
        "Einsendungen"
    )


def test_only_cms_exports_writes_csv():
    """Every CSV the product writes goes through cms.exports (BOM, semicolons, neutralised)."""
    import re
    from pathlib import Path

    project = Path(__file__).resolve().parents[2]
    writer = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(project))
        for app in ("cms", "workflows", "alliances", "api")
        for path in (project / app).rglob("*.py")
        if path.name != "exports.py" and writer.search(path.read_text())
    ]
    assert offenders == []


@pytest.fixture
def multi_survey():
    from tests.factories import TopicFactory

    DistrictFactory(slug="neheim", name="Neheim")
    DistrictFactory(slug="huesten", name="Hüsten")
    DistrictFactory(slug="oeventrop", name="Oeventrop")
    TopicFactory(slug="jugend", name="Jugend")
    TopicFactory(slug="sport", name="Sport")
    page = CaptureFormPage(
        title="Umfrage Stadtteile",
        slug="umfrage-stadtteile",
        title_field="Was fehlt?",
        description_field="Beschreiben Sie es",
        district_field="Stadtteile",
        topic_field="Themen",
    )
    for order, (label, field_type, choices) in enumerate(
        [
            ("Was fehlt?", "singleline", ""),
            ("Beschreiben Sie es", "multiline", ""),
            ("Stadtteile", "checkboxes", "Neheim\nHüsten\nOeventrop"),
            ("Themen", "multiselect", "Jugend\nsport"),
        ]
    ):
        page.form_fields.add(
            CaptureFormField(label=label, field_type=field_type, choices=choices, sort_order=order)
        )
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def test_a_checkbox_list_and_a_multiple_select_attach_every_chosen_value(client, multi_survey):
    response = client.post(
        multi_survey.url,
        {
            "was_fehlt": "Jugendtreff",
            "beschreiben_sie_es": "Es gibt keinen Ort für Jugendliche.",
            "stadtteile": ["Neheim", "Hüsten"],
            "themen": ["Jugend", "sport"],
        },
    )
    assert response.status_code == 303
    need = NeedPage.objects.get()
    assert sorted(d.slug for d in need.districts.all()) == ["huesten", "neheim"]
    assert sorted(t.slug for t in need.topics.all()) == ["jugend", "sport"]


def _edit_data(page, **mapping):
    rows = [
        ("Was fehlt?", "singleline", ""),
        ("Beschreiben Sie es", "multiline", ""),
        ("Stadtteile", "checkboxes", "Neheim\nAtlantis"),
        ("Wann", "date", ""),
        ("Name", "singleline", ""),
    ]
    data = {
        "title": page.title,
        "slug": page.slug,
        "capture_kind": "need",
        "capture_channel": "form",
        "title_field": "Was fehlt?",
        "description_field": "Beschreiben Sie es",
        "form_fields-TOTAL_FORMS": str(len(rows)),
        "form_fields-INITIAL_FORMS": "0",
        "form_fields-MIN_NUM_FORMS": "0",
        "form_fields-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        **mapping,
    }
    for number, (label, field_type, choices) in enumerate(rows):
        data[f"form_fields-{number}-label"] = label
        data[f"form_fields-{number}-field_type"] = field_type
        data[f"form_fields-{number}-choices"] = choices
        data[f"form_fields-{number}-ORDER"] = str(number + 1)
    return data


def test_a_mapping_that_cannot_work_is_a_form_error_when_the_editor_saves(
    admin_client, multi_survey
):
    url = f"/admin/pages/{multi_survey.pk}/edit/"
    data = _edit_data(
        multi_survey, district_field="Stadtteile", topic_field="Wann", consent_field="Name"
    )
    errors = admin_client.post(url, data).context["form"].errors
    assert errors["district_field"] == [
        "Diese Auswahlmöglichkeiten stehen nicht im Katalog „Stadtteile“: Atlantis"
    ]
    assert errors["topic_field"] == ["Ein Feld vom Typ „Datum“ kann diesen Wert nicht liefern."]
    assert "consent_field" in errors
    assert "title_field" not in errors

    fixed = _edit_data(multi_survey, district_field="Name")  # free text: typed names work
    response = admin_client.post(url, fixed)
    assert response.status_code == 302


def test_the_admin_preview_of_the_landing_page_shows_it_in_place(rf, survey):
    request = rf.get(survey.url)
    response = survey.serve_preview(request, "landing")
    response.render()
    assert response.status_code == 200
    assert "Danke! Das Kernteam sieht sich Ihren Eintrag an." in response.content.decode()
