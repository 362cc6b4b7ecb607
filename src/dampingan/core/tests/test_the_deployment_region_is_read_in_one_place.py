"""Which kab/kota the deployment serves is read in one place, ``lib/deployment.py`` (its code, whether a region
lies inside it, the filter that keeps what does); every other module asks it. A second reader of
``settings.DAMPINGAN_REGION`` is where a prefix check without its dot, or a cached copy, creeps back in."""

from __future__ import annotations

import ast
from pathlib import Path

import dampingan

SOURCE = Path(dampingan.__file__).parent
READERS = {"lib/deployment.py", "settings.py"}


def test_only_lib_deployment_reads_the_region_setting():
    readers = set()
    for path in SOURCE.rglob("*.py"):
        name = str(path.relative_to(SOURCE))
        if "tests" in path.relative_to(SOURCE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), name)):
            if isinstance(node, ast.Attribute) and node.attr == "DAMPINGAN_REGION":
                readers.add(name)
    assert readers <= READERS, sorted(readers - READERS)
    assert "lib/deployment.py" in readers
