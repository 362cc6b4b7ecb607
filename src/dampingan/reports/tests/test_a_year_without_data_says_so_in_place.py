"""A year without records gives a report that says so where the figures would be; it does not fail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dampingan.mentoring.models import Opd
from dampingan.reports import services
from dampingan.reports.kinds import ReportKind

from .conftest import docx_table, docx_text, generate, sheet_rows


def test_a_year_before_the_decree_gives_notes_instead_of_figures(persona, immediate_tasks):
    dlh = Opd.objects.get(abbreviation="DLH")

    report = generate(persona("tkpk"), dlh, 2015)

    notes = [b["text"] for b in report.content["blocks"] if b["type"] == "note"]
    assert len(notes) == 2  # no assignment in 2015; no registry release in this database
    empty = {b["key"]: b["empty_note"] for b in report.content["blocks"] if b["type"] == "table"}
    assert all(empty.values()) and len(empty) >= 9
    text = docx_text(report)
    assert notes[0] in text
    assert empty["visits_by_month"] in text
    # The table keeps its header and prints nothing but the header; the XLSX sheet carries the note
    assert len(docx_table(report, "visits_by_month")) == 1
    assert sheet_rows(report, "visits_by_month")[1][0] == empty["visits_by_month"]


def test_a_year_not_yet_begun_or_before_the_tkpk_is_refused_with_the_range(persona, pekalongan):
    dlh = Opd.objects.get(abbreviation="DLH")

    with pytest.raises(ValidationError) as refused:
        services.read_parameters(ReportKind.OPD_MENTORING, year=2099, opd_id=dlh.pk)

    assert "2010" in refused.value.message_dict["year"][0]


def test_a_kind_without_its_builder_yet_cannot_be_requested(pekalongan, monkeypatch):
    from dataclasses import replace

    from dampingan.reports import kinds

    # Every kind has its builder now: stand in one whose module does not exist.
    missing = replace(kinds.KINDS[ReportKind.LP2KD], builder="dampingan.reports.builders.not_written_yet")
    monkeypatch.setitem(kinds.KINDS, ReportKind.LP2KD, missing)
    with pytest.raises(ValidationError) as refused:
        services.read_parameters(ReportKind.LP2KD, year=2025)

    assert "kind" in refused.value.message_dict
