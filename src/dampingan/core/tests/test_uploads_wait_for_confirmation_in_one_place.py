"""Every upload waits for its confirmation the same way: through ``lib.staging`` (on the storage, listed in the
uploader's session, one per slot, expiring with the session).

Four pages once kept the file four ways (a token in the session, the file's checksum, the whole file base64 in
the session, a dict per intervention); this reads the source of every module and names any that touches the
session other than by handing it to ``Staging``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import dampingan

SOURCE = Path(dampingan.__file__).parent
STAGING = Path("lib/staging.py")


def _modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "tests" not in p.relative_to(SOURCE).parts)


def _handed_to_staging(tree: ast.AST) -> set[int]:
    """The ids of the ``….session`` nodes passed as the first argument of ``Staging(...)``."""
    return {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Staging" and node.args
    }


def test_only_lib_staging_keeps_anything_in_the_session():
    wrong = []
    for path in _modules():
        if path.relative_to(SOURCE) == STAGING:
            continue
        tree = ast.parse(path.read_text(), str(path))
        passed = _handed_to_staging(tree)
        wrong += [
            f"{path.relative_to(SOURCE)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "session" and id(node) not in passed
        ]
    assert wrong == [], "stage uploads with lib.staging.Staging(request.session, kind):\n" + "\n".join(wrong)


def test_the_four_upload_pages_stage_through_it():
    users = {
        str(path.relative_to(SOURCE))
        for path in _modules()
        if any(_handed_to_staging(ast.parse(path.read_text(), str(path))))
    }
    assert users == {
        "indicators/views.py",
        "interventions/beneficiary_views.py",
        "geo/views.py",
        "mentoring/views.py",
    }
