"""Personal data has one door: only the ``personal`` modules of the apps disclose it (check the capability,
write the access entry, mask the identifiers), and only ``access.personal`` writes access entries.

A view, an API handler or an export that masked or logged by itself would be one forgotten call away from
an unmasked or unlogged read; this reads the source of every module and names the ones that do.
``test_every_route_answers_each_persona_as_the_table_says`` checks the other half: what each route shows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dampingan

SOURCE = Path(dampingan.__file__).parent
DOOR = "dampingan.access.personal"
# What only a door may take from access.personal: ``Purpose`` (view or export) is a word anyone may name.
DOOR_ONLY = {"disclose", "Disclosure", "mask_identifier"}


def _modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "tests" not in p.relative_to(SOURCE).parts)


def _imports_from_door(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == DOOR:
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "dampingan.access" and node.names:
            names |= {f"module {alias.name}" for alias in node.names if alias.name == "personal"}
        elif isinstance(node, ast.Import):
            names |= {f"module {alias.name}" for alias in node.names if alias.name == DOOR}
    return names


def test_only_the_personal_modules_disclose_personal_data():
    wrong = []
    for path in _modules():
        if path.name == "personal.py":
            continue
        taken = _imports_from_door(ast.parse(path.read_text(), str(path)))
        if forbidden := sorted(name for name in taken if name in DOOR_ONLY or name.startswith("module ")):
            wrong.append(f"{path.relative_to(SOURCE)}: {', '.join(forbidden)}")
    assert wrong == [], "call the app's personal.py instead:\n" + "\n".join(wrong)


def test_only_access_personal_writes_access_entries():
    writers = [
        str(path.relative_to(SOURCE))
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "log_create"
    ]
    assert writers == ["access/personal.py"]


def test_every_app_door_discloses_through_access_personal():
    doors = [p for p in _modules() if p.name == "personal.py" and p.parent.name != "access"]
    assert {p.parent.name for p in doors} >= {"registry", "interventions", "accounts"}
    for path in doors:
        taken = _imports_from_door(ast.parse(path.read_text(), str(path)))
        assert "disclose" in taken, path
