"""Release diff from two real imports: the DTKS fixture and a DTSEN-like file with other ids."""

import datetime as dt

import polars as pl
import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dampingan.access.scope import Scope
from dampingan.registry import imports, services, statistics
from dampingan.registry.diffs import release_diff
from dampingan.registry.models import Family, Household, RankMethod, WelfareRank
from dampingan.registry.synth import synth_registry

JENGGOT = "33.75.04.1004"


@pytest.fixture
def releases(registry, persona):
    """The fixture's release, then a newer one of another source where, in Jenggot, one household left,
    one poor household rose to desil 8 and one better-off household fell to desil 1."""
    frame = synth_registry(1500, "33.75", seed=4)
    jenggot = frame.filter(pl.col("Kode Desa") == JENGGOT.replace(".", ""))
    by_desil = jenggot.group_by("IDBDT").agg(pl.col("Desil").first().cast(pl.Int64)).sort("IDBDT")
    poor = by_desil.filter(pl.col("Desil") <= 3)["IDBDT"].to_list()
    better = by_desil.filter(pl.col("Desil") >= 5)["IDBDT"].to_list()
    gone, risen, fallen = poor[0], poor[1], better[0]
    newer = frame.filter(pl.col("IDBDT") != gone).with_columns(
        pl.when(pl.col("IDBDT") == risen)
        .then(pl.lit("8"))
        .when(pl.col("IDBDT") == fallen)
        .then(pl.lit("1"))
        .otherwise(pl.col("Desil"))
        .alias("Desil"),
        # Another source: none of the ids carry over, only the NIKs do.
        ("X" + pl.col("IDBDT")).alias("IDBDT"),
        ("X" + pl.col("IDARTBDT")).alias("IDARTBDT"),
    )
    plan = imports.plan_import(newer.write_csv().encode(), "dtsen.csv")
    draft = imports.run_import(persona("operator"), plan, source="dtsen")
    new = services.approve_release(persona("tkpk"), draft, sk_number="DEMO/2", sk_date=dt.date(2025, 10, 1))
    ids = {"gone": gone, "risen": risen, "fallen": fallen}
    return registry, new, {k: Household.objects.get(release=registry, registry_id=v) for k, v in ids.items()}


def test_the_diff_finds_who_left_rose_and_fell_across_sources(persona, releases):
    old, new, ids = releases

    diff = release_diff(Scope.for_user(persona("tkpk")), old, new)
    jenggot = diff.rows.filter(pl.col("kelurahan") == JENGGOT)

    def status(household: Household) -> str:
        return diff.rows.filter(pl.col("unit_old") == household.pk)["status"].item()

    assert (status(ids["gone"]), status(ids["risen"]), status(ids["fallen"])) == ("left", "up", "down")
    # Everything else matched on NIK and kept its desil.
    assert jenggot.filter(~pl.col("status").is_in(["same", "left", "up", "down"])).height == 0
    assert jenggot["status"].value_counts().filter(pl.col("status") != "same")["count"].sum() == 3
    totals = diff.totals()
    assert (totals["left"], totals["up"], totals["down"], totals["entered"], totals["graduated"]) == (1, 1, 1, 0, 1)


def test_a_mentor_sees_its_kelurahan_only_and_the_lists_are_logged(client_as, persona, releases):
    old, new, ids = releases
    client = client_as("mentor_dlh")

    page = client.get("/data-terpadu/rilis/banding/", {"old": old.pk, "new": new.pk}).content.decode()
    listing = client.get(
        "/data-terpadu/rilis/banding/", {"old": old.pk, "new": new.pk, "status": "up", "kelurahan": JENGGOT}
    ).content.decode()

    assert f'data-region="{JENGGOT}"' in page and 'data-region="33.75.04.1002"' not in page
    risen_new = Household.objects.get(release=new, registry_id="X" + ids["risen"].registry_id)
    assert f"/data-terpadu/rumah-tangga/{risen_new.pk}/" in listing
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=persona("mentor_dlh")).latest("pk")
    assert entry.additional_data["detail"].startswith(f"release diff {old.pk}→{new.pk}")


def test_the_viewer_gets_counts_but_no_lists(client_as, releases):
    old, new, _ = releases
    client = client_as("viewer")

    page = client.get("/data-terpadu/rilis/banding/", {"old": old.pk, "new": new.pk})
    listing = client.get("/data-terpadu/rilis/banding/", {"old": old.pk, "new": new.pk, "status": "left"})

    assert page.status_code == 200 and 'id="diff-table"' in page.content.decode()
    assert listing.status_code == 403


def test_the_same_release_twice_is_refused_with_a_message(client_as, releases):
    old, _, _ = releases

    response = client_as("tkpk").get("/data-terpadu/rilis/banding/", {"old": old.pk, "new": old.pk})

    assert response.status_code == 400
    assert "Pilih dua rilis yang berbeda." in response.content.decode()


def test_a_later_rank_and_the_family_level_are_read_as_the_registry_reads_them(persona, releases):
    old, new, ids = releases
    # A later local rank of the risen household in the new release takes it back down to desil 2.
    risen_new = Household.objects.get(release=new, registry_id="X" + ids["risen"].registry_id)
    official = WelfareRank.objects.get(release=new, household=risen_new)
    WelfareRank.objects.create(
        release=new,
        household=risen_new,
        desil=2,
        ranked_on=official.ranked_on + dt.timedelta(days=30),
        method=RankMethod.COMPUTED,
    )
    households = release_diff(Scope.for_user(persona("tkpk")), old, new)
    row = households.rows.filter(pl.col("unit_new") == risen_new.pk)
    assert row["desil_new"].item() == 2

    families = release_diff(Scope.for_user(persona("tkpk")), old, new, "family")
    assert families.rows.filter(pl.col("unit_old").is_not_null()).height == Family.objects.filter(release=old).count()
    family = Family.objects.filter(release=new, household=risen_new).first()
    assert families.rows.filter(pl.col("unit_new") == family.pk)["desil_new"].item() == 2


def test_a_diff_is_kept_until_a_row_of_either_release_changes(persona, releases):
    old, new, ids = releases
    statistics.stored(old), statistics.stored(new)
    tkpk = persona("tkpk")
    first = release_diff(Scope.for_user(tkpk), old, new).totals()

    with CaptureQueriesContext(connection) as queries:
        assert release_diff(Scope.for_user(tkpk), old, new).totals() == first
    assert not [q["sql"] for q in queries if "registry_household" in q["sql"] or "registry_member" in q["sql"]]

    # A household of the newer release saved one by one: its figures are dropped, and so is the kept diff.
    risen = Household.objects.get(release=new, registry_id="X" + ids["risen"].registry_id)
    rank = WelfareRank.objects.get(release=new, household=risen)
    rank.desil = WelfareRank.objects.get(release=old, household=ids["risen"]).desil  # back where it was
    rank.save()
    statistics.stored(new)

    again = release_diff(Scope.for_user(tkpk), old, new).totals()
    assert (again["up"], again["same"]) == (first["up"] - 1, first["same"] + 1)
