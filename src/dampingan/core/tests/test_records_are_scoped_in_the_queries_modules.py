"""One scoping convention (docs/roles.md): what a reader may see of a kind of record is one function,
``visible_<records>(reader)`` in its app's queries module, and every list, detail page, export, form choice and
API answer starts from it. Only those modules narrow a queryset to a scope (``Scope.filter_regions`` /
``Scope.region_q``); models have no ``visible_to`` of their own; ``access.py`` modules hold the write rules.

A view or a service that filtered by region itself could show in a list what the detail page refuses; this
reads the source of every module and names the ones that do.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dampingan

SOURCE = Path(dampingan.__file__).parent
SCOPE_FILTERS = {"filter_regions", "region_q"}


def _modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "tests" not in p.relative_to(SOURCE).parts)


def _is_queries_module(path: Path) -> bool:
    return path.name == "queries.py" or path.name.endswith("_queries.py")


def _calls(tree: ast.AST, names: set[str]) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
    ]


def test_only_queries_modules_narrow_a_queryset_to_a_scope():
    wrong = []
    for path in _modules():
        relative = path.relative_to(SOURCE)
        if _is_queries_module(path) or str(relative) == "access/scope.py":
            continue
        wrong += [f"{relative}:{line}" for line in _calls(ast.parse(path.read_text(), str(path)), SCOPE_FILTERS)]
    assert wrong == [], "start from the app's queries.visible_<records>(reader) instead:\n" + "\n".join(wrong)


def test_models_have_no_visible_to_of_their_own():
    found = [
        f"{path.relative_to(SOURCE)}:{node.lineno}"
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.FunctionDef) and node.name == "visible_to"
    ]
    assert found == []


def test_access_modules_hold_write_rules_not_reads():
    reads = [
        f"{path.relative_to(SOURCE)}: {node.name}"
        for path in _modules()
        if path.name == "access.py"
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("visible_")
    ]
    assert reads == []
