"""Diagrams are drawn from any model's @transition declarations (here the test Ticket)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.workflow_testapp.models import Ticket
from workflows.diagrams import mermaid, readme_section, svg

pytestmark = pytest.mark.django_db


def test_mermaid_is_generated_from_the_transitions():
    block = mermaid(Ticket)
    assert block.startswith("stateDiagram-v2")
    assert "    [*] --> open" in block
    assert "    open --> in_progress: Beginnen" in block
    assert "    in_progress --> done: Abschließen" in block
    assert "    done --> open: Wieder öffnen" in block
    assert "### Vorgänge\n\n```mermaid\n" in readme_section([Ticket])


def test_graphviz_lays_out_every_transition_with_an_arrowhead_and_a_label():
    picture = BeautifulSoup(svg(Ticket), "html.parser")
    edges = picture.select("g.edge")
    assert len(edges) == 4  # start, finish, reopen from two stages
    for edge in edges:
        assert edge.select_one("path") and edge.select_one("polygon")  # line and arrowhead
        assert edge.select_one("text").get_text(strip=True)
    assert len(picture.select("g.node")) == 3


def test_admin_shows_every_workflow_including_one_the_engine_never_heard_of(runner_client):
    response = runner_client.get("/admin/stufen/diagrams/")
    assert response.status_code == 200
    assert '<section class="workflow-diagram"><h2>Vorgänge</h2>' in response.content.decode()


def test_the_readme_check_fails_when_a_workflow_is_missing():
    # The README shows the product's workflows; the test model is not among them.
    assert "### Vorgänge" not in (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="stale"):
        call_command("workflow_diagrams", "--check")
