"""The import graph of the package and the Excel-side scripts, read with ``ast``: no circle
(docs/design.md, invariant 17), and the engine needs nothing beyond the standard library and
the pure modules xlwings Lite carries (invariant 16)."""
from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from fourgood import lite


@dataclass(frozen=True)
class Import:
    """One import statement's target: a module of ours (``module``) or another's top-level
    name (``external``); ``lazy`` when it runs inside a function."""

    module: str | None
    external: str | None
    lazy: bool
    line: int


def our_modules() -> dict[str, Path]:
    """Every module of ``src/`` and ``macros_py/`` by its dotted name (a package by its own)."""
    files = [(ROOT / "src", p) for p in (ROOT / "src").rglob("*.py")]
    files += [(ROOT, p) for p in (ROOT / "macros_py").rglob("*.py")]
    out = {}
    for base, path in files:
        parts = path.relative_to(base).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """``name`` or its nearest enclosing package among ours."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports(name: str, modules: dict[str, Path]) -> list[Import]:
    """Every import of module ``name``, at module level and in functions: relative ones
    resolved, ``from package import module`` counted as importing that module."""
    path = modules[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[Import] = []

    def add(target: str, lazy: bool, line: int) -> None:
        ours = _known(target, modules)
        out.append(Import(ours, None if ours else target.partition(".")[0], lazy, line))

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                               ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, lazy, child.lineno)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    anchor = package.split(".")[:len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([child.module] if child.module else []))
                else:
                    base = child.module
                for alias in child.names:
                    full = f"{base}.{alias.name}"
                    add(full if full in modules else base, lazy, child.lineno)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return out


@functools.cache
def import_graph() -> dict[str, list[Import]]:
    """Every module of ours with its imports, read once."""
    modules = our_modules()
    return {name: imports(name, modules) for name in modules}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each group of modules that import one another (Tarjan's strongly
    connected components), as the path that closes it: [a, b, a]."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = {stack.pop()}
            while node not in group:
                group.add(stack.pop())
            if len(group) > 1:
                found.append(_path(graph, node, group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _path(graph: dict[str, set[str]], start: str, group: set[str]) -> list[str]:
    """A shortest path from ``start`` back to itself within ``group``."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for other in sorted(graph[node] & group):
            if other == start:
                return paths[node] + [start]
            if other not in paths:
                paths[other] = paths[node] + [other]
                queue.append(other)
    raise AssertionError(f"{start} is in no circle")


def test_circles_finds_and_names_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert circles(graph) == [["a", "b", "c", "a"]]


def test_no_module_imports_itself_through_others():
    graph = {name: {i.module for i in found if i.module not in (None, name)}
             for name, found in import_graph().items()}
    found = circles(graph)
    assert not found, "import circles: " + "; ".join(" -> ".join(c) for c in found)


def test_the_engine_needs_only_the_standard_library_and_the_packed_modules():
    """What importing ``fourgood.engine`` runs (its module-level imports, and theirs) is the
    standard library and modules xlwings Lite's ``main.py`` carries: it runs under Pyodide."""
    packed = {"fourgood" if m == "__init__" else f"fourgood.{m}" for m in lite.PACKED["fourgood"]}
    seen, todo, external = set(), ["fourgood.engine"], set()
    while todo:
        name = todo.pop()
        seen.add(name)
        for found in import_graph()[name]:
            if found.lazy:
                continue
            if found.external:
                external.add(found.external)
            elif found.module not in seen:
                todo.append(found.module)
    assert seen <= packed, sorted(seen - packed)
    assert external <= set(sys.stdlib_module_names) | {"__future__"}, sorted(external)


def test_cli_imports_only_at_module_level():
    lazy = [i.line for i in import_graph()["fourgood.cli"] if i.lazy]
    assert not lazy, f"src/fourgood/cli.py imports inside functions at lines {lazy}"
