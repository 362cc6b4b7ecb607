"""The TKPK structure over the API: any API user reads the team in force today or on a date, by position;
a date without a team is a 404."""

from __future__ import annotations

import datetime as dt

from dampingan.coordination import tkpk
from dampingan.coordination.tests.action_helpers import opd
from dampingan.coordination.tkpk import Seat, TeamData


def test_the_team_in_force_and_of_a_date(api_as, persona):
    admin = persona("tkpk")
    tkpk.save_team(
        admin,
        None,
        TeamData(
            "050/7/2021",
            dt.date(2021, 3, 1),
            valid_until=dt.date(2024, 12, 31),
            seats=[Seat("ketua", "Wakil Wali Kota Pekalongan", person_name="Salahudin")],
        ),
    )
    current = tkpk.save_team(
        admin,
        None,
        TeamData(
            "400.9/123/2025",
            dt.date(2025, 1, 1),
            working_groups=["Pokja Data"],
            seats=[
                Seat("ketua", "Wakil Wali Kota Pekalongan", person_name="Balgis Diab"),
                Seat("sekretaris", "Kepala Bapperida", opd=opd("Bapperida")),
                Seat("ketua_pokja", "Kepala Dinsos-P2KB", working_group="Pokja Data", opd=opd("Dinsos-P2KB")),
                Seat("anggota_pokja", "Admin TKPK", working_group="Pokja Data", user=admin),
            ],
        ),
    )
    client = api_as("viewer")

    today = client.get("/api/tkpk/team").json()
    assert today["id"] == current.pk and today["ketua"]["holder"] == "Balgis Diab"
    assert today["sekretaris"]["opd"] == "Bapperida" and today["wakil_ketua"] is None
    assert [(g["name"], len(g["members"])) for g in today["working_groups"]] == [("Pokja Data", 1)]
    assert today["working_groups"][0]["head"]["opd"] == "Dinsos-P2KB"
    assert today["working_groups"][0]["members"][0]["username"] == "tkpk"

    then = client.get("/api/tkpk/team", {"date": "2022-07-07"}).json()
    assert then["decree_number"] == "050/7/2021" and then["ketua"]["holder"] == "Salahudin"
    assert client.get("/api/tkpk/team", {"date": "2019-01-01"}).status_code == 404
    periods = client.get("/api/tkpk/teams").json()
    assert [p["decree_number"] for p in periods] == ["400.9/123/2025", "050/7/2021"]
    assert client.get(f"/api/tkpk/teams/{current.pk}").json()["sekretaris"]["office"] == "Kepala Bapperida"
