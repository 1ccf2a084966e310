"""The workflow-state invariant (docs/ARCHITECTURE.md): nothing but the runner changes the
stage, shown on the test-only Ticket."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from tests.workflow_testapp.factories import make_ticket, make_user
from tests.workflow_testapp.models import Ticket, TicketNote
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(runner):
    ticket = make_ticket(title="Spielplatz")
    run_transition(ticket, "start", by=runner, assignee=runner)
    ticket.refresh_from_db()
    return ticket


def _stage(page):
    return Ticket.objects.values_list("stage", "assignee", "stage_changed_at").get(pk=page.pk)


def test_publishing_an_older_revision_keeps_the_stage(started):
    before = _stage(started)
    old_revision = started.revisions.order_by("created_at").first()
    assert old_revision.content["stage"] == "open"
    old_revision.publish()
    assert _stage(started) == before


def test_reverting_to_an_older_revision_keeps_the_stage(started, runner):
    before = _stage(started)
    started.title = "Neuer Titel"
    started.save_revision(user=runner).publish()
    old_revision = started.revisions.order_by("created_at").first()
    reverted = old_revision.as_object()
    assert reverted.stage == "in_progress"  # with_content_json keeps the live value
    reverted.save_revision(user=runner).publish()
    started.refresh_from_db()
    assert started.title == "Spielplatz"
    assert _stage(started) == before


def test_reverting_in_the_admin_keeps_the_stage(started, client, post_edit_form):
    client.force_login(make_user("root", is_superuser=True))
    before = _stage(started)
    old_revision = started.revisions.order_by("created_at").first()
    response = client.get(f"/admin/pages/{started.pk}/revisions/{old_revision.pk}/revert/")
    assert response.status_code == 200
    response = post_edit_form(client, started, publish=True, title="Zurückgesetzt")
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.title == "Zurückgesetzt"
    assert _stage(started) == before


def test_a_copy_starts_in_the_initial_stage(started):
    copy = started.copy(
        to=Site.objects.get(is_default_site=True).root_page,
        update_attrs={"title": "Kopie", "slug": "kopie"},
        keep_live=True,
    )
    copy = Ticket.objects.get(pk=copy.pk)
    assert (copy.stage, copy.assignee, copy.stage_changed_at) == ("open", None, None)
    assert _stage(started)[0] == "in_progress"


def test_saving_a_stale_instance_keeps_the_stage_but_saves_content(runner):
    ticket = make_ticket()
    stale = Ticket.objects.get(pk=ticket.pk)
    run_transition(ticket, "start", by=runner, assignee=runner)
    stale.title = "Geändert"
    stale.save()
    stale.save_revision().publish()
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert fresh.stage == "in_progress"
    assert fresh.title == "Geändert"


def test_a_full_save_still_writes_child_relations_and_m2m(runner):
    ticket = make_ticket()
    stale = Ticket.objects.get(pk=ticket.pk)
    run_transition(ticket, "start", by=runner, assignee=runner)
    group = Group.objects.create(name="Beobachtung")
    stale.watching_groups = [group]
    stale.notes = [TicketNote(text="Farbe kaufen")]
    stale.save()
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert list(fresh.watching_groups.all()) == [group]
    assert [note.text for note in fresh.notes.all()] == ["Farbe kaufen"]
    assert fresh.stage == "in_progress"


def test_admin_edit_form_keeps_the_stage(started, runner_client, post_edit_form):
    before = _stage(started)
    stale_form = Ticket.objects.get(pk=started.pk)  # noqa: F841 (opened before)
    run_transition(started, "reopen", by=None, comment="Pause")
    moved = _stage(started)
    assert moved != before
    response = post_edit_form(runner_client, started, publish=True, title="Neu", stage="done")
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.title == "Neu"
    assert _stage(started) == moved
