"""The coordination chapter of the kelurahan profile: the meetings held for the kelurahan or its kecamatan
in the year (as the meetings list filters them) and the action items linked to the kelurahan."""

from __future__ import annotations

import datetime as dt

import pytest

from dampingan.access.scope import Scope
from dampingan.coordination import action_items, action_queries, meeting_queries, meetings
from dampingan.coordination.models import MeetingKind, MeetingStatus
from dampingan.coordination.tests.meeting_helpers import at, catur_pilar, musyawarah, rakor, region
from dampingan.mentoring.models import Opd

from .conftest import JENGGOT, docx_table, sheet_rows
from .kelurahan_profile_support import BANYURIP, generate_profile

SELATAN = "33.75.04"


@pytest.fixture
def coordination_2025(persona):
    """Held in 2025: a Catur Pilar of Pekalongan Selatan with an action item for Jenggot, a musyawarah of
    Banyurip (another kelurahan) and the city's rakor with an item for Jenggot; planned only: a second
    Catur Pilar."""
    camat, tkpk = persona("camat_selatan"), persona("tkpk")
    dlh = Opd.objects.get(abbreviation="DLH")
    day = dt.date(2025, 3, 12)
    held = catur_pilar(camat, starts_at=at(day, 9), ends_at=at(day, 12), title="Catur Pilar Selatan 2025")
    decision = meetings.add_decision(camat, held, "Bank sampah diperluas", [region(JENGGOT)])
    action_items.create_action_item(
        camat,
        decision,
        {"title": "Data rumah tangga sasaran", "owner_opd": dlh, "kelurahan": region(JENGGOT), "due_date": day},
    )
    musyawarah(persona("lurah_banyurip"), BANYURIP, starts_at=at(day, 13), ends_at=at(day, 15))
    city = rakor(tkpk)
    city_decision = meetings.add_decision(tkpk, city, "Pendataan ulang", [])
    action_items.create_action_item(
        tkpk,
        city_decision,
        {
            "title": "Verifikasi desil Jenggot",
            "owner_opd": dlh,
            "kelurahan": region(JENGGOT),
            "due_date": dt.date(2025, 12, 1),
        },
    )
    later = dt.date(2025, 11, 5)
    catur_pilar(
        camat,
        starts_at=at(later, 9),
        ends_at=at(later, 12),
        title="Catur Pilar direncanakan",
        status=MeetingStatus.PLANNED,
        kind=MeetingKind.CATUR_PILAR,
    )
    return held


def test_meetings_are_those_held_for_the_kelurahan_or_its_kecamatan(coordination_2025, persona, immediate_tasks):
    report = generate_profile(persona("mentor_dlh"), JENGGOT, 2025)
    listed = meeting_queries.meetings(
        Scope.city_viewer(), meeting_queries.MeetingFilters(region=SELATAN, year=2025, status=MeetingStatus.HELD)
    )
    # The kecamatan's list holds Banyurip's musyawarah too; Jenggot's profile keeps its own kecamatan's
    assert {m.title for m in listed} == {"Catur Pilar Selatan 2025", "Musyawarah Kelurahan"}

    table = docx_table(report, "meetings")

    assert [row[1] for row in table[1:]] == ["Catur Pilar Selatan 2025"]
    assert table[1][0] == "12 Maret 2025" and table[1][3] == "Pekalongan Selatan"
    assert table[1][5] == "1"  # one decision, as the list counts them


def test_action_items_are_the_action_list_filtered_by_the_kelurahan(coordination_2025, persona, immediate_tasks):
    report = generate_profile(persona("mentor_dlh"), JENGGOT, 2025)
    listed = action_queries.action_items(Scope.city_viewer(), action_queries.ActionFilters(kelurahan=JENGGOT))

    rows = sheet_rows(report, "action_items")
    summary = sheet_rows(report, "action_items_summary")

    assert (
        {row[0] for row in rows[1:3]}
        == {item.title for item in listed}
        == {
            "Data rumah tangga sasaran",
            "Verifikasi desil Jenggot",
        }
    )
    assert all(row[1] == "DLH" for row in rows[1:3])
    assert summary[5] == ("Jumlah", 2)  # after done, open, overdue and cancelled


def test_banyurips_profile_has_its_musyawarah_but_no_action_item(coordination_2025, persona, immediate_tasks):
    report = generate_profile(persona("lurah_banyurip"), BANYURIP, 2025)

    titles = [row[1] for row in docx_table(report, "meetings")[1:]]

    assert titles == ["Catur Pilar Selatan 2025", "Musyawarah Kelurahan"]
    assert len(docx_table(report, "action_items")) == 1
