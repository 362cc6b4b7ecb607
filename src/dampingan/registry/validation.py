"""Normalise and validate a registry file, vectorised with polars. No database access: the caller passes
the deployment's villages, so the rules run and are tested on plain frames.

Every problem becomes one row of the ``issues`` frame: spreadsheet row, field, code, severity, value.
An *error* excludes the whole household it belongs to; a *warning* keeps it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from dampingan.lib import nik as nik_rules
from dampingan.lib.names import label_key, place_key
from dampingan.lib.spreadsheets import header_key, match_headers

from .columns import BY_FIELD, Column, Kind
from .labels import vocabulary

if TYPE_CHECKING:
    from polars._typing import PolarsDataType

ERROR, WARNING = "error", "warning"
# ``detail`` completes a message: the official name an alias stands for, the nearest kelurahan to an unknown one.
ISSUE_SCHEMA: dict[str, PolarsDataType] = {
    "row": pl.Int64,
    "field": pl.String,
    "code": pl.String,
    "severity": pl.String,
    "value": pl.String,
    "detail": pl.String,
}
SEX_VALUES = {
    "1": 1,
    "l": 1,
    "lk": 1,
    "lakilaki": 1,
    "laki": 1,
    "pria": 1,
    "male": 1,
    "m": 1,
    "2": 2,
    "p": 2,
    "pr": 2,
    "perempuan": 2,
    "wanita": 2,
    "female": 2,
    "f": 2,
}
YES_VALUES = {
    "1": True,
    "ya": True,
    "y": True,
    "yes": True,
    "true": True,
    "0": False,
    "2": False,
    "tidak": False,
    "t": False,
    "no": False,
    "false": False,
    "ada": True,
    "punya": True,
    "memiliki": True,
    "iya": True,
    "tidakada": False,
    "tidakpunya": False,
    "tidakmemiliki": False,
    "tdk": False,
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
VILLAGE_SCHEMA = {"code": pl.String, "name": pl.String, "kecamatan_name": pl.String}
ALIAS_SCHEMA = {"name": pl.String, "code": pl.String}
# Excel's day 0 in the 1900 date system (its day 60, 29 Feb 1900, does not exist; no birth date is that old).
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class Deployment:
    """What the rows are checked against: the kab/kota, its villages and the names people give them.

    ``villages`` has columns code, name, kecamatan_name; ``aliases`` has name, code: other names of a
    kelurahan kept by the TKPK (old names from before a merger, short names). ``name`` and ``province_name``
    are the kab/kota's and province's official names ("Kota Pekalongan", "Jawa Tengah").
    """

    region: str
    villages: pl.DataFrame
    aliases: pl.DataFrame = dataclasses.field(default_factory=lambda: pl.DataFrame(schema=ALIAS_SCHEMA))
    name: str = ""
    province_name: str = ""


@dataclass
class Validated:
    rows: pl.DataFrame
    issues: pl.DataFrame

    @property
    def errors(self) -> pl.DataFrame:
        return self.issues.filter(pl.col("severity") == ERROR)

    @property
    def warnings(self) -> pl.DataFrame:
        return self.issues.filter(pl.col("severity") == WARNING)

    @property
    def kept(self) -> pl.DataFrame:
        return self.rows.filter(~pl.col("_excluded"))


def _squash(expr: pl.Expr) -> pl.Expr:
    """Text compared like headers: case, spaces, dots, dashes, slashes and underscores ignored."""
    return expr.str.to_lowercase().str.replace_all(r"[\s._\-/]+", "")


def _issue(frame: pl.DataFrame, condition: pl.Expr, field: str, code: str, severity: str = ERROR) -> pl.DataFrame:
    value = pl.col(field).cast(pl.String) if field in frame.columns else pl.lit(None, dtype=pl.String)
    detail = pl.col("_detail") if "_detail" in frame.columns else pl.lit(None, dtype=pl.String)
    # Lazily, so that only the two columns kept are copied for the matching rows, not the whole frame.
    return (
        frame.lazy()
        .filter(condition)
        .select(
            pl.col("_row").alias("row"),
            pl.lit(field).alias("field"),
            pl.lit(code).alias("code"),
            pl.lit(severity).alias("severity"),
            value.alias("value"),
            detail.alias("detail"),
        )
        .collect()
    )


def _parse_dates(cells: pl.Series) -> pl.Series:
    """Each cell read with the first of DATE_FORMATS that fits it. A later format is tried only on the cells
    the earlier ones left, and not at all when none is left: a clean file is parsed once, not five times."""
    text = cells.str.slice(0, 10)
    # A date column that Excel kept as "General" holds the day number (32874 = 1 Jan 1990); five digits only,
    # so that a bare year is not read as a day of 1905.
    serial = pl.DataFrame({"cell": cells}).select(
        pl.when(pl.col("cell").str.contains(r"^\d{5}(\.0+)?$"))
        .then(pl.lit(EXCEL_EPOCH) + pl.duration(days=pl.col("cell").str.replace(r"\.0+$", "").cast(pl.Int64)))
        .cast(pl.Date)
    )
    parsed = serial.to_series().alias(cells.name)
    for fmt in DATE_FORMATS:
        if not (parsed.is_null() & text.is_not_null()).any():
            break
        parsed = parsed.fill_null(text.str.to_date(fmt, strict=False))
    return parsed


def _per_distinct(cells: pl.Series, parse: pl.Expr, dtype: PolarsDataType) -> pl.Series:
    """``parse`` (an expression on ``pl.col("cell")``) applied to each distinct cell once, then looked up.

    A coded, yes/no or date column holds a handful (or a few thousand) of spellings in a million cells:
    cleaning and casting each spelling once, instead of every cell, took a third off validation."""
    distinct = cells.drop_nulls().unique()
    meaning = distinct.to_frame("cell").select(parse.cast(dtype)).to_series()
    return cells.replace_strict(distinct, meaning, default=None, return_dtype=dtype)


def _code(cells: pl.Series, column: Column) -> pl.Series:
    """The code of each cell: the code itself ("3", or "3.0" from a numeric Excel cell) or its label
    ("Anak", "SLTA / Sederajat"; registry/labels.py). Null where it is neither."""
    assert column.choices is not None
    allowed = {choice.value for choice in column.choices}
    by_label = vocabulary(column.choices)

    def meaning(cell: str) -> int | None:
        number = re.fullmatch(r"(\d+)(?:[.,]0+)?", cell)
        if number and int(number[1]) in allowed:
            return int(number[1])
        return by_label.get(label_key(cell))

    distinct = cells.drop_nulls().unique()
    codes = pl.Series([meaning(cell) for cell in distinct], dtype=pl.Int16)
    return cells.replace_strict(distinct, codes, default=None, return_dtype=pl.Int16)


def _integer(cells: pl.Series, low: int, high: int) -> pl.Series:
    # "Desil 3" as some exports write the desil column; "3.0" from a numeric Excel cell.
    value = pl.col("cell").str.replace(r"(?i)^desil\s*", "").str.replace(r"\.0+$", "").cast(pl.Int32, strict=False)
    return _per_distinct(cells, pl.when(value.is_between(low, high)).then(value), pl.Int32)


def _yes_no(cells: pl.Series) -> pl.Series:
    """The cells as Booleans (null where empty or not a yes/no). BDT flags are 1 = ya, 2 = tidak."""
    meaning = _squash(pl.col("cell").str.replace(r"\.0+$", "")).replace_strict(YES_VALUES, default=None)
    return _per_distinct(cells, meaning, pl.Boolean)


def _decimal(cells: pl.Series, column: Column) -> pl.Series:
    number = pl.col("cell").str.replace(",", ".").cast(pl.Float64, strict=False)
    return _per_distinct(cells, pl.when(number >= 0).then(number), pl.Float64)


def _sex(cells: pl.Series, column: Column) -> pl.Series:
    sex = _squash(pl.col("cell").str.replace(r"\.0+$", "")).replace_strict(SEX_VALUES, default=None)
    return _per_distinct(cells, sex, pl.Int8)


def _bounded_integer(cells: pl.Series, column: Column) -> pl.Series:
    low, high = column.bounds or (0, 32767)
    return _integer(cells, low, high)


# A kind parsed cell by cell: its parser (cells, column → values, null where unreadable) and the issue of an
# unreadable cell.
_PARSERS: dict[Kind, tuple[Callable[[pl.Series, Column], pl.Series], str]] = {
    Kind.CODE: (_code, "unknown_code"),
    Kind.INTEGER: (_bounded_integer, "out_of_range"),
    Kind.DECIMAL: (_decimal, "not_a_number"),
    Kind.SEX: (_sex, "unknown_sex"),
    Kind.YES_NO: (lambda cells, column: _yes_no(cells), "unknown_yes_no"),
}


def _parse_fields(
    frame: pl.DataFrame, today: dt.date, number_cells: Mapping[str, pl.Series]
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    issues: list[pl.DataFrame] = []
    parsed: list[pl.Expr] = []
    for field in frame.columns:
        column = BY_FIELD.get(field)
        if column is None:
            continue
        expressions, problems = _parse_column(frame, field, column, today)
        parsed += expressions
        issues += problems
        if column.required:
            issues.append(_issue(frame, pl.col(field).is_null(), field, "missing"))
    out = frame.with_columns(parsed)
    for field in ("nik", "no_kk"):
        if field in frame.columns:
            out, failed = _identifier_errors(out, field, number_cells.get(field))
            issues.append(failed)
    if "nik" in frame.columns:
        issues += _nik_warnings(out, set(frame.columns))
    return out, issues


def _parse_column(
    frame: pl.DataFrame, field: str, column: Column, today: dt.date
) -> tuple[list[pl.Expr], list[pl.DataFrame]]:
    """The parsed column(s) of one field, named ``_<field>``, and the issues of its unreadable cells.

    Parsed values are computed once as a Series; the issue filters reuse them."""
    raw = pl.col(field)
    if column.kind in _PARSERS:
        parse, code = _PARSERS[column.kind]
        value = pl.lit(parse(frame[field], column))
        return [value.alias(f"_{field}")], [_issue(frame, raw.is_not_null() & value.is_null(), field, code)]
    if column.kind is Kind.DATE:
        return _parse_date_column(frame, field, today)
    if column.kind is Kind.NIK:
        return [e.name.prefix("_") for e in nik_rules.check_nik(field)], []
    if column.kind is Kind.NO_KK:
        return [e.name.prefix("_") for e in nik_rules.check_no_kk(field)], []
    return [raw.alias(f"_{field}")], []


def _parse_date_column(frame: pl.DataFrame, field: str, today: dt.date) -> tuple[list[pl.Expr], list[pl.DataFrame]]:
    """Dates in any of the accepted formats; one before 1900 or after ``today`` is kept out of the parsed column
    and reported apart from an unreadable one."""
    distinct = frame[field].drop_nulls().unique()
    dates = frame[field].replace_strict(distinct, _parse_dates(distinct), default=None, return_dtype=pl.Date)
    value = pl.lit(dates)
    plausible = value.is_between(dt.date(1900, 1, 1), today).fill_null(False)
    issues = [
        _issue(frame, pl.col(field).is_not_null() & value.is_null(), field, "bad_date"),
        _issue(frame, value.is_not_null() & ~plausible, field, "implausible_date"),
    ]
    return [pl.when(plausible).then(value).otherwise(None).alias(f"_{field}")], issues


def _identifier_errors(
    frame: pl.DataFrame, field: str, number_cells: pl.Series | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The frame with the identifiers typed in numeric cells refused, and an issue per invalid identifier."""
    if number_cells is not None:
        frame = _refuse_number_cells(frame, field, number_cells)
    failed = frame.filter(pl.col(f"_{field}_error").is_not_null())
    return frame, failed.select(
        pl.col("_row").alias("row"),
        pl.lit(field).alias("field"),
        (pl.lit(f"{field}_") + pl.col(f"_{field}_error")).alias("code"),
        pl.lit(ERROR).alias("severity"),
        pl.col(field).alias("value"),
        pl.lit(None, dtype=pl.String).alias("detail"),
    )


def _nik_warnings(frame: pl.DataFrame, fields: set[str]) -> list[pl.DataFrame]:
    """A NIK of an unknown province; one whose birth date and sex disagree with the row's, when the file has both."""
    warnings = [_issue(frame, pl.col("_nik_warning").is_not_null(), "nik", "nik_unknown_province", WARNING)]
    if {"birth_date", "sex"} <= fields:
        mismatch = nik_rules.birth_disagrees("_nik_birth", "_birth_date", "_nik_sex", "_sex")
        warnings.append(_issue(frame, mismatch.fill_null(False), "nik", "nik_birth_mismatch", WARNING))
    return warnings


def _refuse_number_cells(frame: pl.DataFrame, field: str, numbers: pl.Series) -> pl.DataFrame:
    """An identifier in a numeric workbook cell is an error whatever it now looks like: Excel keeps 15
    significant digits, so the 16th is gone even when the number still reads as a plausible NIK."""
    number = pl.lit(numbers) & pl.col(field).is_not_null()
    derived = [c for c in frame.columns if c.startswith(f"_{field}") and c != f"_{field}_error"]
    return frame.with_columns(
        *[pl.when(number).then(None).otherwise(pl.col(c)).alias(c) for c in derived],
        pl.when(number)
        .then(pl.lit(nik_rules.EXCEL_NUMBER_CELL))
        .otherwise(pl.col(f"_{field}_error"))
        .alias(f"_{field}_error"),
    )


def _ranks(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The desil from the percentile where the file gives no desil: percentile 1-10 is desil 1, 11-20
    desil 2, … (docs/registry-import.md). Where both are given and disagree, the file's desil is kept, with
    a warning."""
    if "_percentile" not in frame.columns:
        return frame, []
    derived = ((pl.col("_percentile") + 9) // 10).cast(pl.Int32)
    if "_desil" not in frame.columns:
        return frame.with_columns(_desil=derived), []
    frame = frame.with_columns(_detail=derived.cast(pl.String))
    conflict = (pl.col("_desil") != derived).fill_null(False)
    issue = _issue(frame, conflict, "desil", "desil_percentile_mismatch", WARNING)
    return frame.drop("_detail").with_columns(_desil=pl.coalesce(pl.col("_desil"), derived)), [issue]


PLACE_COLUMNS = ("kelurahan_code", "kelurahan_name", "kecamatan_name", "province", "kabupaten_kota")
_REGION_PREFIX = re.compile(
    r"^(?:(provinsi|propinsi|kabupaten|kota|prov|prop|kab)\s+|(prov|prop|kab)\.\s*)", re.IGNORECASE
)
_REGION_KINDS = {"kab": "kabupaten", "prov": "provinsi", "prop": "provinsi", "propinsi": "provinsi"}


class PlaceResolver:
    """Finds the kelurahan a row names, once per distinct (code, name, kecamatan, province, kab/kota).

    By code first; else by name within the kecamatan, by name alone where it is unique in the kab/kota, and
    last by an alias the TKPK keeps (a warning names the official name). An unknown name gets the nearest
    kelurahan of its kecamatan as a suggestion."""

    def __init__(self, deployment: Deployment) -> None:
        self.region = deployment.region
        villages = deployment.villages.iter_rows(named=True)
        self.codes: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        self.by_pair: dict[tuple[str, str], list[str]] = {}
        self.in_kecamatan: dict[str, list[str]] = {}
        for village in villages:
            name, kecamatan = place_key(village["name"]), place_key(village["kecamatan_name"])
            self.codes[village["code"]] = village["name"]
            self.by_name.setdefault(name, []).append(village["code"])
            self.by_pair.setdefault((name, kecamatan), []).append(village["code"])
            self.in_kecamatan.setdefault(kecamatan, []).append(village["code"])
        self.aliases = {place_key(a["name"]): a["code"] for a in deployment.aliases.iter_rows(named=True)}
        self.own_region = self._region_names(deployment.region, deployment.name)
        self.own_province = self._region_names(deployment.region.split(".")[0], deployment.province_name)

    @staticmethod
    def _region_names(code: str, name: str) -> tuple[set[str], str, str]:
        """(the code's spellings, the kind "kota"/"kabupaten"/"", the name without its kind)."""
        digits = code.replace(".", "")
        match = _REGION_PREFIX.match(name.strip())
        kind = (match[1] or match[2]).lower() if match else ""
        return {digits, digits[-2:], code}, _REGION_KINDS.get(kind, kind), label_key(_REGION_PREFIX.sub("", name))

    @classmethod
    def _same_region(cls, value: str, own: tuple[set[str], str, str]) -> bool:
        """Whether ``value`` (a code or a name, with or without "Kota"/"Kab."/"Provinsi") names ``own``. A name
        without its kind matches either ("Pekalongan"); with a kind it must be the same one (Kabupaten
        Pekalongan is not Kota Pekalongan)."""
        codes, own_kind, own_name = own
        text = value.strip()
        if re.fullmatch(r"[\d.]+", text):
            return text in codes or text.replace(".", "") in codes
        kind, name = cls._region_names("", text)[1:]
        return (name == own_name or not own_name) and (not kind or not own_kind or kind == own_kind)

    def resolve(self, place: dict[str, str | None]) -> tuple[str | None, list[tuple[str, str, str, str | None]]]:
        """The kelurahan code (or None) and the issues as (field, code, severity, detail)."""
        issues: list[tuple[str, str, str, str | None]] = []
        for column, own in (("province", self.own_province), ("kabupaten_kota", self.own_region)):
            if place.get(column) and not self._same_region(place[column], own):  # type: ignore[arg-type]
                issues.append((column, "other_region", ERROR, None))
        found = None
        if code := place.get("kelurahan_code"):
            found = self._by_code(code, issues)
        name = place.get("kelurahan_name")
        if found is None and name:
            found = self._by_name(name, place.get("kecamatan_name"), issues)
        if found is None and not code and not name:
            issues.append(("kelurahan_code", "missing", ERROR, None))
        return found, issues

    def _by_code(self, code: str, issues: list) -> str | None:
        digits = re.sub(r"\D", "", code)
        dotted = code if "." in code else ".".join((digits[:2], digits[2:4], digits[4:6], digits[6:10]))
        if not dotted.startswith(f"{self.region}."):
            issues.append(("kelurahan_code", "other_region", ERROR, None))
            return None
        if dotted not in self.codes:
            issues.append(("kelurahan_code", "unknown_kelurahan", ERROR, None))
            return None
        return dotted

    def _by_name(self, name: str, kecamatan: str | None, issues: list) -> str | None:
        key, kecamatan_key = place_key(name), place_key(kecamatan)
        pair = self.by_pair.get((key, kecamatan_key), []) if kecamatan_key else []
        if len(pair) == 1:
            return pair[0]
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            issues.append(("kelurahan_name", "ambiguous_kelurahan", ERROR, None))
            return None
        if (alias := self.aliases.get(key)) is not None:
            issues.append(("kelurahan_name", "kelurahan_alias", WARNING, self.codes.get(alias, alias)))
            return alias
        issues.append(("kelurahan_name", "unknown_kelurahan", ERROR, self._nearest(key, kecamatan_key)))
        return None

    def _nearest(self, key: str, kecamatan_key: str) -> str | None:
        """The official name closest to an unknown one, within its kecamatan when that is known."""
        codes = self.in_kecamatan.get(kecamatan_key) or list(self.codes)
        names = {place_key(self.codes[c]): self.codes[c] for c in codes}
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def _resolve_kelurahan(rows: pl.DataFrame, deployment: Deployment) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``_kelurahan_id`` for every row, and the place issues with their rows.

    A million rows of a city name a few dozen places: the rules run once per distinct place and are joined
    back, instead of cleaning and joining a million place names."""
    places = [c for c in PLACE_COLUMNS if c in rows.columns]
    if not places:
        missing = rows.select(
            pl.col("_row").alias("row"),
            pl.lit("kelurahan_code").alias("field"),
            pl.lit("missing").alias("code"),
            pl.lit(ERROR).alias("severity"),
            pl.lit(None, dtype=pl.String).alias("value"),
            pl.lit(None, dtype=pl.String).alias("detail"),
        )
        return rows.with_columns(_kelurahan_id=pl.lit(None, dtype=pl.String)), [missing]
    keys = rows.select("_row", *places)
    distinct = keys.select(places).unique(maintain_order=True).with_row_index("_place")
    resolver = PlaceResolver(deployment)
    found: list[str | None] = []
    place_issues: list[dict[str, object]] = []
    for place in distinct.iter_rows(named=True):
        kelurahan, issues = resolver.resolve(place)
        found.append(kelurahan)
        place_issues += [
            {"_place": place["_place"], "field": name, "code": code, "severity": severity}
            | {"value": place.get(name), "detail": detail}
            for name, code, severity, detail in issues
        ]
    resolved = distinct.with_columns(_kelurahan_id=pl.Series(found, dtype=pl.String))
    # Lazily, so that the joined frame holds only the three columns kept, not a copy of the place names.
    by_row = (
        keys.lazy()
        .join(resolved.lazy(), on=places, how="left", nulls_equal=True, maintain_order="left")
        .select("_row", "_place", "_kelurahan_id")
        .collect()
    )
    issue_frames = []
    if place_issues:
        listed = pl.DataFrame(
            place_issues,
            schema={"_place": pl.UInt32, **{k: v for k, v in ISSUE_SCHEMA.items() if k != "row"}},
        )
        issue_frames.append(
            listed.join(by_row.select("_row", "_place"), on="_place").select(
                pl.col("_row").alias("row"), "field", "code", "severity", "value", "detail"
            )
        )
    return rows.with_columns(by_row["_kelurahan_id"]), issue_frames


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Family = No KK, else the family id; household = IDBDT, else its family (family-based releases)."""
    family = pl.coalesce([pl.col(c) for c in ("_no_kk", "_family_id") if c in frame.columns] or [pl.lit(None)])
    family_key = family.cast(pl.String)
    household = pl.col("_household_id") if "_household_id" in frame.columns else pl.lit(None, dtype=pl.String)
    frame = frame.with_columns(
        _household_key=pl.coalesce(household, family_key), _family_key=pl.coalesce(family_key, household)
    )
    columns = set(frame.columns)
    if "_relationship_to_family_head" in columns and not columns & {"_household_id", "_relationship_to_head"}:
        # A family extract (DTSEN, P3KE) names only the family head; its households are its families, so the
        # family head heads the household (the lists show the head's name, the checks want one).
        frame = frame.with_columns(_relationship_to_head=pl.col("_relationship_to_family_head"))
    return frame


def _structure(frame: pl.DataFrame) -> list[pl.DataFrame]:
    issues = [_issue(frame, pl.col("_household_key").is_null(), "household_id", "no_household_key")]
    if "_nik" in frame.columns:
        # Only the rows whose NIK repeats are grouped: a window over a million distinct NIKs built a
        # million groups (time, and ~200 MB at the import's peak) to find the few that repeat.
        repeated = frame.select("_row", "_nik", "_household_key", "nik").filter(
            pl.col("_nik").is_not_null() & pl.col("_nik").is_duplicated()
        )
        counted = repeated.with_columns(_homes=pl.col("_household_key").n_unique().over("_nik"))
        issues.append(_issue(counted, pl.col("_homes") > 1, "nik", "nik_in_two_households"))
        issues.append(_issue(counted, pl.col("_homes") == 1, "nik", "duplicate_nik"))
    if "_relationship_to_head" in frame.columns:
        heads = (
            frame.select("_row", "_household_key", "_relationship_to_head")
            .with_columns(
                _heads=(pl.col("_relationship_to_head") == 1).sum().over("_household_key"),
                _first=pl.col("_row").min().over("_household_key"),
            )
            .filter(pl.col("_household_key").is_not_null())
        )
        issues.append(
            _issue(
                heads, (pl.col("_heads") == 0) & (pl.col("_row") == pl.col("_first")), "relationship_to_head", "no_head"
            )
        )
        issues.append(
            _issue(
                heads,
                (pl.col("_heads") > 1) & (pl.col("_relationship_to_head") == 1),
                "relationship_to_head",
                "two_heads",
            )
        )
    places = frame.with_columns(_places=pl.col("_kelurahan_id").n_unique().over("_household_key"))
    issues.append(
        _issue(
            places,
            pl.col("_household_key").is_not_null() & (pl.col("_places") > 1),
            "kelurahan_code",
            "household_in_two_kelurahan",
        )
    )
    return issues


def validate(
    frame: pl.DataFrame,
    deployment: Deployment,
    today: dt.date,
    *,
    rows: pl.Series | None = None,
    number_cells: Mapping[str, pl.Series] | None = None,
) -> Validated:
    """Validate ``frame`` (columns already renamed to field names, all text) for ``deployment``.

    ``rows`` are the file's own row numbers of the frame's rows (default: a header in row 1 and no gaps);
    ``number_cells`` (field → Booleans) marks the identifiers a workbook stored as numbers.
    """
    if rows is None:
        frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    else:
        # First, as with_row_index puts it: polars decides whether to re-chunk a frame by its first column, and
        # a one-chunk "_row" appended last made it copy the whole million-row frame (600 MB) in _keys.
        frame = frame.select(rows.cast(pl.Int64).alias("_row"), pl.all())
    frame, issues = _parse_fields(frame, today, number_cells or {})
    frame, rank_issues = _ranks(frame)
    frame, place_issues = _resolve_kelurahan(frame, deployment)
    frame = _keys(frame)
    all_issues = [*issues, *rank_issues, *place_issues, *_structure(frame)]
    # polars' ``cast`` takes a mapping keyed by names or selectors, and the key type is invariant: a name-keyed
    # schema is refused although it is what polars expects.
    issue_frame = pl.concat(
        [i.cast(ISSUE_SCHEMA) for i in all_issues],  # type: ignore[arg-type]
        how="vertical",
    ).sort("row", "field")
    error_rows = issue_frame.filter(pl.col("severity") == ERROR)["row"].unique().implode()
    bad_households = (
        frame.select("_row", "_household_key")
        .filter(pl.col("_row").is_in(error_rows))["_household_key"]
        .drop_nulls()
        .unique()
        .implode()
    )
    frame = frame.with_columns(
        _excluded=pl.col("_row").is_in(error_rows) | pl.col("_household_key").is_in(bad_households).fill_null(False)
    )
    return Validated(rows=frame, issues=issue_frame)


def map_headers(headers: list[str], saved: dict[str, str] | None = None) -> tuple[dict[str, str], list[str]]:
    """field → header, using a saved mapping first, then the documented aliases. Returns unmatched headers."""
    from .columns import ALIASES

    mapping: dict[str, str] = {}
    present = {header_key(h): h for h in headers}
    for field, header in (saved or {}).items():
        if header_key(header) in present and field in BY_FIELD:
            mapping[field] = present[header_key(header)]
    rest = [h for h in headers if h not in mapping.values()]
    found, unmatched = match_headers(rest, {f: a for f, a in ALIASES.items() if f not in mapping})
    return {**mapping, **found}, unmatched
