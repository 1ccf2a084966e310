import csv
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from openpyxl import Workbook
from wagtail.models import Page, Revision

from alliances import importing
from alliances.models import (
    GapAssessment,
    ItemPage,
    NeedIndexPage,
    NeedPage,
    OpportunityPage,
)
from alliances.stages import ItemStage
from tests.factories import (
    AgeGroupFactory,
    DistrictFactory,
    StandardFactory,
    TopicFactory,
    make_page,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "kind", "title", "summary", "description", "districts", "topics", "age_groups",
    "priority", "capture_channel", "captured_on", "standard", "actual_value", "measured_on",
    "source",
]  # fmt: skip


@pytest.fixture
def catalogues():
    DistrictFactory(name="Neheim", slug="neheim")
    DistrictFactory(name="Hüsten", slug="huesten")
    TopicFactory(name="Pflege und Alter", slug="pflege")
    AgeGroupFactory(name="Seniorinnen und Senioren", slug="senioren")
    StandardFactory(reference="Ratsbeschluss 2019/211", target_value=Decimal("15"))


def _row(**values):
    row = dict.fromkeys(HEADER, "")
    row.update(kind="need", summary="Aus der Umfrage im Quartier.")
    row.update(values)
    return [row[name] for name in HEADER]


def _csv(path, rows, delimiter=","):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _import(path, *args):
    call_command("import_items", str(path), *args)


GOOD_ROWS = [
    _row(
        title="Treffpunkt für Ältere in Neheim",
        description="Es fehlt ein Ort.\n\nViele wünschen sich Nachmittage.",
        districts="neheim, huesten",
        topics="pflege",
        age_groups="senioren",
        priority="high",
        captured_on="2026-03-12",
        standard="Ratsbeschluss 2019/211",
        actual_value="9",
        measured_on="2026-01-31",
        source="Sozialbericht 2026",
    ),
    _row(kind="opportunity", title="Leerstehende Schule", districts="huesten", priority="2"),
    _row(title="Bürgerbus am Wochenende", capture_channel="citizen_meeting"),
]


def test_good_file_imports_captured_pages_with_revisions(catalogues, tmp_path, capsys):
    index = NeedIndexPage.objects.get()
    _import(_csv(tmp_path / "umfrage.csv", GOOD_ROWS))

    assert "3 von 3 Zeilen als erfasste Seiten importiert" in capsys.readouterr().out
    need = NeedPage.objects.get(title="Treffpunkt für Ältere in Neheim")
    assert need.stage == ItemStage.CAPTURED
    assert need.live and need.slug == "treffpunkt-für-ältere-in-neheim"  # the one slug policy
    assert need.priority == ItemPage.Priority.HIGH
    assert need.capture_channel == ItemPage.Channel.SURVEY
    assert need.captured_on == date(2026, 3, 12)
    assert sorted(d.slug for d in need.districts.all()) == ["huesten", "neheim"]
    assert [t.slug for t in need.topics.all()] == ["pflege"]
    assert [b.block_type for b in need.body] == ["paragraph"]
    gap = GapAssessment.objects.get(item=need)
    assert (gap.actual_value, gap.source) == (Decimal("9"), "Sozialbericht 2026")
    assert gap.stored_gap == gap.gap > 0  # written in bulk: stored as save() would
    assert need.relative_gap == Decimal("0.400")
    # A published revision holding the whole content, as the editor will see it.
    assert need.latest_revision_id == need.live_revision_id is not None
    restored = need.get_latest_revision_as_object()
    assert sorted(d.slug for d in restored.districts.all()) == ["huesten", "neheim"]
    assert [g.source for g in restored.gap_assessments.all()] == ["Sozialbericht 2026"]
    assert Revision.objects.filter(object_id=str(need.pk)).count() == 1
    # A sound tree, and captured items stay out of public listings.
    index.refresh_from_db()
    assert index.numchild == index.get_children().count() == 2
    assert Page.find_problems() == ([], [], [], [], [])
    assert OpportunityPage.objects.get().url_path.endswith("/leerstehende-schule/")
    assert not NeedPage.objects.publicly_visible().exists()
    assert [p.title for p in NeedPage.objects.search("Bürgerbus")] == ["Bürgerbus am Wochenende"]


def test_bad_rows_are_reported_with_line_numbers(catalogues, tmp_path, capsys):
    rows = [
        GOOD_ROWS[1],
        _row(title="Unbekannter Stadtteil", districts="neheim, atlantis"),
        _row(title="", priority="7"),
        _row(title="Ohne Quelle", standard="Ratsbeschluss 2019/211", actual_value="3"),
        _row(title="Unbekannter Standard", standard="§ 1 Nirgendwo", actual_value="1"),
    ]
    with pytest.raises(CommandError, match="4 Zeilen abgelehnt"):
        _import(_csv(tmp_path / "umfrage.csv", rows))

    out = capsys.readouterr().out
    assert "Zeile 3: Stadtteile:" in out and "atlantis" in out
    assert "Zeile 4: Titel:" in out and "Priorität:" in out
    assert "Zeile 5: Gemessen am:" in out and "Quelle:" in out
    assert "Zeile 6: Standard:" in out
    assert "1 von 5 Zeilen als erfasste Seiten importiert" in out
    assert list(ItemPage.objects.values_list("title", flat=True)) == ["Leerstehende Schule"]
    assert not GapAssessment.objects.exists()


def test_dry_run_validates_and_writes_nothing(catalogues, tmp_path, capsys):
    rows = [*GOOD_ROWS, _row(title="Kaputt", districts="atlantis")]
    pages, revisions = Page.objects.count(), Revision.objects.count()

    with pytest.raises(CommandError, match="1 Zeile abgelehnt"):
        _import(_csv(tmp_path / "umfrage.csv", rows), "--dry-run")

    out = capsys.readouterr().out
    assert "Zeile 7: Stadtteile:" in out  # the first row's description spans lines 2-4
    assert "Probelauf: 3 von 4 Zeilen sind gültig; nichts geschrieben." in out
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)


def test_xlsx_and_german_spreadsheet_conventions(catalogues, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kind", "Title", "Summary", "Captured on", "Standard", "Actual value",
                  "Measured on", "Source", "Priority"])  # fmt: skip
    sheet.append(["opportunity", "Gemeinschaftsgarten", "Brachfläche nutzen.", date(2026, 4, 1),
                  "ratsbeschluss 2019/211", 12.5, date(2026, 2, 1), "Zählung", 4])  # fmt: skip
    workbook.save(tmp_path / "kampagne.xlsx")
    _import(tmp_path / "kampagne.xlsx")

    page = OpportunityPage.objects.get()
    assert (page.captured_on, page.priority) == (date(2026, 4, 1), 4)
    assert GapAssessment.objects.get(item=page).actual_value == Decimal("12.5")

    _csv(tmp_path / "excel.csv", [_row(title="Semikolon", captured_on="12.03.2026",
         standard="Ratsbeschluss 2019/211", actual_value="7,5", measured_on="01.02.2026",
         source="Umfrage")], delimiter=";")  # fmt: skip
    _import(tmp_path / "excel.csv")
    assert GapAssessment.objects.get(item__title="Semikolon").actual_value == Decimal("7.5")


def test_slugs_are_unique_and_a_taken_slug_is_rejected(catalogues, tmp_path, capsys):
    make_page(NeedPage, title="Bürgerbus", slug="buergerbus")
    path = tmp_path / "slugs.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("kind,title,summary,slug\n")
        handle.write("need,Bürgerbus,Eins.,buergerbus\n")
        handle.write("need,Zweimal,Zwei.,\nneed,Zweimal,Drei.,\n")
    with pytest.raises(CommandError):
        _import(path)
    assert "Zeile 2: Kurzname:" in capsys.readouterr().out
    assert sorted(NeedPage.objects.values_list("slug", flat=True)) == [
        "buergerbus", "zweimal", "zweimal-2",
    ]  # fmt: skip


def test_unknown_columns_stop_the_import(tmp_path):
    path = tmp_path / "falsch.csv"
    path.write_text("kind,title,summary,bezirk\nneed,A,B,C\n", encoding="utf-8")
    with pytest.raises(CommandError, match="bezirk"):
        _import(path)


def test_a_row_failing_in_the_database_leaves_nothing_half_written(
    catalogues, tmp_path, monkeypatch, capsys
):
    write_m2m = importing._m2m_rows

    def failing_m2m(pages, data_rows):
        if any(page.title == "Kaputt" for page in pages):
            raise IntegrityError("simulated failure")
        write_m2m(pages, data_rows)

    monkeypatch.setattr(importing, "_m2m_rows", failing_m2m)
    rows = [GOOD_ROWS[0], _row(title="Kaputt", districts="neheim"), GOOD_ROWS[2]]
    with pytest.raises(CommandError, match="1 Zeile abgelehnt"):
        _import(_csv(tmp_path / "umfrage.csv", rows))

    assert "Zeile 5: Die Datenbank hat diese Zeile abgelehnt" in capsys.readouterr().out
    assert sorted(ItemPage.objects.values_list("title", flat=True)) == [
        "Bürgerbus am Wochenende", "Treffpunkt für Ältere in Neheim",
    ]  # fmt: skip
    assert Revision.objects.filter(object_str="Kaputt").count() == 0
    index = NeedIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == 2
    assert Page.find_problems() == ([], [], [], [], [])


def test_many_rows_in_several_batches(catalogues, tmp_path):
    rows = [_row(title=f"Eintrag {n}", districts="neheim") for n in range(7)]
    result = importing.import_items(path=_csv(tmp_path / "viele.csv", rows), batch_size=3)

    assert (result.rows, result.imported, result.rejected) == (7, 7, [])
    index = NeedIndexPage.objects.get()
    assert index.numchild == index.get_children().count() == 7
    assert Page.find_problems() == ([], [], [], [], [])


def test_import_refreshes_the_planner_statistics(catalogues, tmp_path):
    # Without them SQLite runs full-text searches the slow way round (see alliances.bulk).
    _import(_csv(tmp_path / "umfrage.csv", GOOD_ROWS))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailsearch_indexentry'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stats WHERE tablename = 'wagtailsearch_indexentry'"
            )
        assert cursor.fetchone()[0] > 0
