"""Import files at the edges: every message German, naming the place, never Python's text."""

import csv
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from openpyxl import Workbook

from alliances import import_admin
from alliances.models import ImportRun, NeedPage
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def _failure(path) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("import_items", str(path), "--dry-run")
    return str(failure.value)


def test_an_overlong_csv_cell_is_named_by_line_column_and_limit(tmp_path):
    path = tmp_path / "hugecell.csv"
    huge = "x" * (csv.field_size_limit() + 10)
    path.write_text(f'kind,title,summary,description\nneed,A,B,"{huge}"\n', encoding="utf-8")
    message = _failure(path)
    assert "field limit" not in message and "field larger" not in message
    assert "„hugecell.csv“, Zeile 2, Spalte 4 („description“)" in message
    assert "höchstens 131.072 Zeichen" in message
    assert "Bitte kürzen Sie" in message


def test_another_csv_error_is_german_without_pythons_text(tmp_path, monkeypatch):
    class Broken:  # a reader in strict mode would say this of a stray quotation mark
        line_num = 0

        def __init__(self, *args, **kwargs):
            pass

        def __iter__(self):
            return self

        def __next__(self):
            raise csv.Error("',' expected after '\"'")

    monkeypatch.setattr("alliances.spreadsheets.csv.reader", Broken)
    path = tmp_path / "kaputt.csv"
    path.write_text("kind,title,summary\nneed,A,B\n", encoding="utf-8")
    message = _failure(path)
    assert "expected" not in message
    assert "„kaputt.csv“ kann ab Zeile 1 nicht gelesen werden" in message


@pytest.mark.parametrize("name", ["umfrage.csv", "umfrage.txt"])
def test_a_workbook_named_csv_is_read_as_the_workbook_it_is(tmp_path, name):
    DistrictFactory(name="Neheim", slug="neheim")
    workbook = Workbook()
    workbook.active.append(["Art", "Titel", "Kurzbeschreibung", "Stadtteile"])
    workbook.active.append(["Bedarf", "Bank am Markt", "Zum Ausruhen.", "Neheim"])
    workbook.save(tmp_path / "umfrage.xlsx")
    shutil.copy(tmp_path / "umfrage.xlsx", tmp_path / name)
    call_command("import_items", str(tmp_path / name))
    assert NeedPage.objects.get().title == "Bank am Markt"


def test_a_duplicate_column_is_an_error_naming_it(tmp_path):
    path = tmp_path / "doppelt.csv"
    path.write_text("kind,title,summary,Titel\nneed,A Titel,B,B Titel\n", encoding="utf-8")
    message = _failure(path)
    assert "mehrfach" in message and "title / Titel" in message
    assert NeedPage.objects.count() == 0


def test_many_unknown_columns_are_named_up_to_ten_then_counted(tmp_path):
    path = tmp_path / "breit.csv"
    unknown = [f"spalte{n}" for n in range(20000)]
    path.write_text(",".join(["kind", "title", "summary", *unknown]) + "\nneed,A,B\n")
    message = _failure(path)
    assert "spalte0, spalte1," in message and "spalte9 und 19.990 weitere." in message
    assert "spalte10" not in message
    assert len(message) < 500


def test_a_database_error_on_a_row_is_a_german_reason(tmp_path, monkeypatch, capsys):
    from alliances import importing

    def failing(*args, **kwargs):
        raise DatabaseError('duplicate key value violates unique constraint "wagtailcore_page"')

    monkeypatch.setattr(importing, "_write_batch", failing)
    path = tmp_path / "eine.csv"
    path.write_text("kind,title,summary\nneed,A,B\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_items", str(path))
    out = capsys.readouterr().out
    assert "duplicate key" not in out
    assert "Zeile 2: Die Datenbank hat diese Zeile abgelehnt" in out


def test_an_unexpected_error_in_the_background_import_is_german(kernteam_user, monkeypatch):
    run = ImportRun.objects.create(
        file=SimpleUploadedFile("a.csv", b"kind,title,summary\nneed,A,B\n"),
        file_name="a.csv",
        status=ImportRun.Status.QUEUED,
        created_by=kernteam_user,
    )

    def failing(**kwargs):
        raise OSError("[Errno 28] No space left on device")

    monkeypatch.setattr(import_admin, "import_items", failing)
    with pytest.raises(OSError):
        import_admin.import_run(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "No space" not in run.error
    assert run.error.startswith("Der Import wurde durch einen unerwarteten Fehler (OSError)")
