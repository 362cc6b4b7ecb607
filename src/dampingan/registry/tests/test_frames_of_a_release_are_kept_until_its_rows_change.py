"""Frames built from a committed release (its households with their desil, the diff of two releases) are kept on
disk for every process (registry/kept_frames.py), read back equal, built again when a row of the release
changes, and never kept for a release whose figures are not kept."""

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from polars.testing import assert_frame_equal

from dampingan.interventions.targeting_data import _query_households, load_households
from dampingan.registry import kept_frames, statistics
from dampingan.registry.models import Household, WelfareRank


@pytest.fixture
def kept_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "cache" / "frames"


def test_the_households_frame_is_read_back_from_its_file(registry, kept_dir):
    statistics.stored(registry)
    built = load_households(registry)

    with CaptureQueriesContext(connection) as queries:
        again = load_households(registry)

    assert [path.name.split("-")[0] for path in kept_dir.iterdir()] == ["households"]
    assert_frame_equal(again, built)
    assert_frame_equal(again, _query_households(registry, None))
    assert not [q["sql"] for q in queries if "registry_household" in q["sql"]]


def test_a_saved_rank_builds_the_frame_again(registry, kept_dir):
    statistics.stored(registry)
    before = load_households(registry)
    household = Household.objects.filter(release=registry, ranks__desil=9).first()
    rank = WelfareRank.objects.get(release=registry, household=household)
    rank.desil = 1
    rank.save()  # drops the release's figures (statistics.forget)
    statistics.stored(registry)

    after = load_households(registry)

    desil_of = {row["household"]: row["desil"] for row in after.iter_rows(named=True)}
    assert desil_of[household.pk] == 1
    assert before.filter(pl.col("household") == household.pk)["desil"].item() == 9
    assert len(list(kept_dir.iterdir())) == 1  # the older file is gone


def test_a_release_without_kept_figures_keeps_no_frame(registry, kept_dir):
    statistics.forget(registry.pk)

    assert kept_frames.stamp([registry]) is None
    assert load_households(registry).height == Household.objects.filter(release=registry).count()
    assert not kept_dir.exists() or not list(kept_dir.iterdir())


def test_a_damaged_file_is_built_again(registry, kept_dir):
    statistics.stored(registry)
    built = load_households(registry)
    (path,) = kept_dir.iterdir()
    path.write_bytes(b"not parquet")

    assert_frame_equal(load_households(registry), built)
    assert path.read_bytes()[:4] == b"PAR1"
