"""docs/registry-import.md carries the tables of accepted columns and labels that registry/columns.py and
registry/labels.py generate."""

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


def test_the_documented_labels_are_the_generated_ones():
    out = io.StringIO()
    call_command("registry_columns", labels=True, stdout=out)
    documented = DOCS.read_text().split("<!-- labels:start -->\n")[1].split("<!-- labels:end -->")[0]

    assert documented == out.getvalue()
    assert "| RelationshipToHead | 1 = Kepala | `Kepala Rumah Tangga`, `Kepala RT`, `KRT`" in documented
