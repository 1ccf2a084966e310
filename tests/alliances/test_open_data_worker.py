"""Open data without a running worker: the public index and the admin page say honestly
that the files follow only once it runs again, and the admin's button leaves a durable
request (POST/redirect/GET) instead of a task a stopped worker never takes."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from alliances.models import AlliancePage, OpenDataRequest
from alliances.opendata.services import ZIP_NAME
from alliances.stages import AllianceStage
from api.readmodel.tasks import follow_open_data
from cms import health
from cms.models import WorkerHeartbeat
from tests.factories import make_page

pytestmark = pytest.mark.django_db

PAGE = "/admin/offene-daten/"
BUTTON = "/admin/offene-daten/schreiben/"
BEHIND = "Änderungen seit diesem Zeitpunkt sind noch nicht enthalten"
SOON = "sie folgen innerhalb weniger Minuten"
PAUSED = "Die automatische Aktualisierung ist gerade unterbrochen"
NO_WORKER = "Kein Hintergrunddienst aktiv"


@pytest.fixture
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = str(tmp_path / "open-data")
    return tmp_path / "open-data"


@pytest.fixture
def worker(monkeypatch):
    """The worker's signals: running clusters (none) and the last heartbeat."""

    class Worker:
        clusters = 0

        def runs(self):
            self.clusters = 1

        def stopped(self):
            self.clusters = 0
            health.heartbeat()
            WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))

    fake = Worker()
    monkeypatch.setattr(health, "running_clusters", lambda: fake.clusters)
    return fake


@pytest.fixture
def behind(open_data_dir):
    """Files written, then a public change the worker has not followed yet."""
    alliance = make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    assert follow_open_data() is True
    alliance.unpublish()
    return alliance


def test_the_public_index_promises_minutes_only_while_a_worker_runs(client, worker, behind):
    worker.runs()
    index = client.get("/open-data/").text
    assert BEHIND in index and SOON in index and PAUSED not in index
    worker.stopped()
    index = client.get("/open-data/").text
    assert BEHIND in index and PAUSED in index
    assert SOON not in index
    assert "Hintergrunddienst" not in index and "Worker" not in index  # no internals


def test_files_not_yet_written_say_so_without_a_promise_when_no_worker_runs(
    client, worker, open_data_dir
):
    worker.stopped()
    index = client.get("/open-data/").text
    assert "noch nicht erzeugt" in index and PAUSED in index
    assert "innerhalb weniger Minuten" not in index
    missing = client.get(f"/open-data/{ZIP_NAME}")
    assert missing.status_code == 404
    assert PAUSED in missing.text and "innerhalb weniger Minuten" not in missing.text
    worker.runs()
    assert "innerhalb weniger Minuten" in client.get(f"/open-data/{ZIP_NAME}").text


def test_the_admin_page_says_when_the_files_are_behind_and_no_worker_runs(
    kernteam_client, worker, open_data_dir
):
    make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    assert follow_open_data() is True
    worker.stopped()
    page = kernteam_client.get(PAGE).text
    assert BEHIND not in page and NO_WORKER not in page  # current files: nothing waits

    make_page(AlliancePage, title="Repair-Café", stage=AllianceStage.ACTIVE)
    page = kernteam_client.get(PAGE).text
    assert BEHIND in page and "Stand vom" in page
    assert NO_WORKER in page
    worker.runs()
    page = kernteam_client.get(PAGE).text
    assert BEHIND in page and NO_WORKER not in page


def test_the_button_leaves_a_request_and_redirects_saying_it_waits_for_the_worker(
    kernteam_client, kernteam_user, worker, behind, open_data_dir
):
    worker.stopped()
    response = kernteam_client.post(BUTTON)
    assert response.status_code in (302, 303)
    assert response["Location"] == PAGE
    request = OpenDataRequest.objects.get()
    assert request.done_at is None and request.requested_by == kernteam_user
    page = kernteam_client.get(PAGE).text
    assert "Ihr Auftrag ist vermerkt" in page and "wenn er wieder läuft" in page
    assert "werden erzeugt" not in page

    assert kernteam_client.post(BUTTON).status_code == 302
    assert OpenDataRequest.objects.count() == 1  # not twice while one waits
    page = kernteam_client.get(PAGE).text
    assert "wartet bereits" in page and "Ihr Auftrag ist vermerkt" in page

    # The worker is back: its minute job writes the files and marks the request done.
    worker.runs()
    assert follow_open_data() is True
    request.refresh_from_db()
    assert request.done_at is not None
    assert BEHIND not in kernteam_client.get(PAGE).text


def test_a_request_is_written_even_when_the_files_are_current(
    kernteam_client, worker, open_data_dir, django_capture_on_commit_callbacks
):
    """The button forces a write (e.g. a file was lost), woken at once after commit."""
    make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
    assert follow_open_data() is True
    (open_data_dir / "alliances.csv").unlink()
    assert follow_open_data() is False  # nothing changed in public
    worker.runs()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = kernteam_client.post(BUTTON)
    assert response.status_code == 302 and len(callbacks) == 1
    assert (open_data_dir / "alliances.csv").is_file()  # the wake-up ran (sync in tests)
    assert OpenDataRequest.objects.get().done_at is not None
    page = kernteam_client.get(PAGE).text
    assert "werden geschrieben" in page


def test_the_button_takes_only_a_post_with_its_csrf_token(
    kernteam_user, kernteam_client, redaktion_user, open_data_dir
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kernteam_user)
    get = client.get(BUTTON)
    assert get.status_code == 405 and get["Allow"] == "POST"
    assert kernteam_client.post(PAGE).status_code == 405  # the page only shows
    refused = client.post(BUTTON)
    assert (
        refused.status_code == 403 and "Das Formular konnte nicht gesendet werden" in refused.text
    )
    assert not OpenDataRequest.objects.exists()

    token = client.get(PAGE).context["csrf_token"]
    assert client.post(BUTTON, {"csrfmiddlewaretoken": str(token)}).status_code == 302
    assert OpenDataRequest.objects.count() == 1

    redaktion = Client()
    redaktion.force_login(redaktion_user)
    assert redaktion.post(BUTTON).status_code in (302, 403)  # not the Kernteam's page
    assert OpenDataRequest.objects.count() == 1


# Every promise of time the open data pages can make (German); none may stand while no
# worker runs, in any state of the files.
PROMISES = ("Minute", "sofort", "täglich", "nachts", "jetzt erzeugen")


def _sentences(html: str) -> str:
    main = html.split("<main", 1)[-1] if "<main" in html else html
    return re.sub(r"<[^>]+>", " ", main)


@pytest.mark.parametrize("files", ["missing", "current", "behind", "requested"])
def test_no_sentence_promises_minutes_while_no_worker_runs(
    client, kernteam_client, worker, open_data_dir, files
):
    if files != "missing":
        make_page(AlliancePage, title="Lesepaten", stage=AllianceStage.ACTIVE)
        assert follow_open_data() is True
    if files == "behind":
        make_page(AlliancePage, title="Repair-Café", stage=AllianceStage.ACTIVE)
    if files == "requested":
        OpenDataRequest.objects.create()
    pages = {
        "index": lambda: client.get("/open-data/").text,
        "file": lambda: client.get(f"/open-data/{ZIP_NAME}").text,
        "admin": lambda: kernteam_client.get(PAGE).text,
    }

    worker.stopped()
    for name, page in pages.items():
        if name == "file" and files != "missing":
            continue  # the file itself
        text = _sentences(page())
        promised = [word for word in PROMISES if word in text]
        assert promised == [], (files, name, promised)
    index = _sentences(pages["index"]())
    assert PAUSED in index, files  # says why nothing follows, in every state
    assert "Hintergrunddienst" not in index
    admin = pages["admin"]()
    assert (
        "erst, wenn er wieder läuft" in admin and "Erzeugung der offenen Daten beauftragen" in admin
    )

    worker.runs()
    assert "binnen ein bis zwei Minuten" in pages["index"]()
    admin = pages["admin"]()
    assert "ein bis zwei Minuten nach jeder öffentlichen Änderung" in admin
    assert "Offene Daten jetzt erzeugen" in admin and PAUSED not in pages["index"]()


def test_the_command_does_not_call_the_minute_job_daily():
    from alliances.management.commands.generate_open_data import Command

    with translation.override("de"):
        help_text = str(Command.help)
    assert "täglich" not in help_text and "minütliche Auftrag" in help_text
