import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from dampingan.accounts.models import User
from dampingan.demo.services import load_demo
from dampingan.mentoring.models import Assignment, Opd
from dampingan.regions.models import Region
from dampingan.registry.models import Member

pytestmark = pytest.mark.django_db

SEED_OPDS = {"DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA", "Dinsos-P2KB", "Bapperida", "Dinkominfo"}


def snapshot() -> tuple:
    return (
        Region.objects.count(),
        list(Opd.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("username", "password", "role", "opd_id", "region_id")),
        Assignment.objects.count(),
        LogEntry.objects.count(),
        Member.objects.count(),
    )


def test_second_load_changes_nothing():
    load_demo(region_roots=["33.75"], registry_persons=300)
    first = snapshot()

    summary = load_demo(region_roots=["33.75"], registry_persons=300)

    assert summary.regions_changed == 0 and summary.created == []
    assert snapshot() == first


def test_demo_holds_synthetic_registry_releases_approved_by_a_second_user():
    from dampingan.registry.models import RegistryRelease

    load_demo(region_roots=["33.75"], registry_persons=300)

    release = RegistryRelease.objects.get(status="current")
    assert release.member_count >= 300
    for release in RegistryRelease.objects.all():
        assert release.imported_by.username == "operator.dinsos" and release.approved_by.username == "tkpk"
        assert "sintetis" in release.notes


def test_demo_holds_the_seed_opds_assignments_and_a_user_per_role():
    load_demo(region_roots=["33.75"], registry_persons=0)

    assert set(Opd.objects.values_list("abbreviation", flat=True)) >= SEED_OPDS
    lines = {
        a.kelurahan.name: a.opd.abbreviation for a in Assignment.objects.in_force().select_related("opd", "kelurahan")
    }
    assert lines == {
        "Jenggot": "DLH",
        "Banyurip": "BPBD",
        "Buaran Kradenan": "Dinarpus",
        "Kuripan Yosorejo": "Dinperpa",
        "Kuripan Kertoharjo": "Dindagkop-UKM",
        "Sokoduwet": "DPMPPA",
    }
    assert set(User.objects.values_list("role", flat=True)) == {
        "tkpk_admin",
        "opd_mentor",
        "camat",
        "lurah",
        "dinsos_operator",
        "viewer",
    }


def test_the_command_prints_the_demo_logins(capsys, monkeypatch):
    import dampingan.demo.management.commands.load_demo as command

    asked = {}

    def small_demo(**options):
        asked.update(options)
        return load_demo(region_roots=["33.75"], registry_persons=0, coordination=False)

    monkeypatch.setattr(command, "load_demo", small_demo)
    call_command("load_demo", "--today", "2025-06-26")

    out = capsys.readouterr().out
    assert asked == {"programme": True, "today": dt.date(2025, 6, 26)}
    assert "pekalongan-demo" in out
    for username in ["tkpk", "mentor.dlh", "camat.selatan", "lurah.banyurip", "operator.dinsos", "pengamat"]:
        assert username in out


def test_the_demo_refuses_another_deployment_region(settings):
    from django.core.management.base import CommandError

    settings.DAMPINGAN_REGION = "33.26"
    with pytest.raises(CommandError, match="DAMPINGAN_REGION"):
        call_command("load_demo")


def test_the_first_load_lists_what_it_created_the_admin_and_opds_first_then_the_decree_assignments_and_office():
    created = load_demo(region_roots=["33.75"], registry_persons=0, coordination=False).created

    assert created[:3] == ["user tkpk", "27 OPDs added, 0 updated", "decree 401/0426"]
    kinds = [entry.split(" ")[0] for entry in created[3 : created.index("office of Kecamatan Pekalongan Selatan") + 1]]
    assert kinds == sorted(kinds, key=["assignment", "partner", "office"].index)
    assert {"assignment", "partner"} <= set(kinds)
