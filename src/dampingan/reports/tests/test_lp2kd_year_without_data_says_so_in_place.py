"""An LP2KD for a year without records is generated with notes where the figures would be."""

from __future__ import annotations

from .conftest import docx_table, docx_text, sheet_rows
from .lp2kd_support import generate_lp2kd


def test_a_year_before_any_record_gives_notes_and_empty_tables(registry, demo_coordination, persona, immediate_tasks):
    # Given a registry dated 2025, indicators from 2015 and meetings in 2022 and 2025
    report = generate_lp2kd(persona("tkpk"), 2012)

    notes = [b["text"] for b in report.content["blocks"] if b["type"] == "note"]
    tables = {b["key"]: b for b in report.content["blocks"] if b["type"] == "table"}
    # Then the registry, deprivation, MPI and targeting sections say there is no release for that year
    assert sum("2012" in n for n in notes) >= 2
    assert "registry_by_kecamatan" not in tables and "targeting_by_kecamatan" not in tables
    # And each table of the year is empty, with its note printed in the DOCX and the XLSX
    for key in ("macro_values", "programmes_by_source", "mentoring_by_kelurahan", "meetings_by_kind"):
        assert tables[key]["rows"] == [] and tables[key]["empty_note"]
    text = docx_text(report)
    assert tables["meetings_by_kind"]["empty_note"] in text
    assert "Perda: —" in text
    assert len(docx_table(report, "programmes_by_source")) == 1
    assert sheet_rows(report, "macro_values")[1][0] == tables["macro_values"]["empty_note"]
