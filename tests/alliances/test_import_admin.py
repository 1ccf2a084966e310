"""The Kernteam imports a capture campaign from the admin: template, dry run, progress."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from alliances.models import ImportRun, NeedPage, OpportunityPage
from tests.factories import DistrictFactory, TopicFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def catalogues():
    DistrictFactory(name="Neheim", slug="neheim")
    DistrictFactory(name="Hüsten", slug="huesten")
    TopicFactory(name="Pflege und Alter", slug="pflege")


def _template(client) -> bytes:
    response = client.get("/admin/import/vorlage.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    day = f"{timezone.localdate():%Y-%m-%d}"  # cms.exports.download_name
    assert response["Content-Disposition"] == f'attachment; filename="vorlage-erfassung-{day}.xlsx"'
    return response.content


def test_the_template_has_the_columns_and_the_catalogue_values_as_lists(
    kernteam_client, catalogues
):
    workbook = load_workbook(io.BytesIO(_template(kernteam_client)))
    assert workbook.sheetnames == ["Einträge", "Werte"]
    sheet, values = workbook["Einträge"], workbook["Werte"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Art", "Titel", "Kurzbeschreibung", "Beschreibung"]
    columns = {cell.value: cell.column_letter for cell in values[1]}
    districts = [c.value for c in values[columns["Stadtteile"]][1:] if c.value]
    assert districts == ["Hüsten", "Neheim"]
    kinds = [c.value for c in values[columns["Art"]][1:] if c.value]
    assert kinds == ["Bedarfslage", "Entwicklungschance"]
    lists = {
        str(validation.sqref): validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    district_column = header.index("Stadtteile")
    letter = sheet.cell(row=1, column=district_column + 1).column_letter
    assert (
        lists[f"{letter}2:{letter}5000"]
        == f"'Werte'!${columns['Stadtteile']}$2:${columns['Stadtteile']}$3"
    )
    assert all(v.type == "list" for v in sheet.data_validations.dataValidation)


def _filled_template(client) -> bytes:
    workbook = load_workbook(io.BytesIO(_template(client)))
    sheet = workbook["Einträge"]
    header = [cell.value for cell in sheet[1]]

    def row(**values):
        return [values.get(name, "") for name in header]

    sheet.append(row(Art="Bedarfslage", Titel="Mittagstisch für Jung & Alt",
                     Kurzbeschreibung="Gemeinsam essen.", Stadtteile="Neheim, Hüsten",
                     Themenfelder="Pflege und Alter", Priorität="hoch"))  # fmt: skip
    sheet.append(row(Art="Entwicklungschance", Titel="", Kurzbeschreibung="Ohne Titel",
                     Stadtteile="Atlantis"))  # fmt: skip
    sheet.append(row(Art="Entwicklungschance", Titel="Leerstand Marktstraße",
                     Kurzbeschreibung="Laden leer.", Kanal="Bürgerversammlung"))  # fmt: skip
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_upload_dry_run_then_import_in_the_background(
    kernteam_client, catalogues, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("kampagne.xlsx", _filled_template(kernteam_client), XLSX)
    response = kernteam_client.post("/admin/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 von 3 Zeilen können importiert werden." in html
    assert "<td>3</td>" in html and "Titel: Bitte füllen Sie dieses Feld aus." in html
    assert "Stadtteile: Unbekannte Kürzel: Atlantis" in html
    assert not NeedPage.objects.exists()  # the dry run writes nothing

    run = ImportRun.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        started = kernteam_client.post(f"/admin/import/{run.pk}/")
    assert started.url == f"/admin/import/{run.pk}/fortschritt/"
    progress = kernteam_client.get(started.url).content.decode()  # as after a reload
    assert "Erledigt: 2 von 2 Zeilen importiert (100 %)" in progress
    assert 'http-equiv="refresh"' not in progress
    need = NeedPage.objects.get()
    assert need.title == "Mittagstisch für Jung & Alt" and need.priority == 3
    assert sorted(d.slug for d in need.districts.all()) == ["huesten", "neheim"]
    assert OpportunityPage.objects.get().capture_channel == "citizen_meeting"
    assert kernteam_client.post(f"/admin/import/{run.pk}/", follow=True).status_code == 200
    assert NeedPage.objects.count() == 1  # a second click imports nothing again


def test_the_progress_page_shows_the_workers_state_and_refreshes(kernteam_client, kernteam_user):
    run = ImportRun.objects.create(
        file=SimpleUploadedFile("gross.csv", b"kind;title;summary\n"),
        file_name="gross.csv",
        status=ImportRun.Status.RUNNING,
        valid=1000,
        done=250,
        created_by=kernteam_user,
    )
    html = kernteam_client.get(f"/admin/import/{run.pk}/fortschritt/").content.decode()
    assert '<progress value="250" max="1000"' in html
    assert "Wird importiert: 250 von 1000 Zeilen importiert (25 %)" in html
    assert '<meta http-equiv="refresh" content="2">' in html


def test_an_unreadable_upload_is_one_german_sentence(kernteam_client):
    upload = SimpleUploadedFile("bericht.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50, "text/csv")
    response = kernteam_client.post("/admin/import/", {"file": upload}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "„bericht.csv“" in html and "Bitte speichern Sie" in html
    assert "Traceback" not in html
    wrong = SimpleUploadedFile("brief.docx", b"PK", "application/octet-stream")
    response = kernteam_client.post("/admin/import/", {"file": wrong})
    assert "Bitte wählen Sie eine Tabelle" in response.content.decode()


def test_only_the_kernteam_imports(redaktion_user):
    client = Client()
    client.force_login(redaktion_user)
    assert client.get("/admin/import/").status_code in (302, 403)
    assert client.get("/admin/import/vorlage.xlsx").status_code in (302, 403)
