"""Reading a table of indicator figures (.csv/.xlsx) into a plan: every row checked, every existing value
found, nothing written. ``services.import_figures`` writes a plan in one transaction.

The pipeline every import follows: read as text (``lib.spreadsheets.read_table``) → find the columns by header →
check each cell (``validation.py``), every error with its row and column → compare with what the database
holds. A row is then:

- ``new``: no figure yet for its kind, indicator, region and year;
- ``unchanged``: the same value, source and note are already there (skipped);
- ``conflict``: a different figure is already there. The user chooses once per import whether the file
  **replaces** the existing figures or they are **kept**; the preview shows old and new side by side.

A file with any error is refused whole: a wrong column usually runs through every row, and a partial
import would leave a series with holes that nobody sees.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dampingan.lib import deployment
from dampingan.lib.spreadsheets import CellError, TableError, match_headers, read_table, write_csv, write_xlsx
from dampingan.regions.models import Region

from . import validation
from .catalogue import UNIT_SYMBOLS
from .models import FIGURE_MODELS, Indicator, IndicatorTarget, IndicatorValue, Kind

MAX_FILE_MB = 5
MAX_ROWS = 5000

NEW = "new"
UNCHANGED = "unchanged"
CONFLICT = "conflict"

# Field → the headers that name it (matched ignoring case, spaces, dots, dashes and underscores).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "region": ("kode wilayah", "kode_wilayah", "wilayah", "kode", "region", "region code"),
    "year": ("tahun", "year"),
    "indicator": ("indikator", "kode indikator", "indicator"),
    "kind": ("jenis", "kind", "realisasi/target"),
    "value": ("nilai", "value", "angka"),
    "source": ("sumber", "source", "dokumen sumber", "sumber data"),
    "note": ("catatan", "keterangan", "note"),
}
REQUIRED = ("region", "year", "indicator", "value", "source")
TEMPLATE_HEADERS = {
    "region": "kode wilayah",
    "year": "tahun",
    "indicator": "indikator",
    "kind": "jenis",
    "value": "nilai",
    "source": "sumber",
    "note": "catatan",
}


@dataclass
class PlannedRow:
    """One valid row of the file and what it would do."""

    row: int
    kind: str
    indicator: Indicator
    region: Region
    year: int
    value: Decimal
    source: str
    note: str
    status: str = NEW
    existing: IndicatorValue | IndicatorTarget | None = None

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.kind, self.indicator.code, self.region.code, self.year)

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def value_shown(self) -> str:
        return validation.shown(self.value, self.indicator)

    @property
    def old_value_shown(self) -> str:
        return validation.shown(self.existing.value, self.indicator) if self.existing else ""


@dataclass
class ImportPlan:
    file_name: str
    checksum: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == NEW]

    @property
    def conflicts(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == CONFLICT]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == UNCHANGED]


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def plan_import(content: bytes, filename: str) -> ImportPlan:
    """Read, check and compare ``content`` with the database; writes nothing."""
    plan = ImportPlan(file_name=filename, checksum=checksum(content))
    if len(content) > MAX_FILE_MB * 1024 * 1024:
        plan.errors.append(
            CellError(_("The file %(name)s is larger than %(mb)s MB.") % {"name": filename, "mb": MAX_FILE_MB})
        )
        return plan
    try:
        sheet = read_table(content, filename, aliases=COLUMN_ALIASES)
    except TableError as exc:
        plan.errors.append(CellError(str(exc)))
        return plan
    frame = sheet.frame
    found, _unmatched = match_headers(frame.columns, COLUMN_ALIASES)
    missing = [TEMPLATE_HEADERS[name] for name in REQUIRED if name not in found]
    if missing:
        plan.errors.append(
            CellError(
                _("The file %(name)s lacks the column(s) %(missing)s; its columns are: %(columns)s.")
                % {"name": filename, "missing": ", ".join(missing), "columns": ", ".join(frame.columns) or "-"}
            )
        )
        return plan
    if frame.height == 0:
        plan.errors.append(CellError(_("The file %(name)s holds no rows below its header.") % {"name": filename}))
        return plan
    if frame.height > MAX_ROWS:
        plan.errors.append(
            CellError(
                _("The file has %(n)s rows; import at most %(max)s at a time.") % {"n": frame.height, "max": MAX_ROWS}
            )
        )
        return plan
    table = frame.select(
        [
            (pl.col(found[name]) if name in found else pl.lit(None, dtype=pl.String)).alias(name)
            for name in COLUMN_ALIASES
        ]
    )
    headers = {name: found.get(name, TEMPLATE_HEADERS[name]) for name in COLUMN_ALIASES}
    _check_rows(plan, table, sheet.rows.to_list(), headers)
    if plan.ok:
        _compare_with_database(plan)
    return plan


class _RowChecker:
    """Checks the cells of one row, collecting every error with its row and the file's column header."""

    def __init__(self, row: int, headers: dict[str, str]) -> None:
        self.row = row
        self.headers = headers
        self.cells: dict[str, Any] = {}
        self.errors: list[CellError] = []

    def check(self, name: str, func: Callable[..., Any], *args: Any) -> None:
        try:
            self.cells[name] = func(*args)
        except ValidationError as exc:
            self.errors.extend(CellError(message, self.row, self.headers[name]) for message in exc.messages)

    def fail(self, name: str, message: str) -> None:
        self.errors.append(CellError(message, self.row, self.headers[name]))


def _check_row(
    raw: dict[str, Any],
    row: int,
    headers: dict[str, str],
    indicators: dict[str, Indicator],
    regions: dict[str, Region],
) -> tuple[PlannedRow | None, list[CellError]]:
    checker = _RowChecker(row, headers)
    checker.check("kind", validation.check_kind, raw["kind"])
    checker.check("indicator", validation.check_indicator, raw["indicator"], indicators)
    checker.check("region", validation.check_region, raw["region"], regions)
    checker.check("year", validation.check_year, raw["year"], checker.cells.get("kind", Kind.VALUE))
    if "indicator" in checker.cells:
        checker.check("value", validation.check_value, checker.cells["indicator"], raw["value"])
    source = (raw["source"] or "").strip()
    if not source:
        checker.fail("source", _("the source is empty: say who published the figure."))
    elif len(source) > 250:
        checker.fail("source", _("the source is longer than 250 characters."))
    if checker.errors:
        return None, checker.errors
    cells = checker.cells
    planned = PlannedRow(
        row=row,
        kind=cells["kind"],
        indicator=cells["indicator"],
        region=cells["region"],
        year=cells["year"],
        value=cells["value"],
        source=source,
        note=(raw["note"] or "").strip(),
    )
    return planned, []


def _check_rows(plan: ImportPlan, table: pl.DataFrame, rows: list[int], headers: dict[str, str]) -> None:
    """Every row checked; ``rows`` are the file's own row numbers of the table's rows."""
    indicators = validation.indicator_lookup(Indicator.objects.all())
    regions = validation.deployment_regions()
    seen: dict[tuple[str, str, str, int], int] = {}
    for row, raw in zip(rows, table.iter_rows(named=True), strict=True):
        planned, errors = _check_row(raw, row, headers, indicators, regions)
        if planned is None:
            plan.errors.extend(errors)
            continue
        if planned.key in seen:
            plan.errors.append(
                CellError(
                    _("row %(first)s already gives %(kind)s of %(indicator)s for %(region)s in %(year)s.")
                    % {
                        "first": seen[planned.key],
                        "kind": planned.kind_label,
                        "indicator": planned.indicator.code,
                        "region": planned.region.name,
                        "year": planned.year,
                    },
                    row,
                    headers["indicator"],
                )
            )
            continue
        seen[planned.key] = row
        plan.rows.append(planned)


def _compare_with_database(plan: ImportPlan) -> None:
    for kind, model in FIGURE_MODELS.items():
        rows = [r for r in plan.rows if r.kind == kind]
        if not rows:
            continue
        existing = {
            (f.indicator_id, f.region_id, f.year): f
            for f in model.objects.filter(
                indicator_id__in={r.indicator.code for r in rows},
                region_id__in={r.region.code for r in rows},
                year__in={r.year for r in rows},
            )
        }
        for row in rows:
            old = existing.get((row.indicator.code, row.region.code, row.year))
            if old is None:
                continue
            row.existing = old
            same = old.value == row.value and old.source == row.source and old.note == row.note
            row.status = UNCHANGED if same else CONFLICT


# --- the template ---------------------------------------------------------------------------------------


def template_frames() -> dict[str, pl.DataFrame]:
    """The import template: a first sheet to fill (with two true figures of seed 001 as examples) and
    sheets listing the indicator codes and the region codes."""
    city = deployment.code()
    h = TEMPLATE_HEADERS
    data = pl.DataFrame(
        {
            h["region"]: [city, city],
            h["year"]: ["2021", "2021"],
            h["indicator"]: ["P0", "TPT"],
            h["kind"]: [Kind.VALUE.value, Kind.VALUE.value],
            h["value"]: ["7,59", "6,09"],
            h["source"]: ["BPS Kota Pekalongan, Susenas Maret 2021", "BPS Kota Pekalongan, Sakernas Agustus 2021"],
            h["note"]: ["Contoh baris; hapus atau ganti.", ""],
        },
        schema={name: pl.String for name in h.values()},
    )
    indicators = pl.DataFrame(
        [
            {
                _("Code"): i.code,
                _("Indicator"): i.label,
                _("Unit"): str(UNIT_SYMBOLS.get(i.unit, i.unit)),
                _("Decimal places"): str(i.decimals),
                _("Lowest"): validation.format_number(i.minimum) if i.minimum is not None else "",
                _("Highest"): validation.format_number(i.maximum) if i.maximum is not None else "",
            }
            for i in Indicator.objects.all()
        ],
        orient="row",
    )
    regions = pl.DataFrame(
        [{_("Code"): r.code, _("Region"): r.name} for r in validation.deployment_regions().values()],
        schema={_("Code"): pl.String, _("Region"): pl.String},
        orient="row",
    )
    notes = pl.DataFrame(
        {
            _("Guidance"): [
                _("One row per figure. Columns: kode wilayah, tahun, indikator, jenis, nilai, sumber, catatan."),
                _("jenis: “realisasi” for a published value (the default), “target” for a plan's target."),
                _("nilai: write decimals with a comma (7,59); a realised value cannot be for a future year."),
                _("sumber: who published the figure, e.g. “BPS Kota Pekalongan, Susenas Maret 2020”."),
                _("A figure that already exists is shown before import: you choose to replace or keep it."),
            ]
        }
    )
    return {
        _("Figures"): data,
        _("Indicators"): indicators,
        _("Region codes"): regions,
        _("Guidance"): notes,
    }


def template_xlsx() -> bytes:
    return write_xlsx(template_frames())


def template_csv() -> bytes:
    return write_csv(next(iter(template_frames().values())))
