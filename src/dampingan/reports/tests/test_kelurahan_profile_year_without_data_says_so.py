"""A kelurahan profile for a year without records says so in place of each chapter's figures."""

from __future__ import annotations

from dampingan.reports.builders.kelurahan_profile import build
from dampingan.reports.kinds import ReportParameters

from .conftest import docx_table, docx_text, sheet_rows
from .kelurahan_profile_support import BANYURIP, generate_profile


def test_a_year_before_any_decree_and_without_a_release_gives_notes(persona, immediate_tasks):
    report = generate_profile(persona("lurah_banyurip"), BANYURIP, 2015)

    blocks = report.content["blocks"]
    notes = [b["text"] for b in blocks if b["type"] == "note"]
    # no registry release in this database: the registry and MPI chapters say so instead of failing
    assert len(notes) == 2 and all("rilis" in note.lower() for note in notes)
    empty = {b["key"]: b["empty_note"] for b in blocks if b["type"] == "table" and not b["rows"]}
    assert {"assignments", "problems", "potentials", "team", "visits_by_month", "interventions", "meetings"} <= set(
        empty
    )
    assert all(empty[key] for key in empty if key != "identity")
    text = docx_text(report)
    assert notes[0] in text and empty["visits_by_month"] in text and empty["meetings"] in text
    # the table keeps its header and nothing else; the XLSX sheet carries the note
    assert len(docx_table(report, "interventions")) == 1
    assert sheet_rows(report, "meetings")[1][0] == empty["meetings"]


def test_a_year_not_yet_begun_says_so(pekalongan):
    import datetime as dt

    document = build(ReportParameters(2031, kelurahan_code=BANYURIP), today=dt.date(2030, 6, 1))

    assert any("2031" in b.text for b in document.blocks if type(b).__name__ == "Note")
