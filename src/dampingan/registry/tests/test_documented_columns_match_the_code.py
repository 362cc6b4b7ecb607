"""docs/registry-import.md carries the table of accepted columns that registry/columns.py generates."""

import io
from pathlib import Path

from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[4] / "docs" / "registry-import.md"


def test_the_documented_table_is_the_generated_one():
    out = io.StringIO()
    call_command("registry_columns", stdout=out)
    documented = DOCS.read_text().split("<!-- columns:start -->\n")[1].split("<!-- columns:end -->")[0]

    assert documented == out.getvalue()
    assert "| nik | member | yes | `nik`, `no nik`" in documented
