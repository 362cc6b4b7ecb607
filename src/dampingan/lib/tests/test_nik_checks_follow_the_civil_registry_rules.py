"""NIK and No KK checks, each rule with a hand-made example. Pure polars: no database."""

import datetime as dt

import polars as pl
import pytest

from dampingan.lib import nik

# 33 75 04 | 150395 (15 March 1995, male) | 0001
MALE = "3375041503950001"
# 33 75 04 | 550395 (15 March 1995, female: 15 + 40) | 0002
FEMALE = "3375045503950002"


def checked(values: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"raw": values}, schema={"raw": pl.String}).with_columns(nik.check_nik("raw"))


def test_a_valid_nik_yields_its_sex_and_birth_date():
    out = checked([MALE, FEMALE]).to_dicts()

    assert [r["nik_error"] for r in out] == [None, None]
    assert [r["nik_sex"] for r in out] == [1, 2]
    assert [r["nik_birth"] for r in out] == ["150395", "150395"]


def test_separators_are_stripped():
    assert checked(["33.7504 1503950001"])["nik"].to_list() == [MALE]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("3.37504E+15", nik.EXCEL_MANGLED),
        ("3,37504150395E+15", nik.EXCEL_MANGLED),
        ("3375041503950001.0", nik.EXCEL_MANGLED),
        ("337504150395001", nik.NOT_16_DIGITS),
        ("33750415039500011", nik.NOT_16_DIGITS),
        ("33750415039500A1", nik.NOT_16_DIGITS),
        ("3300041503950001", nik.ZERO_REGION),
        ("3375001503950001", nik.ZERO_REGION),
        ("3375043202950001", nik.BAD_DATE),  # 32 February
        ("3375047102950001", nik.BAD_DATE),  # 71 - 40 = 31 February
        ("3375041513950001", nik.BAD_DATE),  # month 13
        ("3375041503950000", nik.ZERO_SERIAL),
    ],
)
def test_each_error_rule(value, error):
    row = checked([value]).row(0, named=True)
    assert row["nik_error"] == error
    assert row["nik"] is None


def test_29_february_is_valid_when_either_century_is_a_leap_year():
    # 00 may be 1900 (not leap) or 2000 (leap): accepted.  01 is neither.
    out = checked(["3375042902000001", "3375042902010001"])["nik_error"].to_list()
    assert out == [None, nik.BAD_DATE]


def test_an_unknown_province_is_a_warning_not_an_error():
    row = checked(["9975041503950001"]).row(0, named=True)
    assert (row["nik_error"], row["nik_warning"], row["nik"]) == (None, nik.UNKNOWN_PROVINCE, "9975041503950001")


def test_a_blank_cell_is_neither_valid_nor_an_error():
    row = checked([None]).row(0, named=True)
    assert (row["nik"], row["nik_error"]) == (None, None)


def test_birth_date_or_sex_disagreement_is_flagged():
    frame = checked([MALE, MALE, FEMALE]).with_columns(
        birth=pl.Series([dt.date(1995, 3, 15), dt.date(1996, 3, 15), dt.date(1995, 3, 15)]),
        sex=pl.Series([1, 1, 1], dtype=pl.Int8),
    )
    flags = frame.select(nik.birth_disagrees("nik_birth", "birth", "nik_sex", "sex")).to_series().to_list()
    assert flags == [False, True, True]


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("3375040101220003", None),
        ("3.37504E+15", nik.EXCEL_MANGLED),
        ("33750401012200", nik.NOT_16_DIGITS),
        ("3375000101220003", nik.ZERO_REGION),
    ],
)
def test_no_kk_rules(value, error):
    frame = pl.DataFrame({"kk": [value]}).with_columns(nik.check_no_kk("kk"))
    assert frame["no_kk_error"].to_list() == [error]


def test_a_million_niks_are_checked_in_one_vectorised_pass():
    frame = pl.DataFrame({"raw": [MALE, FEMALE, "3.37504E+15", None] * 250_000})
    out = frame.with_columns(nik.check_nik("raw"))
    assert out["nik"].is_not_null().sum() == 500_000
    assert (out["nik_error"] == nik.EXCEL_MANGLED).sum() == 250_000
    assert out["nik_sex"].drop_nulls().value_counts().sort("nik_sex")["count"].to_list() == [250_000, 250_000]
