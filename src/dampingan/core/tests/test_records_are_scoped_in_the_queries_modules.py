"""One scoping convention (docs/roles.md): what a reader may see of a kind of record is one function,
``visible_<records>(scope)`` in its app's queries module, and every list, detail page, export, form choice and
API answer starts from it. Only those modules narrow a queryset to a scope (``Scope.filter_regions`` /
``Scope.region_q``); models have no ``visible_to`` of their own; ``access.py`` modules hold the write rules.
Reads take the scope the request carries (``request.scope``), never the user: a scope is built from a user
only by the middleware and the API's authentication, by a write for its ``actor``, and by the personal-data
door for the user it logs.

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
    assert wrong == [], "start from the app's queries.visible_<records>(scope) instead:\n" + "\n".join(wrong)


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


# Where a scope may be built from a user: the request's (middleware, API authentication), and the door that logs
# who saw personal data. Anywhere else only for the ``actor`` of a write.
BUILDS_FROM_A_USER = {"access/middleware.py", "api/auth.py", "access/personal.py"}
PERSONAL_DOORS = {"registry/personal.py", "interventions/personal.py", "accounts/personal.py"}


def _scopes_built(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, ast.unparse(node.args[0]) if node.args else "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "for_user"
        and ast.unparse(node.func.value) == "Scope"
    ]


def test_a_scope_is_built_from_a_user_only_by_the_request_a_write_or_the_personal_data_door():
    wrong = []
    for path in _modules():
        relative = str(path.relative_to(SOURCE))
        if relative in BUILDS_FROM_A_USER:
            continue
        allowed = {"actor", "reader"} if relative in PERSONAL_DOORS else {"actor"}
        for line, argument in _scopes_built(ast.parse(path.read_text(), str(path))):
            if argument not in allowed:
                wrong.append(f"{relative}:{line} Scope.for_user({argument})")
    assert wrong == [], "pass request.scope (or take a scope) instead:\n" + "\n".join(wrong)


def _first_parameters(path: Path) -> list[tuple[str, int, str, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.FunctionDef) and node.args.args:
            first = node.args.args[0]
            if first.arg in ("self", "cls") and len(node.args.args) > 1:
                first = node.args.args[1]
            annotation = ast.unparse(first.annotation) if first.annotation is not None else ""
            found.append((node.name, node.lineno, first.arg, annotation))
    return found


def test_reads_take_the_scope_not_the_user():
    wrong = []
    for path in _modules():
        relative = path.relative_to(SOURCE)
        for name, line, argument, annotation in _first_parameters(path):
            reads = name.startswith("visible_") or (_is_queries_module(path) and not name.startswith("_"))
            if reads and ("User" in annotation or argument in ("user", "reader")):
                wrong.append(f"{relative}:{line} {name}({argument}: {annotation})")
    assert wrong == [], "a read takes a Scope:\n" + "\n".join(wrong)


def test_the_checks_see_the_reads_and_the_writes():
    reads = {
        name
        for path in _modules()
        for name, _line, argument, annotation in _first_parameters(path)
        if name.startswith("visible_") and annotation == "Scope"
    }
    built = [
        argument for path in _modules() for _line, argument in _scopes_built(ast.parse(path.read_text(), str(path)))
    ]
    assert {"visible_regions", "visible_households", "visible_meetings", "visible_reports"} <= reads
    assert built.count("actor") > 10
