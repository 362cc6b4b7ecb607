"""The importer derives every id of a release itself, so the database does not check the links between
households, families, members and ranks (a million deferred checks cost more than the rest of the commit:
bench/RESULTS.md). These tests are that check: no dangling or crossed id, and deleting a release still
removes all of its rows and nothing else."""

import polars as pl
from django.db.models import Count, F, OuterRef, Subquery

from dampingan.registry import imports
from dampingan.registry.models import Family, Household, Member, RegistryRelease, WelfareRank
from dampingan.registry.synth import synth_registry


def import_synthetic(actor, seed, persons=1_500):
    # Dirty rows exclude whole households, so some rows of the file are left out of the release.
    frame = synth_registry(persons, "33.75", seed=seed, dirty_share=0.03)
    plan = imports.plan_import(frame.write_csv().encode(), f"synth-{seed}.csv")
    assert 0 < plan.kept_households < plan.households
    kept = plan.validated.kept  # taken before the import, which releases the validated rows
    return kept, imports.run_import(actor, plan, source="dtks")


def dangling_or_crossed() -> dict[str, int]:
    households = Household.objects.values("pk")
    families = Family.objects.values("pk")
    releases = RegistryRelease.objects.values("pk")
    return {
        "member without household": Member.objects.exclude(household_id__in=households).count(),
        "member without family": Member.objects.exclude(family_id__in=families).count(),
        "member without release": Member.objects.exclude(release_id__in=releases).count(),
        "member in another release than its household": Member.objects.exclude(
            release_id=F("household__release_id")
        ).count(),
        "member in another kelurahan than its household": Member.objects.exclude(
            kelurahan_id=F("household__kelurahan_id")
        ).count(),
        "member's family in another household": Member.objects.exclude(family__household_id=F("household_id")).count(),
        "family without household": Family.objects.exclude(household_id__in=households).count(),
        "family in another release than its household": Family.objects.exclude(
            release_id=F("household__release_id")
        ).count(),
        "family in another kelurahan than its household": Family.objects.exclude(
            kelurahan_id=F("household__kelurahan_id")
        ).count(),
        "rank without household": WelfareRank.objects.exclude(household_id__in=households).count(),
        "rank in another release than its household": WelfareRank.objects.exclude(
            release_id=F("household__release_id")
        ).count(),
    }


def test_every_id_the_import_writes_points_to_a_row_of_the_same_release(persona):
    operator = persona("operator")
    kept, first = import_synthetic(operator, seed=11)
    _, second = import_synthetic(operator, seed=12)

    assert set(dangling_or_crossed().values()) == {0}
    for release in (first, second):
        assert release.household_count == Household.objects.filter(release=release).count()
        assert release.family_count == Family.objects.filter(release=release).count()
        assert release.member_count == Member.objects.filter(release=release).count()
    # The counts kept on each household agree with its rows.
    members = Member.objects.filter(household=OuterRef("pk")).values("household").annotate(n=Count("pk")).values("n")
    families = Family.objects.filter(household=OuterRef("pk")).values("household").annotate(n=Count("pk")).values("n")
    stored = Household.objects.annotate(m=Subquery(members), f=Subquery(families))
    assert not stored.exclude(member_count=F("m")).exists() and not stored.exclude(family_count=F("f")).exists()
    # Each household holds exactly the people the file put in it.
    expected = {key: sorted(group["_nik"].drop_nulls().to_list()) for (key,), group in kept.group_by("_household_key")}
    written: dict[str, list[str]] = {}
    for registry_id, nik in Member.objects.filter(release=first).values_list("household__registry_id", "nik"):
        if nik is not None:
            written.setdefault(registry_id, []).append(nik)
    assert {key: sorted(niks) for key, niks in written.items()} == {k: v for k, v in expected.items() if v}
    families_by_kk = kept.group_by("_no_kk").agg(pl.col("_household_key").unique()).drop_nulls("_no_kk")
    assert all(len(homes) == 1 for homes in families_by_kk["_household_key"].to_list())
    assert Family.objects.filter(release=first).exclude(no_kk=None).count() == families_by_kk.height


def test_deleting_a_release_removes_all_its_rows_and_nothing_else(persona):
    operator = persona("operator")
    _, gone = import_synthetic(operator, seed=21)
    _, kept = import_synthetic(operator, seed=22)
    before = {model: model.objects.filter(release=kept).count() for model in (Household, Family, Member, WelfareRank)}

    gone.delete()

    for model, count in before.items():
        assert model.objects.filter(release=gone.pk).count() == 0
        assert model.objects.count() == count  # only the other release is left, whole
    assert set(dangling_or_crossed().values()) == {0}
