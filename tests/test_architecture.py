"""The shape of the code: imports flow one way between the apps (DESIGN: api → alliances →
workflows → cms). The contract lives in pyproject.toml ([tool.importlinter])."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_one_way(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == 0, "see the contract report above"
