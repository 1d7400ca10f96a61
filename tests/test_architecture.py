"""The dependency direction of the architecture, checked on the ``ast`` import graph.

core imports no project package; keys imports only core; scanning, issuer and verifier never
import each other (and scanning knows nothing of keys); only ``ecert`` (the composition) imports
``ecert``; and no module reaches itself through imports, counting the imports made inside
functions (a lazy import hides a cycle, it does not remove it). Imports under
``if TYPE_CHECKING:`` count for the direction but not for cycles: they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "keys", "scanning", "issuer", "verifier", "ecert")

#: The project packages each package may import (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "keys": frozenset({"core"}),
    "scanning": frozenset({"core"}),
    "issuer": frozenset({"core", "keys"}),
    "verifier": frozenset({"core", "keys"}),
    "ecert": frozenset(PACKAGES),
}

Edge = tuple[str, str, int, bool]  # importer, imported module, line, runs (not TYPE_CHECKING)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module ``name`` loads: itself, or its nearest enclosing module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[Edge]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    static = _type_checking_lines(tree)
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from a import b`` loads module a.b when there is one, else a
            targets = [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            if target.split(".")[0] not in PACKAGES:
                continue
            resolved = _resolve(target, modules)
            if resolved is not None and resolved != name:
                yield name, resolved, node.lineno, node.lineno not in static


def import_graph() -> list[Edge]:
    """Every import between project modules, with where it is written."""
    modules = _modules()
    return [edge for name, path in modules.items() for edge in _imports(name, path, modules)]


def direction_violations(edges: list[Edge]) -> list[str]:
    """The imports against the architecture's direction, as ``importer:line -> imported``."""
    bad: list[str] = []
    for importer, imported, line, _runs in edges:
        source, target = importer.split(".")[0], imported.split(".")[0]
        found = f"{importer}:{line} -> {imported}"
        if source != target and target not in ALLOWED[source] and found not in bad:
            bad.append(found)
    return bad


def surface_violations(edges: list[Edge]) -> list[str]:
    """Imports of another package's private module (``pkg._x``) instead of its ``__init__``
    surface, as ``importer:line -> imported``."""
    bad: list[str] = []
    for importer, imported, line, _runs in edges:
        source, *inner = imported.split(".")
        found = f"{importer}:{line} -> {imported}"
        if importer.split(".")[0] != source and any(p.startswith("_") for p in inner):
            bad.append(found)
    return bad


def cycles(edges: list[Edge]) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), each a cycle of imports that run."""
    graph: dict[str, set[str]] = {}
    for importer, imported, _line, runs in edges:
        if runs:
            graph.setdefault(importer, set()).add(imported)
            graph.setdefault(imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_imports_follow_the_dependency_direction() -> None:
    assert direction_violations(import_graph()) == []


def test_packages_meet_through_their_public_surface() -> None:
    assert surface_violations(import_graph()) == []


def test_no_import_cycle_even_through_lazy_imports() -> None:
    assert cycles(import_graph()) == []


def test_the_graph_is_real() -> None:
    """The checker sees the imports it must judge: known edges are found, a bad one is caught."""
    edges = import_graph()
    pairs = {(a, b) for a, b, _line, _runs in edges}
    assert ("ecert.app", "core.db") in pairs
    assert ("issuer._produce", "keys") in pairs
    assert len(pairs) > 300
    wrong = [("issuer.cli", "ecert._output", 3, True), ("core.db", "keys", 1, True),
             ("keys._store", "core.db", 1, True), ("verifier.api", "issuer", 2, True),
             ("scanning._x", "keys", 1, True)]
    assert direction_violations(wrong) == ["issuer.cli:3 -> ecert._output", "core.db:1 -> keys",
                                           "verifier.api:2 -> issuer", "scanning._x:1 -> keys"]
    private = [("ecert.cli", "issuer._checkpoint", 5, True), ("ecert.cli", "issuer", 6, True),
               ("scanning._x", "core.rules._division", 7, True),
               ("issuer._a", "issuer._b", 1, True)]
    assert surface_violations(private) == ["ecert.cli:5 -> issuer._checkpoint",
                                           "scanning._x:7 -> core.rules._division"]
    loop = [("keys.a", "keys.b", 1, True), ("keys.b", "keys.c", 9, True),
            ("keys.c", "keys.a", 4, True), ("keys.c", "core.x", 1, True),
            ("core.x", "core.y", 1, False), ("core.y", "core.x", 1, True)]
    assert cycles(loop) == [["keys.a", "keys.b", "keys.c"]]
