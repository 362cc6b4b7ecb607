"""Synthetic registry files: they import cleanly, and a dirty share trips every validation rule."""

import polars as pl
from django.core.management import call_command

from dampingan.registry import imports
from dampingan.registry.synth import MARK, SYNTHETIC_SERIALS, synth_registry


def test_a_clean_synthetic_file_imports_without_errors(persona):
    frame = synth_registry(600, "33.75", seed=3)

    plan = imports.plan_import(frame.write_csv().encode(), "sintetis.csv")
    release = imports.run_import(persona("operator"), plan, source="dtks")

    assert plan.validated.errors.height == 0
    assert plan.unmatched == ["Keterangan"]  # the synthetic mark is not a registry field
    assert release.member_count == frame.height
    assert (frame["Keterangan"] == MARK).all()


def test_the_same_seed_gives_the_same_file():
    assert synth_registry(200, "33.75", seed=9).equals(synth_registry(200, "33.75", seed=9))


def test_poorer_desil_have_worse_housing():
    frame = synth_registry(20_000, "33.75", seed=1).unique("IDBDT")
    earth_or_poor_wood = pl.col("Jenis Lantai").is_in(["6", "8", "9"])
    share = frame.group_by(pl.col("Desil").cast(pl.Int8)).agg(earth_or_poor_wood.mean().alias("s")).sort("Desil")
    assert share["s"][0] > share["s"][-1] + 0.3


def test_a_dirty_file_trips_each_kind_of_check(pekalongan):
    frame = synth_registry(3_000, "33.75", seed=5, dirty_share=0.02)

    plan = imports.plan_import(frame.write_csv().encode(), "kotor.csv")

    codes = set(plan.validated.errors["code"].to_list())
    assert {
        "nik_excel_mangled",
        "nik_not_16_digits",
        "bad_date",
        "unknown_sex",
        "out_of_range",
        "unknown_kelurahan",
    } <= codes
    assert codes & {"duplicate_nik", "nik_in_two_households"}
    assert plan.kept_households < plan.households


def test_the_command_writes_csv_and_xlsx(tmp_path, db):
    for name in ("a.csv", "a.xlsx"):
        call_command("synth", persons=100, region="33.26", seed=2, out=tmp_path / name)
        assert (tmp_path / name).stat().st_size > 1000


def test_synthetic_identifiers_take_their_serials_from_the_reserved_range():
    """A NIK or No KK numbered from 0001 for a kecamatan and a date is some real citizen's: the synthetic
    ones end in 9001-9999, and still have the structure the import checks (the clean-file test above)."""
    frame = synth_registry(20_000, "33.75", seed=5)

    serials = pl.concat([frame["NIK"], frame["No KK"]]).str.slice(12, 4).cast(pl.Int32)

    assert serials.min() >= SYNTHETIC_SERIALS.start and serials.max() < SYNTHETIC_SERIALS.stop
    assert frame["NIK"].n_unique() == frame.height
