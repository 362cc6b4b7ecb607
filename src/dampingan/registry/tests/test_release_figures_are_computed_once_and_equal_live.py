"""The figures kept per release (registry/statistics.py) are the live computation's, for every scope a user
can have; the import keeps them; pages read them without loading the release's rows; and they are computed
again when what they depend on changes."""

import datetime as dt

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from polars.testing import assert_frame_equal

from dampingan.access.scope import Scope
from dampingan.regions.models import Region
from dampingan.registry import measures, statistics
from dampingan.registry.models import AreaMpi, Household, RankMethod, ReleaseStatistics, WelfareRank

BANYURIP = "33.75.04.1002"
SELATAN = "33.75.04"


def _same(kept: pl.DataFrame, live: pl.DataFrame, keys: list[str]) -> None:
    assert kept.columns == live.columns
    assert_frame_equal(kept.sort(keys), live.sort(keys), check_exact=False, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    ("persona_key", "kecamatan", "kelurahan"),
    [
        ("tkpk", "", ""),  # the kabupaten/kota
        ("tkpk", SELATAN, ""),  # one kecamatan chosen
        ("tkpk", "", BANYURIP),  # one kelurahan chosen
        ("camat_selatan", "", ""),  # a kecamatan scope
        ("lurah_banyurip", "", ""),  # a kelurahan scope
        ("mentor_dindagkop", "", ""),  # an OPD's assigned kelurahan
    ],
)
def test_kept_figures_equal_the_live_computation(persona, registry, persona_key, kecamatan, kelurahan):
    user = persona(persona_key)
    scope = measures.measure_scope(Scope.for_user(user), kecamatan, kelurahan)
    kept_mpi, kept_desil = statistics.reports(registry, scope)
    live_mpi, live_desil = measures._live(registry, scope, measures.DEFAULT_K, (), None)

    _same(kept_mpi.areas, live_mpi.areas, ["level", "code", "unit"])
    _same(kept_mpi.indicators, live_mpi.indicators, ["level", "code", "unit", "indicator"])
    _same(kept_desil.summary, live_desil.summary, ["level", "code"])
    _same(kept_desil.counts, live_desil.counts, ["level", "code", "desil"])
    assert kept_mpi.on == live_mpi.on == registry.ages_counted_on
    assert kept_mpi.indicator_set == live_mpi.indicator_set
    # What the pages read: the same rows, in the same order.
    assert kept_mpi.rows("kelurahan") == live_mpi.rows("kelurahan")


def test_a_scope_whose_total_is_no_kept_row_is_computed_live(persona, registry, monkeypatch):
    # Kelurahan of two kecamatan: their sum is no kept row.
    two = frozenset({BANYURIP, "33.75.01.1001"})
    scope = measures.MeasureScope(two, frozenset(), False)
    assert statistics.reports(registry, scope) is None
    computed = []
    monkeypatch.setattr(measures, "_live", lambda *args: computed.append(args) or ("mpi", "desil"))
    monkeypatch.setattr(measures, "measure_scope", lambda *args: scope)
    assert measures.reports_for(Scope.for_user(persona("tkpk"))) == ("mpi", "desil")
    assert computed


def test_the_import_keeps_the_figures_and_the_pages_read_them_without_the_rows(client_as, registry):
    kept = ReleaseStatistics.objects.get(release=registry)
    assert kept.version == statistics.VERSION and kept.reference_date == registry.ages_counted_on
    assert AreaMpi.objects.filter(statistics=kept, level="all", unit="household").get().units == (
        registry.household_count
    )
    client = client_as("tkpk")
    for url in ("/dasbor/", "/ukuran-kemiskinan/", "/publik/", "/api/measures/mpi", "/api/dashboard/ranking"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        read = [q["sql"] for q in queries if "registry_member" in q["sql"]]
        assert not read, f"{url} read the members: {read[0][:200]}"


def test_the_figures_the_import_keeps_from_its_own_rows_equal_those_read_back_from_the_database(registry):
    # The import computes them from the frames it has just written (services._measure_frames); a second
    # computation from what the database holds must give every kept frame, row for row.
    from_the_import = statistics.stored(registry)
    frames = measures.load_measure_frames(registry)
    assert frames.households.height == registry.household_count and frames.members.height == registry.member_count
    from_the_database = statistics.store(registry, loaded=frames)
    keys = {"counts": ["level", "code", "desil"], "areas": ["level", "code", "unit"],
            "indicators": ["level", "code", "unit", "indicator"], "deprivations": ["level", "code", "deprivation"],
            "desil": ["level", "code"]}  # fmt: skip
    for name, key in keys.items():
        kept = getattr(from_the_import, name)
        assert kept.height, name
        _same(kept, getattr(from_the_database, name), key)


def test_other_questions_are_still_computed_from_the_rows(persona, registry):
    user = persona("tkpk")
    other_day = measures.mpi_for(Scope.for_user(user), on=dt.date(2030, 1, 1))
    assert other_day.on == dt.date(2030, 1, 1)
    by_cutoff = measures.mpi_for(Scope.for_user(user), k="1/2")
    subset = measures.mpi_for(Scope.for_user(user), indicators=["sanitation", "housing"])
    default = measures.mpi_for(Scope.for_user(user))
    assert set(subset.indicator_set.weights) == {"sanitation", "housing"}
    assert by_cutoff.area("all")["poor_units"] <= default.area("all")["poor_units"]


def test_a_rank_saved_later_drops_the_kept_figures_and_the_next_read_counts_it(persona, registry):
    household = Household.objects.filter(release=registry, kelurahan_id=BANYURIP).order_by("pk").first()
    before = measures.desil_for(Scope.for_user(persona("tkpk"))).per_desil("kelurahan", BANYURIP)
    official = WelfareRank.objects.get(release=registry, household=household)
    moved_to = 10 if official.desil != 10 else 9
    WelfareRank.objects.create(
        release=registry,
        household=household,
        desil=moved_to,
        ranked_on=official.ranked_on + dt.timedelta(days=10),
        method=RankMethod.COMPUTED,
    )
    assert not ReleaseStatistics.objects.filter(release=registry).exists()

    after = measures.desil_for(Scope.for_user(persona("tkpk"))).per_desil("kelurahan", BANYURIP)
    assert after[moved_to - 1] == before[moved_to - 1] + 1
    assert after[official.desil - 1] == before[official.desil - 1] - 1
    assert ReleaseStatistics.objects.filter(release=registry).exists()


def test_a_kelurahan_moved_to_another_kecamatan_is_counted_there_on_the_next_read(persona, registry):
    report = measures.desil_for(Scope.for_user(persona("tkpk")))
    selatan_before = report.area("kecamatan", SELATAN)["households"]
    banyurip = report.area("kelurahan", BANYURIP)["households"]
    Region.objects.filter(code=BANYURIP).update(parent_id="33.75.01")

    moved = measures.desil_for(Scope.for_user(persona("tkpk")))
    assert moved.area("kecamatan", SELATAN)["households"] == selatan_before - banyurip
    assert moved.area("kelurahan", BANYURIP)["kecamatan"] == "33.75.01"


def test_ages_are_counted_on_the_day_of_the_data(persona, registry):
    registry.data_date = dt.date(2024, 12, 31)
    registry.save(update_fields=["data_date"])
    report = measures.mpi_for(Scope.for_user(persona("tkpk")))
    assert report.on == dt.date(2024, 12, 31)
    live = measures.mpi_for(Scope.for_user(persona("tkpk")), on=dt.date(2024, 12, 31)).area("all")
    kept = report.area("all")
    assert kept["poor_units"] == live["poor_units"] and kept["M0"] == pytest.approx(live["M0"], rel=1e-12)
