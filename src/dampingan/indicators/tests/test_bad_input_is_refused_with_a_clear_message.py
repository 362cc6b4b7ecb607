"""Each kind of bad input is refused with a message naming the value and where it is; nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dampingan.indicators import imports, services
from dampingan.indicators.models import Indicator, IndicatorTarget, IndicatorValue
from dampingan.regions.models import Region

from .conftest import csv_bytes, xlsx_bytes

CITY = "33.75"
NEXT_YEAR = timezone.localdate().year + 1


def only_error(rows, **kwargs) -> str:
    plan = imports.plan_import(csv_bytes(rows, **kwargs), "angka.csv")
    assert len(plan.errors) == 1, [str(e) for e in plan.errors]
    return str(plan.errors[0])


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            [CITY, "2019", "P0", "", "107,5", "BPS", ""],
            "baris 2, kolom nilai: Persentase penduduk miskin (P0) adalah persentase dan tidak boleh di atas 100; "
            "nilainya 107,50.",
        ),
        (
            [CITY, "2019", "TPT", "", "-0,5", "BPS", ""],
            "baris 2, kolom nilai: Tingkat pengangguran terbuka (TPT) adalah persentase dan tidak boleh di bawah 0; "
            "nilainya -0,50.",
        ),
        (
            [CITY, "2019", "GINI", "", "1,2", "BPS", ""],
            "baris 2, kolom nilai: Rasio Gini harus berada antara 0 dan 1; 1,200 di luar rentang itu.",
        ),
        (
            [CITY, str(NEXT_YEAR), "P0", "realisasi", "7,1", "BPS", ""],
            f"baris 2, kolom tahun: {NEXT_YEAR} masih di masa depan",
        ),
        (
            [CITY, "2019", "P0", "", "tujuh koma lima", "BPS", ""],
            "baris 2, kolom nilai: “tujuh koma lima” bukan angka; tulis seperti 7,59 (koma sebelum desimal).",
        ),
        (
            [CITY, "2019", "P0", "", "7,591", "BPS", ""],
            "baris 2, kolom nilai: Persentase penduduk miskin (P0) dicatat dengan paling banyak 2 angka desimal;",
        ),
        (
            [CITY, "2019", "KEMISKINAN", "", "7,5", "BPS", ""],
            "baris 2, kolom indikator: “KEMISKINAN” bukan kode indikator; gunakan salah satu dari P0, JML_MISKIN,",
        ),
        (
            ["33.76", "2019", "P0", "", "7,5", "BPS", ""],
            "baris 2, kolom kode wilayah: “33.76” bukan kode Kota Pekalongan atau kecamatan/kelurahan di dalamnya;",
        ),
        (
            ["33.7", "2019", "P0", "", "7,5", "BPS", ""],
            "baris 2, kolom kode wilayah: “33.7” tampaknya kode wilayah yang diubah Excel menjadi angka",
        ),
        (
            [CITY, "2019", "P0", "", "7,5", "", ""],
            "baris 2, kolom sumber: sumber kosong: sebutkan siapa yang menerbitkan angka ini.",
        ),
        (
            [CITY, "tahun lalu", "P0", "", "7,5", "BPS", ""],
            "baris 2, kolom tahun: “tahun lalu” bukan tahun; tulis dengan empat angka, misalnya 2021.",
        ),
        (
            [CITY, "2019", "P0", "rencana", "7,5", "BPS", ""],
            "baris 2, kolom jenis: “rencana” bukan jenis angka; tulis “realisasi” atau “target”.",
        ),
    ],
    ids=[
        "percent-above-100",
        "percent-below-0",
        "outside-bounds",
        "future-realised-year",
        "not-a-number",
        "too-many-decimals",
        "unknown-indicator",
        "unknown-region",
        "excel-mangled-region",
        "empty-source",
        "not-a-year",
        "unknown-kind",
    ],
)
def test_a_bad_cell_is_named_by_row_and_column(pekalongan, row, expected):
    assert only_error([row]).startswith(expected)


def test_the_indonesian_decimal_comma_and_machine_point_are_both_read(pekalongan):
    plan = imports.plan_import(
        csv_bytes(
            [
                ["33.75.04.1004", "2019", "P0", "", "7,59", "BPS", ""],
                ["33.75.04.1004", "2019", "JML_MISKIN", "", "1.234", "BPS", ""],
                ["33.75.04.1004", "2019", "GINI", "", "0.382", "BPS", ""],
                ["33.75.04.1004", "2019", "PE", "", "-1,87", "BPS", ""],
                ["33.75.04.1004", "2019", "GK", "", "Rp 425.026", "BPS", ""],
            ]
        ),
        "angka.csv",
    )

    assert plan.ok, [str(e) for e in plan.errors]
    assert [str(r.value) for r in plan.rows] == ["7.59", "1234", "0.382", "-1.87", "425026"]


def test_a_file_with_one_bad_row_lists_every_error_and_writes_nothing(pekalongan, tkpk):
    before = (IndicatorValue.objects.count(), IndicatorTarget.objects.count())
    content = xlsx_bytes(
        [
            ["33.75.04.1002", 2020, "P0", "realisasi", 6.5, "BPS Kota Pekalongan", ""],
            ["33.75.04.1002", 2021, "P0", "realisasi", 106, "BPS Kota Pekalongan", ""],
            ["33.75.04.1002", NEXT_YEAR, "P0", "target", 5, "RPJMD", ""],
            ["33.75.04.1002", 2020, "P0", "realisasi", 6.4, "BPS Kota Pekalongan", ""],
        ]
    )

    plan = imports.plan_import(content, "banyurip.xlsx")
    with pytest.raises(ValidationError) as refused:
        services.import_figures(tkpk, content, "banyurip.xlsx", on_conflict="replace")

    assert [(e.row, e.column) for e in plan.errors] == [(3, "nilai"), (5, "indikator")]
    assert "baris 2 sudah memberikan realisasi P0 untuk Banyurip pada 2020" in str(plan.errors[1])
    assert len(refused.value.messages) == 2
    assert (IndicatorValue.objects.count(), IndicatorTarget.objects.count()) == before


def test_a_file_without_the_needed_columns_is_named(pekalongan):
    plan = imports.plan_import(csv_bytes([["33.75", "2020", "7,1"]], headers=["wilayah", "tahun", "nilai"]), "a.csv")

    assert [str(e) for e in plan.errors] == [
        "Berkas a.csv tidak memiliki kolom indikator, sumber; kolomnya: wilayah, tahun, nilai."
    ]


def test_a_file_that_is_not_a_table_is_refused(pekalongan):
    plan = imports.plan_import(b"%PDF-1.4 not a sheet", "angka.xlsx")

    assert not plan.ok and "angka.xlsx" in str(plan.errors[0])


def test_the_form_service_names_each_field(pekalongan, tkpk):
    city = Region.objects.get(code=CITY)
    bad = services.FigureInput(
        kind="realisasi",
        indicator=Indicator.objects.get(code="P0"),
        region=city,
        year=NEXT_YEAR,
        value="1,5x",
        source="",
    )

    with pytest.raises(ValidationError) as refused:
        services.save_figure(tkpk, bad)

    assert set(refused.value.message_dict) == {"year", "value", "source"}
    assert "bukan angka" in refused.value.message_dict["value"][0]


def test_a_target_may_lie_in_the_future(pekalongan, tkpk):
    target = services.save_figure(
        tkpk,
        services.FigureInput(
            kind="target",
            indicator=Indicator.objects.get(code="P0"),
            region=Region.objects.get(code="33.75.04"),
            year=NEXT_YEAR,
            value="5,5",
            source="RPJMD Kota Pekalongan 2025-2029",
        ),
    )

    assert isinstance(target, IndicatorTarget) and str(target.value) == "5.5"
