"""The demo shows a city in mid-programme. Its interventions cover every horizon, cluster and
strategy, are funded from several purses, report progress, take pledges and reach registry households
with the overlap and leakage the targeting page exists to find; all made through the services, dated back
from the day given, and a second load adds nothing."""

import datetime as dt
from collections import Counter

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from dampingan.access.roles import Role
from dampingan.access.scope import Scope
from dampingan.accounts.models import User
from dampingan.demo.interventions import PLANS, load_demo_interventions, months_from
from dampingan.interventions.models import (
    Beneficiary,
    BeneficiaryStatusChange,
    BudgetLine,
    Intervention,
    OutputAchieved,
    Pledge,
    ProgressReport,
    Receipt,
)
from dampingan.interventions.targeting_data import targeting_for
from dampingan.mentoring.models import Opd

pytestmark = pytest.mark.django_db

# The mentors another part of the demo adds; created here when the demo users do not hold them yet.
MENTORS = {
    "mentor.bpbd": "BPBD",
    "mentor.dinarpus": "Dinarpus",
    "mentor.dinperpa": "Dinperpa",
    "mentor.dpmppa": "DPMPPA",
}


@pytest.fixture
def mentors(pekalongan):
    for username, abbreviation in MENTORS.items():
        if not User.objects.filter(username=username).exists():
            User.objects.create(username=username, role=Role.OPD_MENTOR, opd=Opd.objects.get(abbreviation=abbreviation))


def snapshot() -> tuple[int, ...]:
    return (
        Intervention.objects.count(),
        BudgetLine.objects.count(),
        ProgressReport.objects.count(),
        OutputAchieved.objects.count(),
        Pledge.objects.count(),
        Pledge.objects.filter(fulfilled=True).count(),
        Beneficiary.objects.count(),
        BeneficiaryStatusChange.objects.count(),
        Receipt.objects.count(),
        LogEntry.objects.count(),
    )


def assert_nothing_after(day: dt.date) -> None:
    assert not ProgressReport.objects.filter(date__gt=day).exists()
    assert not Pledge.objects.filter(pledged_on__gt=day).exists()
    assert not BeneficiaryStatusChange.objects.filter(on__gt=day).exists()
    assert not Receipt.objects.filter(on__gt=day).exists()
    starts = set(Intervention.objects.values_list("start_date", flat=True))
    assert min(starts) >= months_from(day, -30) and max(starts) <= months_from(day, -2)


def test_the_demo_shows_a_programme_at_work_and_loads_once(mentors, registry, client_as):
    today = timezone.localdate()

    created = load_demo_interventions(today)
    first = snapshot()
    again = load_demo_interventions(today)

    # A second load finds everything in place
    assert again == [] and snapshot() == first
    interventions = Intervention.objects.select_related("lead_opd", "created_by")
    assert len(interventions) == len(PLANS) >= 12
    assert sum(line.startswith("intervention ") for line in created) == len(PLANS)
    assert all("Data contoh" in i.description for i in interventions)

    # covering every horizon, cluster and strategy, at every stage
    assert {i.horizon for i in interventions} == {"pendek", "menengah", "panjang"}
    assert {i.cluster for i in interventions} == {1, 2, 3, 4}
    assert {i.strategy for i in interventions} == {"kurangi_beban", "tingkatkan_pendapatan", "kurangi_kantong"}
    statuses = Counter(i.status for i in interventions)
    assert statuses["berjalan"] > statuses["direncanakan"] >= 2
    assert statuses["selesai"] >= 2 and statuses["dibatalkan"] == 1

    # led by the kelurahan's mentors as themselves, and by other OPDs and city-wide through the TKPK
    by_mentor = {i.created_by.username: i.lead_opd.abbreviation for i in interventions if i.created_by.opd_id}
    assert by_mentor == {
        "mentor.dlh": "DLH",
        "mentor.bpbd": "BPBD",
        "mentor.dinarpus": "Dinarpus",
        "mentor.dinperpa": "Dinperpa",
        "mentor.dindagkop": "Dindagkop-UKM",
        "mentor.dpmppa": "DPMPPA",
    }
    by_tkpk = [i for i in interventions if i.created_by.username == "tkpk"]
    assert {i.lead_opd.abbreviation for i in by_tkpk} >= {"Disperkim", "DPUPR", "Dinkes", "Dinsos-P2KB"}
    assert any(i.city_wide for i in by_tkpk)
    tempe = Intervention.objects.get(title="Modal usaha perajin tempe Kampung Tempe Kuripan Kertoharjo")
    assert LogEntry.objects.get_for_object(tempe).filter(action=LogEntry.Action.CREATE).get().actor.username == (
        "mentor.dindagkop"
    )

    # funded from several purses, mostly under plan, one overrun with its reason
    lines = list(BudgetLine.objects.select_related("partner"))
    assert {line.source for line in lines} >= {
        "apbd_kota",
        "apbd_provinsi",
        "apbn",
        "dana_kelurahan",
        "csr",
        "baznas",
        "bank",
        "swadaya",
    }
    over = [line for line in lines if line.realised > line.planned]
    assert len(over) == 1 and over[0].over_reason
    assert sum(line.realised < line.planned for line in lines) > len(lines) / 2
    assert all(line.partner for line in lines if line.source in {"csr", "baznas", "bank"})

    # reporting progress while running, with outputs achieved
    for intervention in interventions:
        reports = intervention.progress_reports.count()
        if intervention.status in ("berjalan", "selesai"):
            assert 1 <= reports <= 4, intervention.title
        else:
            assert reports == 0, intervention.title
    assert OutputAchieved.objects.exists()
    for intervention in interventions.filter(status="selesai"):
        assert intervention.progress_reports.first().physical_percent == 100  # the latest report

    # with pledges from the demo partners, some fulfilled and booked
    pledges = Pledge.objects.select_related("partner")
    assert {p.partner.name for p in pledges} >= {"BAZNAS Kota Pekalongan", "PT Sinar Tempe Nusantara (contoh)"}
    assert {p.fulfilled for p in pledges} == {True, False}
    booked = BudgetLine.objects.get(notes__contains="Tungku perebusan")
    assert booked.source == "csr" and booked.planned == booked.realised == 25_000_000

    # reaching registry households at every stage, some twice, some outside desil 1-4
    people = Beneficiary.objects.all()
    assert {b.status for b in people} == {"diusulkan", "aktif", "lulus", "ditangguhkan"}
    assert not Beneficiary.objects.filter(intervention__status="dibatalkan").exists()
    twice = Counter(people.exclude(household=None).values_list("household_id", flat=True))
    assert max(twice.values()) >= 2
    assert any("desil_5_plus" in b.flags for b in people)
    assert any("not_in_registry" in b.flags for b in people)
    assert Receipt.objects.exists()
    assert_nothing_after(today)

    # so the TKPK's targeting page has findings to show
    found, _frames = targeting_for(Scope.for_user(User.objects.get(username="tkpk")))
    city = found.area("all")
    assert city is not None
    assert city["overlap"] > 0 and city["desil_5_plus"] > 0 and city["outside_registry"] > 0
    assert city["uncovered"] > 0

    # and the TKPK's list shows them
    client = client_as("tkpk")
    page = client.get("/intervensi/").content.decode()
    assert all(plan.title in page for plan in PLANS)
    assert client.get("/intervensi/sasaran/").status_code == 200


def test_without_a_registry_or_a_mentor_the_tkpk_plans_and_beneficiaries_follow_the_registry(
    pekalongan, persona, request
):
    # A day some weeks back, and the Banyurip mentor absent (or inactive) from the demo
    today = timezone.localdate() - dt.timedelta(days=45)
    User.objects.filter(username="mentor.bpbd").update(is_active=False)

    load_demo_interventions(today)

    banyurip = Intervention.objects.get(title__startswith="Kampung Siaga Bencana")
    assert banyurip.created_by.username == "tkpk" and banyurip.lead_opd.abbreviation == "BPBD"
    assert Intervention.objects.count() == len(PLANS) and not Beneficiary.objects.exists()
    assert_nothing_after(today)

    # Once a registry release is current, the next load adds the beneficiaries, and only once
    request.getfixturevalue("registry")
    added = load_demo_interventions(today)
    assert added and all(line.split(" ", 1)[1].startswith("beneficiaries of ") for line in added)
    assert Beneficiary.objects.exists()
    assert_nothing_after(today)
    first = snapshot()
    assert load_demo_interventions(today) == [] and snapshot() == first


def test_the_demo_names_the_six_kelurahan_of_the_decree():
    from dampingan.demo.interventions import SELATAN
    from dampingan.demo.services import PEKALONGAN_SELATAN_ASSIGNMENTS

    assert set(SELATAN) == set(PEKALONGAN_SELATAN_ASSIGNMENTS)
    assert {code for plan in PLANS for code in plan.codes} == set(SELATAN)
