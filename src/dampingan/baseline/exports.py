"""The baseline as a spreadsheet: one sheet of problems (with their latest monitoring entry), one of potentials."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
from django.utils.translation import gettext as _

from dampingan.lib.spreadsheets import write_xlsx
from dampingan.mentoring.models import ProblemCategory

from .models import (
    Movement,
    Potential,
    PotentialQuerySet,
    Problem,
    ProblemQuerySet,
    ProblemStatus,
    Sector,
    Severity,
)
from .queries import with_latest_potential_update, with_latest_update


def _label(choices: type, value: object) -> str:
    return str(choices(value).label) if value not in (None, "") else ""


def problem_frame(problems: Iterable[Problem]) -> pl.DataFrame:
    rows = [
        {
            _("Kelurahan code"): p.kelurahan_id,
            _("Kelurahan"): p.kelurahan.name,
            _("Kecamatan"): p.kelurahan.parent.name if p.kelurahan.parent else "",
            _("Priority"): p.priority,
            _("Problem"): p.title,
            _("Category"): _label(ProblemCategory, p.category),
            _("Severity"): _label(Severity, p.severity),
            _("Status"): _label(ProblemStatus, p.status),
            _("Root cause"): p.root_cause,
            _("Evidence"): p.evidence_label if p.evidence_indicator else "",
            _("Evidence value"): p.evidence_value,
            _("Of (denominator)"): p.evidence_denominator,
            _("Evidence date"): p.evidence_on,
            _("Evidence release"): str(p.evidence_release) if p.evidence_release else "",
            _("Recorded on"): p.recorded_on,
            _("Mentoring OPD"): p.opd.abbreviation if p.opd else "",
            # The latest_* values are annotations of queries.with_latest_(potential_)update, unknown to mypy.
            _("Latest monitoring"): p.latest_on,  # type: ignore[attr-defined]
            _("Latest movement"): _label(Movement, p.latest_movement),  # type: ignore[attr-defined]
            _("Indicator value at latest monitoring"): p.latest_value,  # type: ignore[attr-defined]
            _("Latest note"): p.latest_narrative or "",  # type: ignore[attr-defined]
        }
        for p in problems
    ]
    return pl.DataFrame(rows, schema=_problem_schema()) if rows else pl.DataFrame(schema=_problem_schema())


def _problem_schema() -> dict[str, pl.DataType]:
    text, number, day = pl.String(), pl.Int64(), pl.Date()
    return {
        _("Kelurahan code"): text,
        _("Kelurahan"): text,
        _("Kecamatan"): text,
        _("Priority"): number,
        _("Problem"): text,
        _("Category"): text,
        _("Severity"): text,
        _("Status"): text,
        _("Root cause"): text,
        _("Evidence"): text,
        _("Evidence value"): number,
        _("Of (denominator)"): number,
        _("Evidence date"): day,
        _("Evidence release"): text,
        _("Recorded on"): day,
        _("Mentoring OPD"): text,
        _("Latest monitoring"): day,
        _("Latest movement"): text,
        _("Indicator value at latest monitoring"): number,
        _("Latest note"): text,
    }


def _potential_schema() -> dict[str, pl.DataType]:
    text, number, day = pl.String(), pl.Int64(), pl.Date()
    return {
        _("Kelurahan code"): text,
        _("Kelurahan"): text,
        _("Kecamatan"): text,
        _("Sector"): text,
        _("Potential"): text,
        _("Enterprises"): number,
        _("Workers"): number,
        _("Markets"): text,
        _("Notes"): text,
        _("Recorded on"): day,
        _("Mentoring OPD"): text,
        _("Latest monitoring"): day,
        _("Enterprises now"): number,
        _("Workers now"): number,
        _("Latest note"): text,
    }


def potential_frame(potentials: Iterable[Potential]) -> pl.DataFrame:
    rows = [
        {
            _("Kelurahan code"): p.kelurahan_id,
            _("Kelurahan"): p.kelurahan.name,
            _("Kecamatan"): p.kelurahan.parent.name if p.kelurahan.parent else "",
            _("Sector"): _label(Sector, p.sector),
            _("Potential"): p.name,
            _("Enterprises"): p.enterprises,
            _("Workers"): p.workers,
            _("Markets"): p.markets,
            _("Notes"): p.notes,
            _("Recorded on"): p.recorded_on,
            _("Mentoring OPD"): p.opd.abbreviation if p.opd else "",
            # The latest_* values are annotations of queries.with_latest_(potential_)update, unknown to mypy.
            _("Latest monitoring"): p.latest_on,  # type: ignore[attr-defined]
            _("Enterprises now"): p.latest_enterprises,  # type: ignore[attr-defined]
            _("Workers now"): p.latest_workers,  # type: ignore[attr-defined]
            _("Latest note"): p.latest_narrative or "",  # type: ignore[attr-defined]
        }
        for p in potentials
    ]
    schema = _potential_schema()
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def baseline_xlsx(problems: ProblemQuerySet, potentials: PotentialQuerySet) -> bytes:
    """Problems and potentials of the given (already scoped) querysets as an .xlsx file.

    Free text stays as typed: ``write_xlsx`` stores a title such as "=HYPERLINK(...)" as text, not a formula.
    """
    problem_rows = with_latest_update(problems.with_people().select_related("evidence_release")).order_by(
        "kelurahan_id", "priority", "pk"
    )
    potential_rows = with_latest_potential_update(potentials.with_people()).order_by("kelurahan_id", "sector", "pk")
    return write_xlsx(
        {
            _("Problems"): problem_frame(problem_rows),
            _("Potentials"): potential_frame(potential_rows),
        }
    )
