"""The shape of the code: imports flow one way between the apps, api → alliances → workflows
→ cms (docs/ARCHITECTURE.md, "Rooms"). The contract lives in pyproject.toml
([tool.importlinter])."""

from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_apps_import_one_way(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True, no_logo=True) == 0, "see the contract report above"


def _cycles_within(graph, package: str) -> list[list[str]]:
    """Strongly connected groups of modules inside `package` (Tarjan), migrations aside.

    Every import counts, a function-level one too: hiding a cycle inside a function
    keeps the modules just as entangled. Imports under `if TYPE_CHECKING:` do not run.
    """
    modules = sorted(m for m in graph.find_descendants(package) if ".migrations" not in m)
    modules.append(package)
    inside = set(modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & inside) for m in modules}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return groups


@pytest.mark.parametrize("package", ["cms", "workflows", "alliances", "api"])
def test_no_import_cycle_inside_an_app(package):
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    assert _cycles_within(graph, package) == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "__init__.py").write_text("")
    (tmp_path / "loop" / "a.py").write_text("def f():\n    from loop import b\n")
    (tmp_path / "loop" / "b.py").write_text("from loop import a\n")
    (tmp_path / "loop" / "c.py").write_text("from loop import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loop", cache_dir=None)
    assert _cycles_within(graph, "loop") == [["loop.a", "loop.b"]]
