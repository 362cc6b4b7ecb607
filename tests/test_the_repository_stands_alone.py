"""The repository stands alone: what a developer needs is in it. Docstrings, templates and docs neither send the
reader to files outside the checkout (the team's shared folder) nor to issue numbers of a tracker they may not
see, and every ``make`` target the Makefile declares phony exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared folder beside the checkout, its DOMAIN.md (docs/domain.md is ours), and "issue 19" / "(#19)".
OUTSIDE = re.compile(r"\.\./shared|\bDOMAIN\.md\b|\b[Ii]ssues?\s+#?\d+|\(#\d+\)")


def _written_by_us() -> list[Path]:
    source = [p for suffix in ("*.py", "*.html") for p in (ROOT / "src").rglob(suffix) if "tests" not in p.parts]
    return [*source, *(ROOT / "docs").rglob("*.md"), *ROOT.glob("*.md"), ROOT / "Makefile", ROOT / "pyproject.toml"]


def test_nothing_points_outside_the_repository():
    pointing = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in _written_by_us()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert pointing == []


def test_every_phony_make_target_exists():
    makefile = (ROOT / "Makefile").read_text()
    phony = {name for line in re.findall(r"^\.PHONY:(.*)$", makefile, re.M) for name in line.split()}
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))

    assert phony, "the Makefile declares no phony target"
    assert phony - targets == set()
