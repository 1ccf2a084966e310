from pathlib import Path

import pytest
from django.conf import settings

from alliances.models import AlliancePage, NeedPage
from workflows.diagrams import mermaid, svg
from workflows.management.commands.workflow_diagrams import render_readme
from workflows.registry import workflow_models

pytestmark = pytest.mark.django_db


def test_readme_diagrams_match_the_code():
    """The README shows the domain's workflows (the test settings add the engine's own)."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    domain = [model for model in workflow_models() if model._meta.app_label == "alliances"]
    assert render_readme(text, domain) == text, "run: python manage.py workflow_diagrams"


def test_mermaid_is_generated_from_the_transitions():
    block = mermaid(AlliancePage)
    assert block.startswith("stateDiagram-v2")
    assert "    [*] --> proposed" in block
    assert "    forming --> active: Aktivieren" in block
    assert "    paused --> concluded: Allianz beenden (endgültig)" in block
    assert "    on_hold --> in_definition: Fortsetzen" in mermaid(NeedPage)


def test_admin_shows_the_svg_diagrams(kernteam_client):
    response = kernteam_client.get("/admin/stufen/diagrams/")
    content = response.content.decode()
    assert response.status_code == 200
    for title in ["Bedarfslagen und Entwicklungschancen", "Leistungen", "Arnsberger Allianzen"]:
        assert f'<section class="workflow-diagram"><h2>{title}</h2>' in content
    assert "Allianz in Gründung" in content


def test_graphviz_lays_out_every_transition_with_an_arrowhead_and_a_label():
    from bs4 import BeautifulSoup

    picture = BeautifulSoup(svg(NeedPage), "html.parser")
    edges = picture.select("g.edge")
    assert len(edges) == sum(
        1 for line in mermaid(NeedPage).splitlines() if "-->" in line and "[*]" not in line
    )
    for edge in edges:
        assert edge.select_one("path") and edge.select_one("polygon")  # line and arrowhead
        assert edge.select_one("text").get_text(strip=True)
    assert len(picture.select("g.node")) == 8
