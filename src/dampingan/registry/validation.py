"""Normalise and validate a registry file, vectorised with polars. No database access: the caller passes
the deployment's villages, so the rules run and are tested on plain frames.

Every problem becomes one row of the ``issues`` frame: spreadsheet row, field, code, severity, value.
An *error* excludes the whole household it belongs to; a *warning* keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from dampingan.lib import nik as nik_rules
from dampingan.lib.spreadsheets import header_key

from .columns import BY_FIELD, Kind

ERROR, WARNING = "error", "warning"
ISSUE_SCHEMA = {"row": pl.Int64, "field": pl.String, "code": pl.String, "severity": pl.String, "value": pl.String}
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
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
VILLAGE_SCHEMA = {"code": pl.String, "name": pl.String, "kecamatan_name": pl.String}


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
        )
        .collect()
    )


def _parse_dates(cells: pl.Series) -> pl.Series:
    """Each cell read with the first of DATE_FORMATS that fits it. A later format is tried only on the cells
    the earlier ones left, and not at all when none is left: a clean file is parsed once, not five times."""
    text = cells.str.slice(0, 10)
    parsed = pl.Series(cells.name, [None] * len(cells), dtype=pl.Date)
    for fmt in DATE_FORMATS:
        if not (parsed.is_null() & text.is_not_null()).any():
            break
        parsed = parsed.fill_null(text.str.to_date(fmt, strict=False))
    return parsed


def _per_distinct(cells: pl.Series, parse: pl.Expr, dtype: pl.DataType) -> pl.Series:
    """``parse`` (an expression on ``pl.col("cell")``) applied to each distinct cell once, then looked up.

    A coded, yes/no or date column holds a handful (or a few thousand) of spellings in a million cells:
    cleaning and casting each spelling once, instead of every cell, took a third off validation."""
    distinct = cells.drop_nulls().unique()
    meaning = distinct.to_frame("cell").select(parse.cast(dtype)).to_series()
    return cells.replace_strict(distinct, meaning, default=None, return_dtype=dtype)


def _code(cells: pl.Series, allowed: list[int]) -> pl.Series:
    # A numeric Excel cell arrives as "3.0".
    value = pl.col("cell").str.replace(r"\.0+$", "").cast(pl.Int16, strict=False)
    return _per_distinct(cells, pl.when(value.is_in(allowed)).then(value), pl.Int16)


def _integer(cells: pl.Series, low: int, high: int) -> pl.Series:
    value = pl.col("cell").str.replace(r"\.0+$", "").cast(pl.Int32, strict=False)
    return _per_distinct(cells, pl.when(value.is_between(low, high)).then(value), pl.Int32)


def _yes_no(cells: pl.Series) -> pl.Series:
    """The cells as Booleans (null where empty or not a yes/no). BDT flags are 1 = ya, 2 = tidak."""
    meaning = _squash(pl.col("cell").str.replace(r"\.0+$", "")).replace_strict(YES_VALUES, default=None)
    return _per_distinct(cells, meaning, pl.Boolean)


def _parse_fields(frame: pl.DataFrame, today: dt.date) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    issues: list[pl.DataFrame] = []
    parsed: list[pl.Expr] = []
    for field in frame.columns:
        column = BY_FIELD.get(field)
        if column is None:
            continue
        raw = pl.col(field)
        target = f"_{field}"
        # Parsed values are computed once as a Series; the issue filters below reuse them.
        if column.kind is Kind.CODE:
            allowed = [choice.value for choice in column.choices]  # type: ignore[union-attr]
            value = pl.lit(_code(frame[field], allowed))
            parsed.append(value.alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "unknown_code"))
        elif column.kind is Kind.INTEGER:
            low, high = column.bounds or (0, 32767)
            value = pl.lit(_integer(frame[field], low, high))
            parsed.append(value.alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "out_of_range"))
        elif column.kind is Kind.DECIMAL:
            number = pl.col("cell").str.replace(",", ".").cast(pl.Float64, strict=False)
            value = pl.lit(_per_distinct(frame[field], pl.when(number >= 0).then(number), pl.Float64))
            parsed.append(value.alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "not_a_number"))
        elif column.kind is Kind.SEX:
            sex = _squash(pl.col("cell")).replace_strict(SEX_VALUES, default=None)
            value = pl.lit(_per_distinct(frame[field], sex, pl.Int8))
            parsed.append(value.alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "unknown_sex"))
        elif column.kind is Kind.YES_NO:
            value = pl.lit(_yes_no(frame[field]))
            parsed.append(value.alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "unknown_yes_no"))
        elif column.kind is Kind.DATE:
            distinct = frame[field].drop_nulls().unique()
            dates = frame[field].replace_strict(distinct, _parse_dates(distinct), default=None, return_dtype=pl.Date)
            value = pl.lit(dates)
            plausible = value.is_between(dt.date(1900, 1, 1), today).fill_null(False)
            parsed.append(pl.when(plausible).then(value).otherwise(None).alias(target))
            issues.append(_issue(frame, raw.is_not_null() & value.is_null(), field, "bad_date"))
            issues.append(_issue(frame, value.is_not_null() & ~plausible, field, "implausible_date"))
        elif column.kind is Kind.NIK:
            parsed.extend(e.name.prefix("_") for e in nik_rules.check_nik(field))
        elif column.kind is Kind.NO_KK:
            parsed.extend(e.name.prefix("_") for e in nik_rules.check_no_kk(field))
        else:
            parsed.append(raw.alias(target))
        if column.required:
            issues.append(_issue(frame, raw.is_null(), field, "missing"))
    out = frame.with_columns(parsed)
    for field in ("nik", "no_kk"):
        if field in frame.columns:
            failed = out.filter(pl.col(f"_{field}_error").is_not_null())
            issues.append(
                failed.select(
                    pl.col("_row").alias("row"),
                    pl.lit(field).alias("field"),
                    (pl.lit(f"{field}_") + pl.col(f"_{field}_error")).alias("code"),
                    pl.lit(ERROR).alias("severity"),
                    pl.col(field).alias("value"),
                )
            )
    if "nik" in frame.columns:
        issues.append(_issue(out, pl.col("_nik_warning").is_not_null(), "nik", "nik_unknown_province", WARNING))
        if {"birth_date", "sex"} <= set(frame.columns):
            mismatch = nik_rules.birth_disagrees("_nik_birth", "_birth_date", "_nik_sex", "_sex")
            issues.append(_issue(out, mismatch.fill_null(False), "nik", "nik_birth_mismatch", WARNING))
    return out, issues


def _resolve_kelurahan(rows: pl.DataFrame, villages: pl.DataFrame, region: str) -> tuple[pl.DataFrame, list]:
    """``_kelurahan_id`` for every row, and the place issues with their rows.

    A million rows of a city name a few dozen places: the rules run once per distinct (code, name,
    kecamatan) and are joined back, instead of cleaning and joining a million place names."""
    places = [c for c in ("kelurahan_code", "kelurahan_name", "kecamatan_name") if c in rows.columns]
    if not places:
        return _resolve_places(rows, villages, region)
    keys = rows.select("_row", *places)
    # Each distinct place gets a number in "_row", so the per-row rules below run on it unchanged.
    distinct = keys.select(places).unique(maintain_order=True).with_row_index("_row")
    resolved, place_issues = _resolve_places(distinct.with_columns(pl.col("_row").cast(pl.Int64)), villages, region)
    # Lazily, so that the joined frame holds only the three columns kept, not a copy of the place names.
    by_row = (
        keys.lazy()
        .join(
            resolved.lazy().select(pl.col("_row").alias("_place"), *places, "_kelurahan_id"),
            on=places,
            how="left",
            nulls_equal=True,
            maintain_order="left",
        )
        .select("_row", "_place", "_kelurahan_id")
        .collect()
    )
    issues = [
        found.join(by_row.select("_row", "_place"), left_on="row", right_on="_place").select(
            pl.col("_row").alias("row"), "field", "code", "severity", "value"
        )
        for found in place_issues
        if found.height
    ]
    return rows.with_columns(by_row["_kelurahan_id"]), issues


def _resolve_places(rows: pl.DataFrame, villages: pl.DataFrame, region: str) -> tuple[pl.DataFrame, list]:
    issues = []
    # The joins below run on the place columns only: a join copies every column of the frame it extends.
    frame = rows.select("_row", *[c for c in ("kelurahan_code", "kelurahan_name", "kecamatan_name") if c in rows])
    if "kelurahan_code" in frame.columns:
        digits = pl.col("kelurahan_code").str.replace_all(r"\D", "")
        dotted = (
            pl.when(pl.col("kelurahan_code").str.contains(r"\."))
            .then(pl.col("kelurahan_code"))
            .otherwise(
                pl.concat_str(
                    [digits.str.slice(0, 2), digits.str.slice(2, 2), digits.str.slice(4, 2), digits.str.slice(6, 4)],
                    separator=".",
                )
            )
        )
        known = villages["code"].implode()
        frame = frame.with_columns(
            _kelurahan_id=pl.when(dotted.is_in(known)).then(dotted).otherwise(None),
            _dotted=dotted,
        )
        outside = pl.col("kelurahan_code").is_not_null() & ~pl.col("_dotted").str.starts_with(f"{region}.")
        issues.append(_issue(frame, outside, "kelurahan_code", "other_region"))
        issues.append(
            _issue(
                frame,
                pl.col("kelurahan_code").is_not_null() & ~outside & pl.col("_kelurahan_id").is_null(),
                "kelurahan_code",
                "unknown_kelurahan",
            )
        )
        frame = frame.drop("_dotted")
    else:
        frame = frame.with_columns(_kelurahan_id=pl.lit(None, dtype=pl.String))
    if "kelurahan_name" in frame.columns:
        names = villages.with_columns(_vname=_squash(pl.col("name")), _kname=_squash(pl.col("kecamatan_name")))
        by_name = names.group_by("_vname").agg(pl.col("code").first().alias("_by_name"), pl.len().alias("_n"))
        frame = frame.with_columns(_vname=_squash(pl.col("kelurahan_name"))).join(
            by_name, on="_vname", how="left", maintain_order="left"
        )
        if "kecamatan_name" in frame.columns:
            # A village name repeated within one kecamatan names no village: it stays ambiguous.
            pairs = names.select("_vname", "_kname", pl.col("code").alias("_by_pair")).filter(
                pl.len().over("_vname", "_kname") == 1
            )
            frame = frame.with_columns(_kname=_squash(pl.col("kecamatan_name"))).join(
                pairs, on=["_vname", "_kname"], how="left", maintain_order="left"
            )
        else:
            frame = frame.with_columns(_by_pair=pl.lit(None, dtype=pl.String))
        by_name_unique = pl.when(pl.col("_n") == 1).then(pl.col("_by_name"))
        need = pl.col("_kelurahan_id").is_null() & pl.col("kelurahan_name").is_not_null()
        frame = frame.with_columns(
            _kelurahan_id=pl.coalesce(pl.col("_kelurahan_id"), pl.col("_by_pair"), by_name_unique)
        )
        issues.append(
            _issue(
                frame,
                need & (pl.col("_n") > 1) & pl.col("_kelurahan_id").is_null(),
                "kelurahan_name",
                "ambiguous_kelurahan",
            )
        )
        issues.append(_issue(frame, need & pl.col("_n").is_null(), "kelurahan_name", "unknown_kelurahan"))
        frame = frame.drop([c for c in ("_vname", "_kname", "_by_name", "_n", "_by_pair") if c in frame.columns])
    no_place = pl.col("_kelurahan_id").is_null()
    for field in ("kelurahan_code", "kelurahan_name"):
        if field in frame.columns:
            no_place = no_place & pl.col(field).is_null()
    issues.append(_issue(frame, no_place, "kelurahan_code", "missing"))
    return rows.with_columns(frame["_kelurahan_id"]), issues


def _keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Family = No KK, else the family id; household = IDBDT, else its family (family-based releases)."""
    family = pl.coalesce([pl.col(c) for c in ("_no_kk", "_family_id") if c in frame.columns] or [pl.lit(None)])
    family_key = family.cast(pl.String)
    household = pl.col("_household_id") if "_household_id" in frame.columns else pl.lit(None, dtype=pl.String)
    return frame.with_columns(
        _household_key=pl.coalesce(household, family_key), _family_key=pl.coalesce(family_key, household)
    )


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


def validate(frame: pl.DataFrame, villages: pl.DataFrame, region: str, today: dt.date) -> Validated:
    """Validate ``frame`` (columns already renamed to field names, all text) for deployment ``region``.

    ``villages`` has columns code, name, kecamatan_name: the desa/kelurahan of the deployment.
    """
    frame = frame.with_row_index("_row", offset=2).with_columns(pl.col("_row").cast(pl.Int64))
    frame, issues = _parse_fields(frame, today)
    frame, place_issues = _resolve_kelurahan(frame, villages, region)
    frame = _keys(frame)
    all_issues = [*issues, *place_issues, *_structure(frame)]
    issue_frame = pl.concat([i.cast(ISSUE_SCHEMA) for i in all_issues], how="vertical").sort("row", "field")
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
    from dampingan.lib.spreadsheets import match_headers

    from .columns import ALIASES

    mapping: dict[str, str] = {}
    present = {header_key(h): h for h in headers}
    for field, header in (saved or {}).items():
        if header_key(header) in present and field in BY_FIELD:
            mapping[field] = present[header_key(header)]
    rest = [h for h in headers if h not in mapping.values()]
    found, unmatched = match_headers(rest, {f: a for f, a in ALIASES.items() if f not in mapping})
    return {**mapping, **found}, unmatched
