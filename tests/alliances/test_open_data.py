import csv
import io
import json
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from alliances.models import AlliancePage, ImpactReport, NeedPage, OpportunityPage, ServicePage
from alliances.opendata.resources import RESOURCES
from alliances.opendata.services import ZIP_NAME, file_names, open_data_generate, title
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from tests.factories import (
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    add_member,
    make_gap,
    make_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = str(tmp_path / "open-data")
    return tmp_path / "open-data"


@pytest.fixture
def programme():
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    alliance.districts.set([neheim])
    alliance.save()
    add_member(
        alliance, person=PersonFactory(first_name="Geheime", last_name="Person", email="p@x.org")
    )
    add_member(alliance, organisation=OrganisationFactory(name="Stadtbücherei"))
    make_page(AlliancePage, title="Vorschlag", stage=AllianceStage.PROPOSED)
    need = make_page(NeedPage, title="Leseförderung", stage=ItemStage.IN_ANALYSIS)
    make_gap(need, actual="40")
    make_page(NeedPage, title="Nur erfasst", stage=ItemStage.CAPTURED)
    make_page(NeedPage, title="Entwurf", stage=ItemStage.IN_ANALYSIS, publish=False)
    make_page(OpportunityPage, title="Leerstand nutzen", stage=ItemStage.IN_DEFINITION)
    make_page(ServicePage, title="Vorlesen", stage=ServiceStage.DEFINED)
    make_page(ServicePage, title="Im Entwurf", stage=ServiceStage.DRAFT)
    ImpactReport.objects.create(
        alliance=alliance,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        people_reached=48,
        volunteer_hours=Decimal("120"),
        what_changed="Kinder lesen besser.",
    )
    return alliance


def _read_csv(path):
    """As German Excel reads it: UTF-8 with BOM, semicolons."""
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_generates_public_data_only_as_csv_json_readme_and_zip(open_data_dir, programme):
    counts = open_data_generate()
    assert counts["alliances"] == 1
    assert counts["needs"] == 1
    assert counts["opportunities"] == 1
    assert counts["services"] == 1
    assert counts["gaps"] == 1
    assert counts["impact"] == 1
    assert sorted(p.name for p in open_data_dir.iterdir() if p.name[0] != ".") == sorted(
        file_names()
    )

    alliances = json.loads((open_data_dir / "alliances.json").read_text())
    assert alliances["licence"].endswith("(CC BY 4.0)")
    [row] = alliances["items"]
    assert (row["title"], row["districts"], row["citizens"]) == ("Lesepaten", ["neheim"], 1)
    assert row["organisations"] == ["Stadtbücherei"]
    everything = "".join(p.read_text("utf-8-sig") for p in open_data_dir.glob("*.[cj]s*"))
    for secret in ("Geheime", "p@x.org", "Vorschlag", "Nur erfasst", "Entwurf", "Im Entwurf"):
        assert secret not in everything

    needs = json.loads((open_data_dir / "needs.json").read_text())["items"]
    assert needs[0]["gaps"][0]["gap"] == "40.00"
    rows = _read_csv(open_data_dir / "needs.csv")
    assert rows[0]["title"] == "Leseförderung" and rows[0]["gap_count"] == "1"
    impact = _read_csv(open_data_dir / "impact.csv")
    assert impact[0]["people_reached"] == "48" and impact[0]["districts"] == "neheim"

    readme = (open_data_dir / "README.md").read_text()
    assert "CC BY 4.0" in readme and "`people_reached`" in readme
    with zipfile.ZipFile(open_data_dir / ZIP_NAME) as zipped:
        assert sorted(zipped.namelist()) == sorted(n for n in file_names() if n != ZIP_NAME)


def test_files_are_served_under_stable_urls(client, open_data_dir, programme):
    call_command("generate_open_data", stdout=io.StringIO())
    index = client.get("/open-data/")
    assert index.status_code == 200
    assert 'href="/open-data/alliances.csv"' in index.text
    response = client.get("/open-data/alliances.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))["count"] == 1
    archive = client.get(f"/open-data/{ZIP_NAME}")
    assert archive["Content-Type"] == "application/zip"


def test_a_file_not_yet_generated_says_so_with_a_404(client, open_data_dir):
    index = client.get("/open-data/")
    assert index.status_code == 200
    assert "noch nicht erzeugt" in index.text
    response = client.get("/open-data/alliances.csv")
    assert response.status_code == 404
    assert "noch nicht erzeugt" in response.text
    assert client.get("/open-data/..%2Fsettings.py").status_code == 404
    assert client.get("/open-data/unknown.csv").status_code == 404


def test_the_scheduled_task_writes_the_files(open_data_dir, programme):
    from django_q.tasks import async_task

    async_task("alliances.opendata.tasks.generate_open_data")  # sync in tests
    assert (open_data_dir / "impact.json").is_file()


def test_open_data_follows_every_public_change_within_the_minute_job(open_data_dir, programme):
    """A withdrawn page leaves the files at the job's next run, a new one enters; without
    a change the job writes nothing."""
    from api.readmodel.tasks import follow_open_data

    def alliance_titles() -> set[str]:
        document = json.loads((open_data_dir / "alliances.json").read_text())
        return {item["title"] for item in document["items"]}

    call_command("generate_open_data", stdout=io.StringIO())  # the admin's button, too
    assert follow_open_data() is True  # not written from a known state: once more
    assert alliance_titles() == {"Lesepaten"}
    assert follow_open_data() is False
    written = (open_data_dir / ZIP_NAME).stat().st_mtime_ns

    programme.unpublish()
    assert follow_open_data() is True
    assert alliance_titles() == set()
    assert "Lesepaten" not in (open_data_dir / "alliances.csv").read_text("utf-8-sig")
    assert (open_data_dir / ZIP_NAME).stat().st_mtime_ns > written

    make_page(AlliancePage, title="Repair-Café", stage=AllianceStage.ACTIVE)
    assert follow_open_data() is True
    assert alliance_titles() == {"Repair-Café"}
    assert follow_open_data() is False
    assert not any(name.startswith((".stamp", ".counts")) for name in file_names())


def test_open_data_is_never_written_twice_at_once(open_data_dir, programme):
    from alliances.opendata.services import writing_lock
    from api.readmodel.tasks import follow_open_data

    with writing_lock() as acquired:  # another worker is writing
        assert acquired
        assert follow_open_data() is False
        assert not (open_data_dir / "alliances.json").exists()
    assert follow_open_data() is True
    with writing_lock() as acquired:
        assert acquired  # released after writing


def test_a_worker_killed_while_writing_blocks_no_later_run(open_data_dir, programme):
    """The lock dies with its process (SIGKILL included): the next run writes at once."""
    import subprocess
    import sys

    from alliances.opendata.services import WRITING_LOCK_NAME
    from api.readmodel.tasks import follow_open_data

    open_data_dir.mkdir(parents=True)
    holder = subprocess.Popen(  # noqa: S603 (our own interpreter and code)
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time; f = open(sys.argv[1], 'ab'); "
            "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
            str(open_data_dir / WRITING_LOCK_NAME),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert follow_open_data() is False  # a worker is writing
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert follow_open_data() is True
    assert (open_data_dir / "alliances.json").is_file()


def test_a_formula_in_a_public_title_is_neutralised_and_the_readme_says_so(
    open_data_dir, programme
):
    programme.title = '=HYPERLINK("http://evil.example","Klick")'
    programme.save_revision().publish()
    make_page(AlliancePage, title="+49 Telefonkette", stage=AllianceStage.ACTIVE)
    make_page(AlliancePage, title="@Jugend", stage=AllianceStage.ACTIVE)
    make_page(AlliancePage, title="-5 Grad Kältehilfe", stage=AllianceStage.ACTIVE)
    open_data_generate()
    titles = sorted(row["title"] for row in _read_csv(open_data_dir / "alliances.csv"))
    assert titles == [
        "'+49 Telefonkette",
        "'-5 Grad Kältehilfe",
        '\'=HYPERLINK("http://evil.example","Klick")',
        "'@Jugend",
    ]
    # JSON is data, not a spreadsheet: it keeps the title as written.
    document = json.loads((open_data_dir / "alliances.json").read_text())
    assert '=HYPERLINK("http://evil.example","Klick")' in [i["title"] for i in document["items"]]
    readme = (open_data_dir / "README.md").read_text()
    assert "Apostroph" in readme and "apostrophe" in readme


def test_dataset_names_and_readme_are_german_with_english_alongside(
    client, open_data_dir, programme
):
    open_data_generate()
    readme = (open_data_dir / "README.md").read_text()
    assert "## Bedarfslagen / Needs\n\n`needs.csv`, `needs.json`: 1 Eintrag / record\n" in readme
    assert "| `people_reached` | erreichte Menschen | people reached |" in readme
    index = client.get("/open-data/").text
    assert "Stadtteile von Arnsberg / The districts of Arnsberg" in index


def test_open_data_exists_right_after_migrate(open_data_dir):
    assert not open_data_dir.exists()
    call_command("migrate", verbosity=0)
    assert sorted(p.name for p in open_data_dir.iterdir() if p.name[0] != ".") == sorted(
        file_names()
    )


def test_the_export_costs_the_same_queries_however_many_pages(open_data_dir, settings):
    """Related rows are joined or fetched with IN, never by one condition per row: the
    export of 2,000 alliances failed on SQLite ("Expression tree is too large"), when the
    organisations were prefetched as "id = %s OR id = %s …"."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alliances.demo.scale import seed_scale

    call_command("seed_demo", stdout=io.StringIO())
    counts = []
    for added in (10, 30):
        seed_scale(added, progress=lambda line: None)
        open_data_generate()  # per-process lookups (the site's root paths) come first
        with CaptureQueriesContext(connection) as queries:
            open_data_generate()
        assert max(q["sql"].count(" OR ") for q in queries.captured_queries) <= 3
        counts.append([re.sub(r"\d+", "N", q["sql"])[:120] for q in queries.captured_queries])
    assert counts[0] == counts[1]


def test_the_index_says_when_the_files_are_behind_the_site(client, open_data_dir, programme):
    """Without a worker the files stay as last written: the index says from when they are
    and that later changes are not in them yet."""
    from api.readmodel.tasks import follow_open_data

    behind = "Änderungen seit diesem Zeitpunkt sind noch nicht enthalten"
    assert follow_open_data() is True
    assert behind not in client.get("/open-data/").text
    programme.unpublish()
    index = client.get("/open-data/").text
    assert behind in index and "Stand vom" in index
    assert follow_open_data() is True
    assert behind not in client.get("/open-data/").text


def test_the_labels_name_each_set_once(client, open_data_dir, programme):
    """Break test: "Bedarfslagen / Needs (Bedarfslagen)" said the German twice."""
    open_data_generate()
    labels = [title(resource) for resource in RESOURCES]
    assert "Bedarfslagen / Needs" in labels
    assert "Entwicklungschancen / Development opportunities" in labels
    assert "Arnsberger Allianzen / Arnsberg alliances" in labels
    for label in labels:
        german, english = label.split(" / ")
        assert german not in english and "(" not in label, label
    index = client.get("/open-data/").text
    assert "(Bedarfslagen)" not in index and "(öffentliche)" not in index


def test_files_written_before_anything_was_public_say_they_are_empty(
    client, kernteam_client, open_data_dir
):
    """Break test: files written while nothing was public (before the demo data, with no
    worker to follow) held 0 records, and the pages did not say so."""
    open_data_generate()
    readme = (open_data_dir / "README.md").read_text()
    assert "`needs.csv`, `needs.json`: noch leer / empty so far" in readme
    index = client.get("/open-data/").text
    assert "Die Dateien sind noch leer" in index
    row = index.partition("Bedarfslagen / Needs</th>")[2].partition("</tr>")[0]
    assert "<td>noch leer</td>" in row
    assert "Die Dateien sind noch leer" in kernteam_client.get("/admin/offene-daten/").text


def test_the_index_says_how_many_records_each_file_holds(client, open_data_dir, programme):
    open_data_generate()
    index = client.get("/open-data/").text
    row = index.partition("Bedarfslagen / Needs</th>")[2].partition("</tr>")[0]
    assert "<td>1 Eintrag</td>" in row
    assert "Die Dateien sind noch leer" not in index


def test_the_readme_promises_no_update_it_cannot_know_of(open_data_dir):
    """Break test: it said "updated within a minute of every change" also when written with
    no worker running; it cannot know whether one will run."""
    open_data_generate()
    readme = (open_data_dir / "README.md").read_text()
    assert "Binnen einer Minute" not in readme and "within a minute of every" not in readme
    assert "solange\nsie läuft" in readme and "while it runs" in readme
    assert "Ob diese Dateien aktuell sind, sagt die\nSeite /open-data/" in readme
