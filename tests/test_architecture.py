"""The shape of the code: imports flow one way between the apps, api → alliances → workflows
→ cms (docs/ARCHITECTURE.md, "Rooms"). The contract lives in pyproject.toml
([tool.importlinter]). And the engine's names: it says page, never item ("Glossary")."""

import re
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


# "Item" means a need or opportunity, in the domain only (docs/ARCHITECTURE.md, "Glossary");
# the engine says page. Kept apart: the history as it was migrated, and the former
# addresses that redirect for one release (with their module, they go in the next).
ENGINE_ITEM_ALLOWED = {
    "workflows/migrations/0001_first_release.py",
    "workflows/moved_urls.py",
    "tests/workflows/test_api.py",  # tests that the former items/ addresses redirect
}


def _item_words(text: str) -> list[str]:
    """Every identifier or word that has "item" or "items" as a part: `item`, `get_item`,
    `WorkflowItem`, `ItemState`, "Open the item"; a dict's `.items()` is not one."""
    found = []
    for match in re.finditer(r"[A-Za-z_][A-Za-z0-9_]*", text):
        word = match.group()
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        if word == "items" and before == "." and after == "(":
            continue
        parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", word)
        if any(part.lower() in {"item", "items"} for part in parts):
            found.append(word)
    return found


def test_the_engine_says_page_not_item():
    offenders = {}
    for folder in ("workflows", "tests/workflow_testapp", "tests/workflows"):
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in {".py", ".html", ".txt"} or relative in ENGINE_ITEM_ALLOWED:
                continue
            words = _item_words(path.read_text(encoding="utf-8"))
            if words:
                offenders[relative] = sorted(set(words))
    assert offenders == {}


def test_the_item_finder_finds_items():
    text = (
        "def get_item(item, items): return WorkflowItem, ItemStateSerializer, item_id\n"
        'names = {k: v for k, v in d.items()}  # "Open the Item", /v1/items/<id>/\n'
        "page = pages.items  # an attribute, not a dict's items()\n"
    )
    assert _item_words(text) == [
        "get_item",
        "item",
        "items",
        "WorkflowItem",
        "ItemStateSerializer",
        "item_id",
        "Item",
        "items",
        "items",
        "items",
    ]
