"""docs/roles.md's access matrix is the one core/access_matrix.py declares: the section between
its markers is generated; a change to the table, a route or an API operation without regenerating it fails."""

from pathlib import Path

from django.core.management import call_command

from dampingan.core import access_matrix

ROLES_DOC = Path(__file__).resolve().parents[4] / "docs" / "roles.md"


def test_the_generated_section_of_roles_md_is_up_to_date():
    document = ROLES_DOC.read_text(encoding="utf-8")

    assert access_matrix.DOC_START in document and access_matrix.DOC_END in document
    assert access_matrix.replace_section(document) == document, "run `dampingan access-matrix --write`"


def test_the_section_counts_the_cells_the_matrix_test_sends():
    counts = access_matrix.families()
    section = access_matrix.render_markdown()

    assert set(counts) == {"pages GET", "pages write", "API GET", "API write"}
    assert f"pages GET {counts['pages GET']}, pages write {counts['pages write']}" in section


def test_the_command_checks_the_document(tmp_path):
    stale = tmp_path / "roles.md"
    stale.write_text("# Roles\n\nProse.\n", encoding="utf-8")

    call_command("access_matrix", "--write", "--doc", str(stale))

    written = stale.read_text(encoding="utf-8")
    assert written.startswith("# Roles\n\nProse.\n")
    assert written.count(access_matrix.DOC_START) == 1
    call_command("access_matrix", "--check", "--doc", str(stale))
