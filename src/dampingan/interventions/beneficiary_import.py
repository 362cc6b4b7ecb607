"""Reading a list of beneficiaries (.xlsx/.xls/.csv, by NIK or No KK) and matching it to the registry.

The pipeline of every import here: read the table as text → find the columns by their
headers → check NIK and No KK vectorised (``lib.nik``), every error with row and column → match against
the current registry release → a match report in which **every row has a result**, none dropped:

- ``matched``: a household of the current release (by NIK: that member's household; by No KK: that
  family's household). Flagged ``other_kelurahan`` when it lives outside the intervention's kelurahan
  (still linked) and ``desil_5_plus`` when its desil is 5 or above;
- ``not_in_registry``: valid identifiers the release does not hold; kept as a beneficiary without a
  household, flagged ``not_in_registry`` so that the leakage measure counts it;
- ``duplicate_in_file``: the same person or household as an earlier row (named in the note); skipped;
- ``already_linked``: already a beneficiary of this intervention; skipped;
- ``invalid``: a NIK or No KK that is not 16 digits, was mangled by Excel, or is not a possible NIK.

Invalid rows refuse the **whole** import until the file is fixed (we chose this over "import the valid
rows only"): a partner's list with a mangled NIK column is usually mangled throughout, and importing the
rest would quietly leave people out of the programme's records — the error this report exists to stop.

This module reads; ``beneficiaries.py`` writes what a report says, in one transaction.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dampingan.access.scope import Scope
from dampingan.lib import nik as nik_checks
from dampingan.lib.spreadsheets import CellError, TableError, match_headers, read_table, write_xlsx
from dampingan.regions.models import Region
from dampingan.registry.models import Household, RegistryRelease
from dampingan.registry.queries import head, latest_rank, visible_families, visible_members

from .models import Intervention

MAX_FILE_MB = 5
MAX_ROWS = 5000

# Flags stored on Beneficiary.flags (targeting_data.NOT_IN_REGISTRY_FLAG reads the first).
NOT_IN_REGISTRY = "not_in_registry"
OTHER_KELURAHAN = "other_kelurahan"
DESIL_5_PLUS = "desil_5_plus"
SEVERAL_HOUSEHOLDS = "several_households"
LEAKAGE_DESIL = 5

FLAG_LABELS: dict[str, Promise] = {
    NOT_IN_REGISTRY: gettext_lazy("not in the registry"),
    OTHER_KELURAHAN: gettext_lazy("in another kelurahan"),
    DESIL_5_PLUS: gettext_lazy("desil 5 or above"),
    SEVERAL_HOUSEHOLDS: gettext_lazy("in several households of the registry"),
}

# Results of a row; only the first two are imported.
MATCHED = "matched"
UNMATCHED = "not_in_registry"
DUPLICATE_IN_FILE = "duplicate_in_file"
ALREADY_LINKED = "already_linked"
INVALID = "invalid"
IMPORTED_RESULTS = (MATCHED, UNMATCHED)

RESULT_LABELS: dict[str, Promise] = {
    MATCHED: gettext_lazy("matched"),
    UNMATCHED: gettext_lazy("not in the registry"),
    DUPLICATE_IN_FILE: gettext_lazy("duplicate in the file"),
    ALREADY_LINKED: gettext_lazy("already a beneficiary"),
    INVALID: gettext_lazy("invalid"),
}

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("NIK", "No NIK", "Nomor NIK", "Nomor Induk Kependudukan", "NIK Penerima"),
    "no_kk": ("No KK", "Nomor KK", "NOKK", "KK", "No Kartu Keluarga", "Nomor Kartu Keluarga"),
    "name": ("Nama", "Nama Penerima", "Nama Lengkap", "Name"),
    "kelurahan": ("Kelurahan", "Desa", "Kelurahan/Desa", "Kode Kelurahan", "Kode Wilayah"),
}


def nik_error_message(code: str, label: str) -> str:
    """The sentence for an error code of ``lib.nik`` on the column called ``label`` (NIK or No KK)."""
    messages = {
        nik_checks.EXCEL_MANGLED: _(
            "Excel turned this %(label)s into a number and lost its last digits. Format the column as text "
            "and type the number again."
        ),
        nik_checks.EXCEL_NUMBER_CELL: _(
            "Excel stored this %(label)s as a number; its last digit is lost. Format the column as text "
            "and type the number again."
        ),
        nik_checks.NOT_16_DIGITS: _("the %(label)s must have 16 digits."),
        nik_checks.ZERO_REGION: _("the %(label)s has a region part 00, which no %(label)s has."),
        nik_checks.BAD_DATE: _("the %(label)s holds no real birth date (digits 7-12)."),
        nik_checks.ZERO_SERIAL: _("the %(label)s ends in the serial 0000, which is never issued."),
    }
    return messages.get(code, _("the %(label)s is not valid.")) % {"label": label}


@dataclass
class MatchRow:
    """One row of the file and what the registry said about it."""

    row: int
    nik: str = ""
    no_kk: str = ""
    name: str = ""
    result: str = INVALID
    flags: list[str] = field(default_factory=list)
    matched_by: str = ""  # "nik" or "no_kk"
    household_id: int | None = None
    member_id: int | None = None
    kelurahan_code: str = ""
    kelurahan_name: str = ""
    desil: int | None = None
    note: str = ""

    @property
    def imported(self) -> bool:
        return self.result in IMPORTED_RESULTS

    @property
    def result_label(self) -> str:
        return str(RESULT_LABELS[self.result])

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[f]) for f in self.flags]

    @property
    def flag_pairs(self) -> list[tuple[str, str]]:
        return [(f, str(FLAG_LABELS[f])) for f in self.flags]


@dataclass
class MatchReport:
    """The match of a whole file (or of identifiers sent to the API): rows, errors and counts."""

    file_name: str
    checksum: str
    rows: list[MatchRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the report may be imported: no error anywhere."""
        return not self.errors

    @property
    def to_import(self) -> list[MatchRow]:
        return [r for r in self.rows if r.imported]

    def result_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(r.result for r in self.rows)
        return [(key, str(label), counts[key]) for key, label in RESULT_LABELS.items() if counts[key]]

    def flag_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(f for r in self.rows if r.imported for f in r.flags)
        return [(key, str(label), counts[key]) for key, label in FLAG_LABELS.items() if counts[key]]


# --- reading ------------------------------------------------------------------------------------------


def read_beneficiary_table(content: bytes, filename: str) -> tuple[pl.DataFrame, list[CellError]]:
    """The file as a frame of ``row`` (as the spreadsheet numbers it) and the text columns ``nik``,
    ``no_kk``, ``name`` and ``kelurahan`` (null where the file has no such column), and the errors that
    make the file unusable as a whole (unreadable, no NIK or No KK column, too many rows)."""

    def identifiers(headers: list[str]) -> list[str]:
        found = match_headers(headers, COLUMN_ALIASES)[0]
        return [found[name] for name in ("nik", "no_kk") if name in found]

    try:
        sheet = read_table(content, filename, aliases=COLUMN_ALIASES, number_columns=identifiers)
    except TableError as exc:
        return pl.DataFrame(), [CellError(str(exc))]
    frame = sheet.frame
    found, _unmatched = match_headers(frame.columns, COLUMN_ALIASES)
    if "nik" not in found and "no_kk" not in found:
        return pl.DataFrame(), [
            CellError(
                _("The file needs a column “NIK” or “No KK”; its columns are: %(columns)s.")
                % {"columns": ", ".join(frame.columns) or "—"}
            )
        ]
    if frame.height > MAX_ROWS:
        return pl.DataFrame(), [
            CellError(
                _("The file has %(n)s rows; import at most %(max)s at a time.") % {"n": frame.height, "max": MAX_ROWS}
            )
        ]
    columns = [
        (pl.col(found[name]) if name in found else pl.lit(None, dtype=pl.String)).alias(name) for name in COLUMN_ALIASES
    ]
    # A workbook's numeric identifier cell has lost its 16th digit, whatever it now looks like.
    numbers = [
        (
            sheet.number_cells[found[name]] if found.get(name) in sheet.number_cells else pl.repeat(False, frame.height)
        ).alias(f"{name}_number_cell")
        for name in ("nik", "no_kk")
    ]
    return frame.select(columns).with_columns(sheet.rows.alias("row"), *numbers), []


def headers_of(content: bytes, filename: str) -> dict[str, str]:
    """Field → the header that named it in the file (for messages naming the column as the file does)."""
    try:
        sheet = read_table(content, filename, aliases=COLUMN_ALIASES)
    except TableError:
        return {}
    return match_headers(sheet.columns, COLUMN_ALIASES)[0]


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- matching -----------------------------------------------------------------------------------------


def match_upload(
    intervention: Intervention, release: RegistryRelease, content: bytes, filename: str, *, scope: Scope
) -> MatchReport:
    """Read ``content`` and match every row to the households of ``release`` in ``scope`` (the user's work
    area) for ``intervention``."""
    report = MatchReport(file_name=filename, checksum=checksum(content))
    table, errors = read_beneficiary_table(content, filename)
    if errors:
        report.errors = errors
        return report
    headers = headers_of(content, filename)
    return _match(intervention, release, scope, table, report, headers)


def match_identifiers(
    intervention: Intervention,
    release: RegistryRelease,
    niks: Sequence[str] = (),
    no_kks: Sequence[str] = (),
    *,
    scope: Scope,
) -> MatchReport:
    """The same match for identifiers sent without a file (the API's "add by NIK"); row = position + 1."""
    values = [(n, None) for n in niks] + [(None, k) for k in no_kks]
    table = pl.DataFrame(
        {
            "row": list(range(1, len(values) + 1)),
            "nik": [v[0] for v in values],
            "no_kk": [v[1] for v in values],
            "name": [None] * len(values),
            "kelurahan": [None] * len(values),
        },
        schema={"row": pl.Int64, "nik": pl.String, "no_kk": pl.String, "name": pl.String, "kelurahan": pl.String},
    ).with_columns(pl.col("nik", "no_kk").str.strip_chars())
    report = MatchReport(file_name="api", checksum="")
    headers = {"nik": "nik", "no_kk": "no_kk", "kelurahan": "kelurahan"}
    return _match(intervention, release, scope, table, report, headers)


def _validate(table: pl.DataFrame, headers: dict[str, str]) -> tuple[pl.DataFrame, list[CellError]]:
    """NIK and No KK checked column-wise; a row with neither is an error too."""
    checked = table.with_columns(
        *nik_checks.check_nik("nik", prefix="nik_ok"), *nik_checks.check_no_kk("no_kk", prefix="kk_ok")
    )
    if "nik_number_cell" in checked.columns:
        for column, prefix in (("nik", "nik_ok"), ("no_kk", "kk_ok")):
            number = pl.col(f"{column}_number_cell").fill_null(False) & pl.col(column).is_not_null()
            checked = checked.with_columns(
                pl.when(number).then(None).otherwise(pl.col(prefix)).alias(prefix),
                pl.when(number)
                .then(pl.lit(nik_checks.EXCEL_NUMBER_CELL))
                .otherwise(pl.col(f"{prefix}_error"))
                .alias(f"{prefix}_error"),
            )
    errors = []
    bad = checked.filter(
        pl.col("nik_ok_error").is_not_null()
        | pl.col("kk_ok_error").is_not_null()
        | (pl.col("nik").is_null() & pl.col("no_kk").is_null())
    )
    for row in bad.iter_rows(named=True):
        if row["nik_ok_error"]:
            errors.append(
                CellError(nik_error_message(row["nik_ok_error"], "NIK"), row["row"], headers.get("nik", "NIK"))
            )
        if row["kk_ok_error"]:
            errors.append(
                CellError(nik_error_message(row["kk_ok_error"], "No KK"), row["row"], headers.get("no_kk", "No KK"))
            )
        if row["nik"] is None and row["no_kk"] is None:
            header = headers.get("nik") or headers.get("no_kk")
            errors.append(CellError(_("give the NIK or the No KK of this beneficiary."), row["row"], header))
    return checked, errors


@dataclass(frozen=True)
class _Found:
    household_id: int
    kelurahan_code: str
    member_id: int | None = None
    name: str = ""


def _pick(candidates: list[_Found], codes: set[str]) -> tuple[_Found, bool]:
    """One household for an identifier the registry holds more than once (a known registry problem):
    the one in the intervention's kelurahan first, then the lowest id; the second value says it was ambiguous."""
    ranked = sorted(candidates, key=lambda f: (f.kelurahan_code not in codes, f.household_id))
    return ranked[0], len({f.household_id for f in candidates}) > 1


def _lookups(release: RegistryRelease, scope: Scope, niks: set[str], no_kks: set[str]) -> tuple[dict, dict]:
    """Members by NIK and families by No KK among the households of ``scope`` only: a file of NIKs must not
    become a lookup of the whole registry, so a person of another work area is found no more than a person
    the registry does not hold (not even the fact that it holds them is told)."""
    members = visible_members(scope, release).filter(nik__in=sorted(niks))
    # The columns are nullable, so the stubs type the keys ``str | None``; the ``__in`` filters leave none null.
    by_nik: dict[str | None, list[_Found]] = {}
    for nik, pk, household_id, code, name in members.values_list("nik", "pk", "household_id", "kelurahan_id", "name"):
        by_nik.setdefault(nik, []).append(_Found(household_id, code, pk, name))
    families = visible_families(scope, release).filter(no_kk__in=sorted(no_kks))
    by_kk: dict[str | None, list[_Found]] = {}
    for no_kk, household_id, code in families.values_list("no_kk", "household_id", "kelurahan_id"):
        by_kk.setdefault(no_kk, []).append(_Found(household_id, code))
    return by_nik, by_kk


def _kelurahan_resolver(intervention: Intervention) -> tuple[list[Region], dict[str, Region]]:
    """The intervention's kelurahan, and every village of the deployment by code and by lower-case name."""
    own = list(intervention.kelurahan.order_by("code"))
    villages = list(Region.objects.in_deployment().villages())
    lookup = {v.code: v for v in villages}
    lookup.update({v.name.casefold(): v for v in villages})
    return own, lookup


def _match(
    intervention: Intervention,
    release: RegistryRelease,
    scope: Scope,
    table: pl.DataFrame,
    report: MatchReport,
    headers: dict[str, str],
) -> MatchReport:
    checked, errors = _validate(table, headers)
    invalid_rows = {e.row for e in errors}
    niks = set(checked["nik_ok"].drop_nulls().to_list())
    no_kks = set(checked["kk_ok"].drop_nulls().to_list())
    by_nik, by_kk = _lookups(release, scope, niks, no_kks)
    own, villages = _kelurahan_resolver(intervention)
    codes = {k.code for k in own}
    names = {k.code: k.name for k in villages.values()}
    linked = _Linked.of(intervention)

    seen: dict[tuple[str, object], int] = {}
    rows: list[MatchRow] = []
    for raw in checked.iter_rows(named=True):
        row = MatchRow(row=raw["row"], nik=raw["nik_ok"] or "", no_kk=raw["kk_ok"] or "", name=raw["name"] or "")
        rows.append(row)
        if row.row in invalid_rows:
            row.result = INVALID
            row.nik, row.no_kk = raw["nik"] or "", raw["no_kk"] or ""
            continue
        found, ambiguous = _registry_entry(row, by_nik, by_kk, codes)
        if found is not None:
            _take_match(row, found, ambiguous, codes, intervention.city_wide)
        elif (error := _place_unmatched(row, raw, own, villages, headers)) is not None:
            errors.append(error)
            continue
        keys = _identity_keys(row, found)
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            row.result = DUPLICATE_IN_FILE
            row.note = _("the same beneficiary as row %(row)s") % {"row": first}
            continue
        seen.update(dict.fromkeys(keys, row.row))
        if linked.holds(row):
            row.result = ALREADY_LINKED
    _add_desil_and_names(release, rows, names)
    report.rows = rows
    report.errors = sorted(errors, key=lambda e: (e.row or 0, e.column or ""))
    return report


@dataclass(frozen=True)
class _Linked:
    """Who the intervention already lists: households, NIKs, and the No KK of those listed without a household."""

    households: set[int]
    niks: set[str]
    kks: set[str]

    @classmethod
    def of(cls, intervention: Intervention) -> _Linked:
        linked = list(intervention.beneficiaries.values_list("household_id", "nik", "no_kk"))
        return cls(
            households={h for h, _n, _k in linked if h},
            niks={n for _h, n, _k in linked if n},
            kks={k for h, _n, k in linked if k and not h},
        )

    def holds(self, row: MatchRow) -> bool:
        return bool(
            (row.household_id and row.household_id in self.households)
            or (row.nik and row.nik in self.niks)
            or (row.household_id is None and row.no_kk and row.no_kk in self.kks)
        )


def _registry_entry(
    row: MatchRow, by_nik: dict[str, list[_Found]], by_kk: dict[str, list[_Found]], codes: set[str]
) -> tuple[_Found | None, bool]:
    """The household the registry holds for the row's NIK, else for its No KK (``matched_by`` says which), and
    whether it holds the identifier more than once."""
    if row.nik and row.nik in by_nik:
        row.matched_by = "nik"
        return _pick(by_nik[row.nik], codes)
    if row.no_kk and row.no_kk in by_kk:
        row.matched_by = "no_kk"
        return _pick(by_kk[row.no_kk], codes)
    return None, False


def _take_match(row: MatchRow, found: _Found, ambiguous: bool, codes: set[str], city_wide: bool) -> None:
    """The row is the household found, flagged if the registry holds it twice or it lives outside the
    intervention's kelurahan."""
    row.result = MATCHED
    row.household_id, row.member_id = found.household_id, found.member_id
    row.kelurahan_code = found.kelurahan_code
    row.name = row.name or found.name
    if ambiguous:
        row.flags.append(SEVERAL_HOUSEHOLDS)
    if not city_wide and found.kelurahan_code not in codes:
        row.flags.append(OTHER_KELURAHAN)


def _place_unmatched(
    row: MatchRow, raw: dict, own: list[Region], villages: dict[str, Region], headers: dict[str, str]
) -> CellError | None:
    """A person the registry does not hold counts in a kelurahan; with none to be found, the row is invalid."""
    row.result = UNMATCHED
    row.flags.append(NOT_IN_REGISTRY)
    region = _kelurahan_of_unmatched(raw["kelurahan"], own, villages)
    if region is None:
        row.result = INVALID
        row.flags.clear()
        return _unmatched_kelurahan_error(raw, own, headers)
    row.kelurahan_code = region.code
    return None


def _identity_keys(row: MatchRow, found: _Found | None) -> list[tuple[str, object]]:
    """What makes two rows the same beneficiary: the household found, the NIK, the No KK of one not found."""
    keys: list[tuple[str, object]] = []
    if found is not None:
        keys.append(("household", found.household_id))
    if row.nik:
        keys.append(("nik", row.nik))
    if row.no_kk and found is None:
        keys.append(("no_kk", row.no_kk))
    return keys


def _kelurahan_of_unmatched(value: str | None, own: list[Region], villages: dict[str, Region]) -> Region | None:
    """Where a person the registry does not hold counts: the kelurahan the file names, else the
    intervention's only kelurahan."""
    if value:
        return villages.get(value.strip()) or villages.get(value.strip().casefold())
    return own[0] if len(own) == 1 else None


def _unmatched_kelurahan_error(raw: dict, own: list[Region], headers: dict[str, str]) -> CellError:
    if raw["kelurahan"]:
        message = _("“%(value)s” is not a kelurahan of this kab/kota; write its name or code.") % {
            "value": raw["kelurahan"]
        }
        return CellError(message, raw["row"], headers.get("kelurahan", "Kelurahan"))
    return CellError(
        _(
            "the registry does not hold this beneficiary and the intervention covers several kelurahan (or the "
            "whole city): add a column “Kelurahan” saying where the person lives."
        ),
        raw["row"],
        "Kelurahan",
    )


def _add_desil_and_names(release: RegistryRelease, rows: list[MatchRow], names: dict[str, str]) -> None:
    """Desil (latest rank) of the matched households and a name from the registry where the file gave none."""
    ids = {r.household_id for r in rows if r.household_id}
    info = {
        pk: (desil, head_name)
        for pk, desil, head_name in Household.objects.filter(release=release, pk__in=sorted(ids))
        .annotate(d=latest_rank(), h=head("name"))
        .values_list("pk", "d", "h")
    }
    for row in rows:
        row.kelurahan_name = names.get(row.kelurahan_code, row.kelurahan_code)
        if row.household_id is None:
            continue
        row.desil, head_name = info.get(row.household_id, (None, ""))
        row.name = row.name or head_name or ""
        if row.result in IMPORTED_RESULTS and row.desil is not None and row.desil >= LEAKAGE_DESIL:
            row.flags.append(DESIL_5_PLUS)


# --- the report as a file -----------------------------------------------------------------------------


def report_frame(report: MatchReport) -> pl.DataFrame:
    """The match report, one line per row of the file, then the errors, as the preview shows them (the rows
    as ``interventions.personal.match_report`` gives them to the reader)."""
    errors_by_row: dict[int | None, list[str]] = {}
    for error in report.errors:
        errors_by_row.setdefault(error.row, []).append(
            f"{error.column}: {error.message}" if error.column else error.message
        )
    return pl.DataFrame(
        [
            {
                _("Row"): r.row,
                _("NIK"): r.nik,
                _("No KK"): r.no_kk,
                _("Name"): r.name,
                _("Result"): r.result_label,
                _("Flags"): ", ".join(r.flag_labels),
                _("Kelurahan"): r.kelurahan_name,
                _("Desil"): r.desil,
                _("Note"): "; ".join([*errors_by_row.get(r.row, []), *([r.note] if r.note else [])]),
            }
            for r in report.rows
        ],
        schema={
            _("Row"): pl.Int64,
            _("NIK"): pl.String,
            _("No KK"): pl.String,
            _("Name"): pl.String,
            _("Result"): pl.String,
            _("Flags"): pl.String,
            _("Kelurahan"): pl.String,
            _("Desil"): pl.Int64,
            _("Note"): pl.String,
        },
        orient="row",
    )


def report_xlsx(report: MatchReport) -> bytes:
    summary = pl.DataFrame(
        [(label, n) for _k, label, n in report.result_counts()] + [(label, n) for _k, label, n in report.flag_counts()],
        schema={_("Result or flag"): pl.String, _("Rows"): pl.Int64},
        orient="row",
    )
    return write_xlsx({_("Match report"): report_frame(report), _("Counts"): summary})
