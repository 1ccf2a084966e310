"""The project's own files keep their promises: one entry per dependency, every periodic job
in the README, every pointer to a design document at docs/ARCHITECTURE.md."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ["cms", "workflows", "alliances", "api", "bench", "tests", "templates"]


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement (PEP 503)."""
    return re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]).lower()


def test_every_dependency_is_declared_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    seen: dict[str, list[str]] = {}
    for group, requirements in groups.items():
        for requirement in requirements:
            seen.setdefault(_name(requirement), []).append(group)
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
    assert _name("django-fsm-2>=4.0,<5") == "django-fsm-2"
    assert _name("psycopg[binary]>=3.2,<4") == "psycopg"


def test_the_readme_lists_every_periodic_job():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Periodic jobs", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| ([^|]+?) \|", table, flags=re.MULTILINE)) - {"job", "---"}
    assert listed == set(settings.PERIODIC_JOBS)


def test_design_pointers_point_at_the_architecture_document():
    # The document's name in capitals, or the words; "by design" is no pointer.
    pointers = re.compile(r"\bDESIGN\b|(?i:design (?:doc|document|card|note))")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in PRODUCT
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".md"} and path.name != Path(__file__).name
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pointers.search(line)
    ]
    assert found == []
    assert (ROOT / "docs" / "ARCHITECTURE.md").exists()
