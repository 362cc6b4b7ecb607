"""One synthetic population over three releases (registry.synth_history): the same people, years apart,
with what happens to a city's registry between two releases; and the files import as their sources ship them."""

import datetime as dt

import polars as pl
import pytest

from dampingan.registry import imports, services
from dampingan.registry.models import Household, Member, ReleaseStatus
from dampingan.registry.synth import MARK, SYNTHETIC_SERIALS
from dampingan.registry.synth_history import ReleaseShape, synth_history

IMPROVING = frozenset({"33.75.04.1004", "33.75.04.1002", "33.75.04.1003"})
SHAPES = [
    ReleaseShape(dt.date(2022, 4, 4)),
    ReleaseShape(dt.date(2024, 3, 31), improving=IMPROVING),
    ReleaseShape(dt.date(2025, 4, 30), unit="family", improving=IMPROVING),
]


@pytest.fixture(scope="module")
def history() -> list[pl.DataFrame]:
    return synth_history(40_000, "33.75", 11, SHAPES)


def _kelurahan(frame: pl.DataFrame) -> pl.Expr:
    return pl.col("Kode Desa" if "Kode Desa" in frame.columns else "Kode Desa/Kelurahan")


def _households(frame: pl.DataFrame, key: str, desil: str) -> pl.DataFrame:
    return frame.group_by(key).agg(
        pl.col(desil).first().cast(pl.Int8).alias("desil"), _kelurahan(frame).first().alias("kelurahan")
    )


def test_the_same_people_are_followed_and_some_are_born_die_and_enter(history):
    first, second, third = history
    before, after = set(first["NIK"]), set(second["NIK"])
    stayed = len(before & after) / len(before)

    assert 0.85 < stayed < 0.99  # most people are still listed two years later
    born = second.filter(~pl.col("NIK").is_in(list(before)))
    births = born.filter(pl.col("Tgl Lahir") > SHAPES[0].data_date.isoformat())
    assert births.height > 100  # children born between the releases
    assert born.height > births.height  # and households that entered the registry
    assert len(set(third["NIK"]) & after) / len(after) > 0.9


def test_grown_children_found_households_and_cards_are_reissued(history):
    first, second, _third = history
    children = first.filter(pl.col("Hub KRT") == "3").select("NIK", pl.col("IDBDT").alias("home"))
    heads_now = second.filter(pl.col("Hub KRT") == "1").select("NIK", pl.col("IDBDT").alias("own"))
    founded = children.join(heads_now, on="NIK").filter(pl.col("home") != pl.col("own"))
    assert founded.height > 20

    kept_ids = (
        first.select("IDBDT", pl.col("No KK").alias("kk_before"))
        .unique()
        .join(second.select("IDBDT", pl.col("No KK").alias("kk_after")).unique(), on="IDBDT")
    )
    reissued = kept_ids.filter(pl.col("kk_before") != pl.col("kk_after")).height / kept_ids.height
    assert 0.05 < reissued < 0.6  # a birth, a death or a child leaving changes the family card


def test_desil_moves_both_ways_and_poor_households_get_out_more_where_the_programme_worked(history):
    first, second, _third = history
    both = _households(first, "IDBDT", "Desil").join(_households(second, "IDBDT", "Desil"), on="IDBDT", suffix="_new")
    moved = both.filter(pl.col("desil") != pl.col("desil_new"))
    assert moved.filter(pl.col("desil_new") > pl.col("desil")).height > 100
    assert moved.filter(pl.col("desil_new") < pl.col("desil")).height > 100

    poor = both.filter(pl.col("desil") <= 4).with_columns(
        out=pl.col("desil_new") > 4, improving=pl.col("kelurahan").is_in([c.replace(".", "") for c in IMPROVING])
    )
    shares = dict(poor.group_by("improving").agg(pl.col("out").mean()).iter_rows())
    assert shares[True] > shares[False] + 0.03


def test_the_dtsen_release_is_a_family_extract_with_labels(history):
    dtsen = history[2]

    assert "IDBDT" not in dtsen.columns and "Hub KRT" not in dtsen.columns
    assert {"Nomor KK", "Desil Nasional", "Hubungan Dengan Kepala Keluarga"} <= set(dtsen.columns)
    assert set(dtsen["Hubungan Dengan Kepala Keluarga"]) <= {
        "Kepala Rumah Tangga",
        "Istri/Suami",
        "Anak",
        "Cucu",
    }
    assert set(dtsen["Jenis Kelamin"]) == {"Laki-laki", "Perempuan"}


def test_every_row_is_marked_and_every_number_is_synthetic_and_unique(history):
    for frame in history:
        assert (frame["Keterangan"] == MARK).all()
        assert frame["NIK"].is_unique().all()
        serials = frame["NIK"].str.slice(12).cast(pl.Int32)
        assert serials.is_between(SYNTHETIC_SERIALS.start, SYNTHETIC_SERIALS.stop - 1).all()
        kk = frame.select("No KK" if "No KK" in frame.columns else "Nomor KK").to_series().str.slice(12)
        assert kk.cast(pl.Int32).is_between(SYNTHETIC_SERIALS.start, SYNTHETIC_SERIALS.stop - 1).all()


def test_the_same_seed_gives_the_same_files():
    first, again = (synth_history(300, "33.75", 3, SHAPES[:2]) for _ in range(2))
    assert all(a.equals(b) for a, b in zip(first, again, strict=True))


def test_the_family_extract_imports_with_its_heads_and_supersedes_dtks(persona, client_as):
    dtks, _second, dtsen = (
        frame.filter(_kelurahan(frame).str.starts_with("337504")) for frame in synth_history(4000, "33.75", 5, SHAPES)
    )
    old = imports.run_import(
        persona("operator"), imports.plan_import(dtks.write_csv().encode(), "dtks.csv"), source="dtks"
    )
    services.approve_release(persona("tkpk"), old, sk_number="S/1", sk_date=dt.date(2022, 4, 8))
    plan = imports.plan_import(f"DATA TUNGGAL SOSIAL EKONOMI NASIONAL\n\n{dtsen.write_csv()}".encode(), "dtsen.csv")
    new = imports.run_import(persona("operator"), plan, source="dtsen")
    page = client_as("tkpk").post(
        f"/data-terpadu/rilis/{new.pk}/setujui/", {"sk_number": "S/2", "sk_date": "2025-05-19"}, follow=True
    )
    new.refresh_from_db()

    assert plan.validated.errors.height == 0
    assert new.file_title == "DATA TUNGGAL SOSIAL EKONOMI NASIONAL"
    # Each family is a household, and the family head heads it: the lists name the head.
    heads = Member.objects.filter(release=new, relationship_to_head=1)
    assert heads.count() == Household.objects.filter(release=new).count() == new.family_count > 0
    assert Member.objects.filter(release=new, relationship_to_head=3).exists()
    old.refresh_from_db()
    assert (old.status, new.status) == (ReleaseStatus.SUPERSEDED, ReleaseStatus.CURRENT)
    said = [str(m) for m in page.context["messages"]]
    assert f"Rilis yang kini digantikan: {old}." in said
