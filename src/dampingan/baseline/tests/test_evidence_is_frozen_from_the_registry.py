"""A problem's evidence is the registry value on the day it was recorded; a new release never rewrites it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dampingan.baseline import services
from dampingan.baseline.models import Problem
from dampingan.registry import imports
from dampingan.registry import services as registry_services
from dampingan.registry.kelurahan_indicators import kelurahan_indicators
from dampingan.registry.synth import synth_registry

from .conftest import JENGGOT


def indicator(release, key):
    return next(i for i in kelurahan_indicators(release, JENGGOT) if i.key == key)


@pytest.fixture
def replace_release(persona):
    """Import and approve another release of the same source: the first one becomes superseded."""

    def replace():
        plan = imports.plan_import(synth_registry(2400, "33.75", seed=9).write_csv().encode(), "baru.csv")
        release = imports.run_import(persona("operator"), plan, source="dtks")
        return registry_services.approve_release(
            persona("tkpk"), release, sk_number="DEMO/2", sk_date=dt.date(2025, 10, 1)
        )

    return replace


def test_the_evidence_is_read_from_the_current_release_when_the_problem_is_recorded(client_as, registry):
    expected = indicator(registry, "households")
    assert expected.value > 0  # the synthetic registry has households in Jenggot

    response = client_as("mentor_dlh").post(
        reverse("baseline:problem_list", args=[JENGGOT]),
        {
            "title": "Banyak rumah tangga miskin",
            "category": "ekonomi",
            "severity": "3",
            "priority": "1",
            "evidence_indicator": "households",
            "recorded_on": timezone.localdate().isoformat(),
        },
    )

    problem = Problem.objects.get()
    assert response.status_code == 302
    assert (problem.evidence_release, problem.evidence_value, problem.evidence_denominator) == (
        registry,
        expected.value,
        expected.denominator,
    )
    assert problem.evidence_on == timezone.localdate()


def test_a_new_release_leaves_the_evidence_as_recorded_and_updates_use_the_new_one(
    persona, make_problem, registry, replace_release
):
    problem = make_problem(JENGGOT, by="mentor_dlh", evidence_indicator="desil_1_4")
    before = (problem.evidence_release_id, problem.evidence_value, problem.evidence_denominator)

    newer = replace_release()
    now = indicator(newer, "desil_1_4")
    assert (now.value, now.denominator) != before[1:]  # the releases differ, so freezing is observable
    update = services.add_problem_update(persona("mentor_dlh"), problem, {"movement": "no_change"})

    problem.refresh_from_db()
    assert (problem.evidence_release_id, problem.evidence_value, problem.evidence_denominator) == before
    assert (update.indicator_release, update.indicator_value, update.indicator_denominator) == (
        newer,
        now.value,
        now.denominator,
    )


def test_editing_a_problem_from_a_replaced_release_says_so_and_keeps_the_value(
    client_as, make_problem, registry, replace_release
):
    problem = make_problem(JENGGOT, by="mentor_dlh", evidence_indicator="households")
    old_value = problem.evidence_value
    newer = replace_release()
    client = client_as("mentor_dlh")
    url = reverse("baseline:problem_edit", args=[JENGGOT, problem.pk])
    form = {
        "title": "Judul diperbaiki",
        "category": problem.category,
        "severity": problem.severity,
        "priority": problem.priority,
        "status": problem.status,
        "evidence_indicator": "households",
        "recorded_on": problem.recorded_on.isoformat(),
    }

    page = client.get(url)
    kept = client.post(url, form)
    problem.refresh_from_db()
    after_plain_save = (problem.title, problem.evidence_release, problem.evidence_value)
    refreshed = client.post(url, {**form, "refresh_evidence": "on"})
    problem.refresh_from_db()

    assert 'id="evidence-stale"' in page.text
    assert "sudah diganti" in page.text and str(newer) in page.text
    assert kept.status_code == refreshed.status_code == 302
    assert after_plain_save == ("Judul diperbaiki", registry, old_value)
    assert (problem.evidence_release, problem.evidence_value) == (newer, indicator(newer, "households").value)
    assert 'id="evidence-stale"' not in client.get(url).text


def test_evidence_without_a_current_release_is_refused_and_nothing_is_saved(client_as, persona, pekalongan):
    response = client_as("tkpk").post(
        reverse("baseline:problem_list", args=[JENGGOT]),
        {
            "title": "Air bersih",
            "category": "kesehatan",
            "severity": "2",
            "priority": "1",
            "evidence_indicator": "households",
            "recorded_on": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["evidence_indicator"]
    assert errors == [
        "Tidak ada rilis data terpadu yang berlaku, jadi belum ada nilai yang bisa dijadikan bukti. "
        "Kosongkan bukti, atau minta operator Dinsos dan TKPK mengimpor dan menyetujui sebuah rilis."
    ]
    assert not Problem.objects.exists()


def test_an_unknown_indicator_is_refused_by_the_service(persona, registry):
    from dampingan.regions.models import Region

    with pytest.raises(ValidationError) as refused:
        services.create_problem(
            persona("tkpk"),
            Region.objects.get(code=JENGGOT),
            {"title": "x", "category": "ekonomi", "evidence_indicator": "bogus"},
        )

    assert "evidence_indicator" in refused.value.message_dict
    assert not Problem.objects.exists()
