"""The trajectory: the baseline first, then monitoring entries by date; entries before the baseline are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dampingan.baseline import queries, services
from dampingan.baseline.models import ProblemUpdate

from .conftest import JENGGOT, days_ago


def test_entries_entered_out_of_order_are_shown_by_date_and_the_latest_sets_the_status(persona, make_problem):
    mentor = persona("mentor_dlh")
    problem = make_problem(JENGGOT, by="mentor_dlh", recorded_on=days_ago(90))

    services.add_problem_update(mentor, problem, {"on": days_ago(10), "movement": "improving", "narrative": "c"})
    services.add_problem_update(mentor, problem, {"on": days_ago(60), "movement": "worse", "narrative": "a"})
    services.add_problem_update(mentor, problem, {"on": days_ago(30), "movement": "no_change", "narrative": "b"})

    trajectory = queries.problem_trajectory(problem)
    problem.refresh_from_db()
    assert [(p.on, p.is_baseline, p.narrative) for p in trajectory] == [
        (days_ago(90), True, problem.description),
        (days_ago(60), False, "a"),
        (days_ago(30), False, "b"),
        (days_ago(10), False, "c"),
    ]
    # The 60-days-ago entry was saved last, but the 10-days-ago one is the newest: the problem is improving.
    assert problem.status == "improving"


def test_the_detail_page_shows_the_baseline_row_before_the_updates(client_as, persona, make_potential):
    potential = make_potential(JENGGOT, by="mentor_dlh", recorded_on=days_ago(40), enterprises=10)
    services.add_potential_update(
        persona("mentor_dlh"), potential, {"on": days_ago(5), "enterprises": 14, "workers": 50}
    )
    services.add_potential_update(
        persona("mentor_dlh"), potential, {"on": days_ago(20), "enterprises": 11, "workers": 42}
    )

    page = client_as("camat_selatan").get(reverse("baseline:potential_detail", args=[JENGGOT, potential.pk]))

    rows = [p for p in page.context["trajectory"]]
    assert [(p.on, p.enterprises, p.change) for p in rows] == [
        (days_ago(40), 10, None),
        (days_ago(20), 11, 1),
        (days_ago(5), 14, 4),
    ]
    text = page.text
    assert text.index(f'data-on="{days_ago(40):%Y-%m-%d}"') < text.index(f'data-on="{days_ago(20):%Y-%m-%d}"')
    assert text.index(f'data-on="{days_ago(20):%Y-%m-%d}"') < text.index(f'data-on="{days_ago(5):%Y-%m-%d}"')


def test_an_entry_dated_before_the_baseline_is_refused_with_a_message(client_as, make_problem):
    problem = make_problem(JENGGOT, by="mentor_dlh", recorded_on=days_ago(30))

    response = client_as("mentor_dlh").post(
        reverse("baseline:problem_update", args=[JENGGOT, problem.pk]),
        {"on": days_ago(31).isoformat(), "movement": "improving", "narrative": "terlalu awal"},
    )

    assert response.status_code == 200
    assert response.context["update_form"].errors["on"] == [
        f"Catatan pemantauan tidak boleh bertanggal sebelum data dasar ({days_ago(30):%d-%m-%Y})."
    ]
    assert not ProblemUpdate.objects.exists()
    problem.refresh_from_db()
    assert problem.status == "open"


def test_an_entry_in_the_future_is_refused(persona, make_problem):
    problem = make_problem(JENGGOT, by="mentor_dlh")

    with pytest.raises(ValidationError) as refused:
        services.add_problem_update(persona("mentor_dlh"), problem, {"on": days_ago(-1), "movement": "worse"})

    assert list(refused.value.message_dict) == ["on"]
    assert not ProblemUpdate.objects.exists()


def test_the_baseline_cannot_be_moved_after_its_first_monitoring_entry(persona, make_problem):
    problem = make_problem(JENGGOT, by="mentor_dlh", recorded_on=days_ago(30))
    services.add_problem_update(persona("mentor_dlh"), problem, {"on": days_ago(20), "movement": "worse"})

    with pytest.raises(ValidationError):
        services.update_problem(persona("mentor_dlh"), problem, {"recorded_on": days_ago(10)})

    problem.refresh_from_db()
    assert problem.recorded_on == days_ago(30)
