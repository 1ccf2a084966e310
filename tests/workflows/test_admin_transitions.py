"""The admin's step forms and the stage panel, on the test-only Ticket."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.workflow_testapp.factories import make_ticket
from tests.workflow_testapp.models import Ticket
from workflows.models import TransitionLog
from workflows.services import run_transition

pytestmark = pytest.mark.django_db


def _url(page, name, next_url=""):
    url = reverse("stage_steps:transition", args=[page.pk, name])
    return f"{url}?next={next_url}" if next_url else url


def _stage(page):
    return Ticket.objects.get(pk=page.pk).stage


def test_edit_view_shows_stage_and_runnable_steps_in_new_tabs(runner_client, runner):
    ticket = make_ticket(title="Bänke streichen")
    run_transition(ticket, "start", by=runner, assignee=runner)
    response = runner_client.get(reverse("wagtailadmin_pages:edit", args=[ticket.pk]))
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-workflow-stage]")
    assert panel["data-workflow-stage"] == "in_progress"
    assert "In Arbeit" in panel.get_text()
    links = {a.get_text(strip=True): a for a in panel.select("a.button")}
    assert set(links) == {"Abschließen", "Wieder öffnen"}
    for link in links.values():
        assert link["target"] == "_blank"  # the unsaved edit form stays in its own tab
    # the stage is not a field of the edit form
    form = soup.find("form", id="page-edit-form")
    assert form.find(attrs={"name": "stage"}) is None


def test_without_the_permission_the_stage_shows_but_no_steps(bystander_client):
    ticket = make_ticket()
    response = bystander_client.get(reverse("wagtailadmin_pages:edit", args=[ticket.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-workflow-stage]")
    assert "Offen" in panel.get_text()
    assert panel.select("a.button") == []
    # Wagtail turns PermissionDenied in the admin into a redirect with a message
    assert bystander_client.get(_url(ticket, "start"))["Location"] == "/admin/"
    assert bystander_client.get(reverse("stage_steps:assignee", args=[ticket.pk]))["Location"] == (
        "/admin/"
    )
    assert _stage(ticket) == "open"


def test_dialog_asks_for_assignee_and_runs_the_step(runner_client, runner):
    ticket = make_ticket()
    response = runner_client.get(_url(ticket, "start"))
    assert response.status_code == 200
    assert b'name="assignee"' in response.content
    missing = runner_client.post(_url(ticket, "start"), {})
    assert missing.status_code == 400
    assert _stage(ticket) == "open"
    edit_url = reverse("wagtailadmin_pages:edit", args=[ticket.pk])
    done = runner_client.post(_url(ticket, "start"), {"assignee": runner.pk, "next": edit_url})
    assert done.status_code == 302
    assert done["Location"] == edit_url
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.stage, ticket.assignee) == ("in_progress", runner)


def test_a_foreign_next_url_is_not_followed(runner_client, runner):
    ticket = make_ticket()
    done = runner_client.post(
        _url(ticket, "start"), {"assignee": runner.pk, "next": "https://evil.example.org/"}
    )
    assert done["Location"] == reverse("wagtailadmin_pages:edit", args=[ticket.pk])


def test_guard_failure_lists_its_reasons_and_a_weighty_step_asks_to_confirm(runner_client, runner):
    ticket = make_ticket()
    run_transition(ticket, "start", by=runner, assignee=runner)
    preview = runner_client.get(_url(ticket, "finish"))
    assert "Es fehlt das Ergebnis." in preview.content.decode()
    assert "„Wieder öffnen“" in preview.content.decode()  # whether it can be undone
    response = runner_client.post(_url(ticket, "finish"), {"confirm": "on"})
    assert response.status_code == 422
    soup = BeautifulSoup(response.content, "html.parser")
    reasons = [li.get_text(strip=True) for li in soup.select(".workflow-reasons__text")]
    assert reasons == ["Es fehlt das Ergebnis."]
    Ticket.objects.filter(pk=ticket.pk).update(result="Gestrichen.")
    unconfirmed = runner_client.post(_url(ticket, "finish"), {})
    assert unconfirmed.status_code == 400
    assert "Bitte bestätigen Sie diesen Schritt." in unconfirmed.content.decode()
    assert runner_client.post(_url(ticket, "finish"), {"confirm": "on"}).status_code == 302
    assert _stage(ticket) == "done"


def test_conflict_says_someone_was_faster_and_shows_the_new_stage(
    runner_client, runner, monkeypatch
):
    ticket = make_ticket(title="Parkbank")
    run_transition(ticket, "start", by=runner, assignee=runner)
    from workflows import views

    real = views.run_transition

    def someone_else_first(page, name, **kwargs):
        run_transition(Ticket.objects.get(pk=page.pk), "reopen", by=None, comment="x")
        return real(page, name, **kwargs)

    monkeypatch.setattr(views, "run_transition", someone_else_first)
    response = runner_client.post(_url(ticket, "reopen"), {"comment": "Pause"}, follow=True)
    content = response.content.decode()
    assert "Jemand anderes war schneller" in content
    assert "„Offen“" in content
    assert TransitionLog.objects.filter(page_id=ticket.pk).count() == 2


def test_unsaved_edits_survive_a_step_taken_meanwhile(runner_client, runner, post_edit_form):
    ticket = make_ticket(title="Alt")
    # The editor has the form open; in another tab the step is taken ...
    runner_client.post(_url(ticket, "start"), {"assignee": runner.pk})
    # ... and then the edit form is saved: both the edit and the stage survive.
    response = post_edit_form(runner_client, ticket, publish=True, title="Neu")
    assert response.status_code == 302
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.title, ticket.stage) == ("Neu", "in_progress")


def test_the_assignee_changes_without_a_step(runner_client, runner):
    ticket = make_ticket(title="Zaun")
    url = reverse("stage_steps:assignee", args=[ticket.pk])
    assert runner_client.get(url).status_code == 200
    response = runner_client.post(url, {"assignee": runner.pk}, follow=True)
    assert "„Zaun“: zuständig ist jetzt" in response.content.decode()
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert (ticket.stage, ticket.assignee) == ("open", runner)


def test_unknown_step_or_page_is_404(runner_client):
    ticket = make_ticket()
    assert runner_client.get(_url(ticket, "fly_away")).status_code == 404
    missing = reverse("stage_steps:transition", args=[999999, "start"])
    assert runner_client.get(missing).status_code == 404
