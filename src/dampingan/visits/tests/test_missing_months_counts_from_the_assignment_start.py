"""The months a report is owed for, as pure functions: start month included, current month never missing."""

import datetime as dt

from dampingan.visits.months import CURRENT, MISSING, add_months, missing_months, month_states, months_between

D = dt.date


def test_an_assignment_starting_mid_month_owes_a_report_for_that_month():
    months = months_between(D(2024, 3, 20), D(2024, 5, 2))

    assert months == [D(2024, 3, 1), D(2024, 4, 1), D(2024, 5, 1)]


def test_months_run_across_the_year_boundary():
    assert months_between(D(2024, 11, 15), D(2025, 2, 1)) == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
        D(2025, 2, 1),
    ]
    assert add_months(D(2024, 12, 1), 1) == D(2025, 1, 1)
    assert add_months(D(2025, 1, 1), -1) == D(2024, 12, 1)
    assert add_months(D(2025, 1, 1), -13) == D(2023, 12, 1)


def test_a_start_after_today_owes_nothing():
    assert months_between(D(2025, 7, 1), D(2025, 6, 30)) == []
    assert missing_months(D(2025, 7, 1), D(2025, 6, 30), []) == []


def test_the_current_month_is_not_missing_until_it_is_over():
    # Given an assignment from 20 Nov 2024, reports for Nov and Jan, and today 10 Mar 2025
    reported = [D(2024, 11, 1), D(2025, 1, 1)]

    missing = missing_months(D(2024, 11, 20), D(2025, 3, 10), reported)

    # Then December and February are missing; March runs on and is not
    assert missing == [D(2024, 12, 1), D(2025, 2, 1)]


def test_reported_months_may_be_any_day_of_the_month():
    assert missing_months(D(2025, 1, 31), D(2025, 3, 1), [D(2025, 1, 17), D(2025, 2, 28)]) == []


def test_an_assignment_that_started_this_month_has_nothing_missing():
    assert missing_months(D(2025, 3, 3), D(2025, 3, 31), []) == []


def test_month_states_are_newest_first_and_mark_missing_and_current():
    states = month_states(D(2024, 12, 5), D(2025, 2, 14), {D(2025, 1, 1): "submitted"})

    assert [(s.month, s.status) for s in states] == [
        (D(2025, 2, 1), CURRENT),
        (D(2025, 1, 1), "submitted"),
        (D(2024, 12, 1), MISSING),
    ]
    assert [s.is_missing for s in states] == [False, False, True]


def test_a_report_for_the_current_month_shows_its_status_not_current():
    states = month_states(D(2025, 2, 1), D(2025, 2, 14), {D(2025, 2, 1): "draft"})

    assert [s.status for s in states] == ["draft"]


def test_last_keeps_only_the_newest_months():
    states = month_states(D(2020, 1, 1), D(2025, 6, 30), {}, last=6)

    assert [s.month for s in states] == [D(2025, m, 1) for m in (6, 5, 4, 3, 2, 1)]
    assert month_states(D(2020, 1, 1), D(2025, 6, 30), {}, last=0) == []
