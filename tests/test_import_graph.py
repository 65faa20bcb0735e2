"""No import cycle between apps: the app-level import graph, built from the source (every
import statement, including those inside functions and TYPE_CHECKING blocks), has no cycle.

An app is a package under resourcemap/ (directory, search, api ...) or loaders/. Project
modules (resourcemap/settings.py, urls.py, views.py ...) wire the apps together and are not
apps. A cycle means two apps each need the other: move the code to where it belongs
(docs/architecture.md says which app owns what) rather than hiding the import in a function.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("resourcemap", "loaders")


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "loaders":
        return "loaders"
    if parts[0] == "resourcemap" and len(parts) > 1 and (ROOT / "resourcemap" / parts[1]).is_dir():
        return f"resourcemap.{parts[1]}"
    return None


def imported_modules(tree: ast.AST) -> list[str]:
    modules = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from resourcemap import search` names the app in the alias, not the module.
            modules.extend([node.module, *(f"{node.module}.{alias.name}" for alias in node.names)])
    return modules


def app_import_graph() -> dict[str, dict[str, set[str]]]:
    """app -> imported app -> the files whose imports make that edge."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            source_app = app_of(".".join(relative.with_suffix("").parts))
            if source_app is None:
                continue
            for module in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
                target_app = app_of(module)
                if target_app and target_app != source_app:
                    graph[source_app][target_app].add(str(relative))
    return graph


def find_cycle(graph: dict[str, dict[str, set[str]]]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (depth-first search with a path stack)."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(app: str) -> list[str] | None:
        state[app] = "open"
        stack.append(app)
        for target in sorted(graph.get(app, {})):
            if state.get(target) == "open":
                return [*stack[stack.index(target):], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state and (cycle := visit(app)):
            return cycle
    return None


def test_it_finds_a_cycle_when_there_is_one() -> None:
    graph = {"a": {"b": {"a.py"}}, "b": {"c": {"b.py"}}, "c": {"a": {"c.py"}}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": {"a.py"}}, "b": {}}) is None


def test_the_graph_sees_the_apps_and_their_imports() -> None:
    graph = app_import_graph()
    assert {"resourcemap.api", "resourcemap.directory", "loaders"} <= set(graph)
    assert "resourcemap/api/views/directory.py" in graph["resourcemap.api"]["resourcemap.directory"]


def test_no_import_cycle_between_apps() -> None:
    graph = app_import_graph()
    cycle = find_cycle(graph)
    if cycle:
        edges = [f"{a} -> {b}: {', '.join(sorted(graph[a][b]))}" for a, b in zip(cycle, cycle[1:], strict=False)]
        raise AssertionError("import cycle between apps:\n" + "\n".join(edges))
