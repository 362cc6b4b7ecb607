"""The TKPK structure: the TKPK admin records a team from its decree — ketua, wakil ketua, sekretaris, pokja
with their heads and members, drawn from users, OPDs, partners or typed names — and everyone logged in
reads the team in force (or of a date). One ketua per team, one head per pokja, pokja seats inside a pokja,
periods that do not overlap: refused with the seat named, by the service and by the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dampingan.coordination import tkpk
from dampingan.coordination.models import TkpkMember, TkpkTeam
from dampingan.coordination.tkpk import Seat, TeamData
from dampingan.interventions.models import Partner

from .action_helpers import opd

POKJA = ["Pokja Pendataan dan Sistem Informasi", "Pokja Pengembangan Kemitraan"]


def seats(persona) -> list[Seat]:
    return [
        Seat("ketua", "Wakil Wali Kota Pekalongan", person_name="Balgis Diab"),
        Seat("wakil_ketua", "Sekretaris Daerah", person_name="Nur Priyantomo"),
        Seat("sekretaris", "Kepala Bapperida", opd=opd("Bapperida")),
        Seat("ketua_pokja", "Kepala Dinsos-P2KB", working_group=POKJA[0], opd=opd("Dinsos-P2KB")),
        Seat("anggota_pokja", "Admin TKPK", working_group=POKJA[0], user=persona("tkpk")),
        Seat(
            "anggota_pokja",
            "Mitra zakat",
            working_group=POKJA[1],
            partner=Partner.objects.get(name="BAZNAS Kota Pekalongan"),
        ),
        Seat("anggota", "Camat Pekalongan Selatan", user=persona("camat_selatan")),
    ]


def data(persona, **changes) -> TeamData:
    base = {
        "decree_number": "400.9/123/2025",
        "decree_date": dt.date(2025, 1, 20),
        "valid_from": dt.date(2025, 2, 1),
        "working_groups": POKJA,
        "seats": seats(persona),
    }
    return TeamData(**{**base, **changes})


def test_the_team_in_force_shows_by_position_to_everyone(persona, client_as):
    old = tkpk.save_team(
        persona("tkpk"),
        None,
        data(
            persona,
            decree_number="050/7/2021",
            valid_from=dt.date(2021, 3, 1),
            valid_until=dt.date(2025, 1, 31),
            seats=[Seat("ketua", "Wakil Wali Kota Pekalongan", person_name="Salahudin")],
        ),
    )
    tkpk.save_team(persona("tkpk"), None, data(persona))

    page = client_as("viewer").get("/tkpk/")
    html = page.content.decode()
    structure = page.context["structure"]
    assert page.status_code == 200 and "400.9/123/2025" in html and "berlaku" in html
    assert structure.ketua.person_name == "Balgis Diab" and structure.sekretaris.opd.abbreviation == "Bapperida"
    assert [g.group.name for g in structure.working_groups] == POKJA
    assert structure.working_groups[0].head.office == "Kepala Dinsos-P2KB"
    assert [m.holder for m in structure.working_groups[0].members] == ["Admin TKPK (Bapperida)"]
    assert [m.holder for m in structure.members] == ["Camat Pekalongan Selatan"]
    assert f'href="/tkpk/periode/{old.pk}/"' in html  # the other period, listed

    on_date = client_as("mentor_dlh").get("/tkpk/", {"tanggal": "2023-06-01"})
    assert on_date.context["team"] == old and "Salahudin" in on_date.content.decode()
    assert client_as("lurah_banyurip").get("/tkpk/", {"tanggal": "2020-01-01"}).context["team"] is None


def test_only_the_tkpk_admin_records_the_team(persona, client_as, client):
    with pytest.raises(PermissionDenied):
        tkpk.save_team(persona("camat_selatan"), None, data(persona))
    assert client_as("camat_selatan").get("/tkpk/baru/").status_code == 403
    assert client_as("viewer").get("/tkpk/baru/").status_code == 403
    assert client_as("tkpk").get("/tkpk/baru/").status_code == 200
    assert client.get("/tkpk/").status_code == 302  # to the login page
    assert not TkpkTeam.objects.exists()


def refused(persona, **changes) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        tkpk.save_team(persona("tkpk"), None, data(persona, **changes))
    assert not TkpkTeam.objects.filter(decree_number=changes.get("decree_number", "400.9/123/2025")).exists()
    return caught.value.message_dict


def test_a_second_ketua_is_refused_naming_both_seats(persona):
    errors = refused(persona, seats=[*seats(persona), Seat("ketua", "Wali Kota", person_name="A. Afzan")])
    assert errors == {"seats": ["Kursi 8: tim sudah punya ketua (kursi 1); satu tim hanya punya satu."]}


def test_pokja_seats_need_a_pokja_of_the_team(persona):
    errors = refused(
        persona,
        seats=[
            Seat("anggota_pokja", "Kepala DLH", opd=opd("DLH")),
            Seat("ketua_pokja", "Kepala DLH", working_group="Pokja Lingkungan", opd=opd("DLH")),
            Seat("ketua_pokja", "Kepala Dinsos", working_group=POKJA[0], opd=opd("Dinsos-P2KB")),
            Seat("ketua_pokja", "Kepala Dindukcapil", working_group=POKJA[0], opd=opd("Dindukcapil")),
            Seat("sekretaris", "Kepala Bapperida", working_group=POKJA[1], opd=opd("Bapperida")),
            Seat("anggota", ""),
        ],
    )
    assert errors["seats"] == [
        "Kursi 1: kursi sebagai anggota pokja perlu kelompok kerjanya (pokja).",
        "Kursi 2: kelompok kerja “Pokja Lingkungan” tidak termasuk kelompok kerja tim ini.",
        "Kursi 4: kelompok kerja “Pokja Pendataan dan Sistem Informasi” sudah punya ketua (kursi 3).",
        "Kursi 5: hanya ketua dan anggota pokja yang masuk kelompok kerja; kosongkan untuk sekretaris.",
        "Kursi 6: isi jabatannya.",
    ]


def test_decree_and_period_are_checked(persona):
    tkpk.save_team(persona("tkpk"), None, data(persona))
    errors = refused(persona, decree_number=" ", valid_from=None, working_groups=[*POKJA, POKJA[0]], seats=[])
    assert set(errors) == {"decree_number", "valid_from", "working_groups"}
    overlap = refused(persona, decree_number="400.9/200/2026", valid_from=dt.date(2026, 1, 1))
    assert overlap == {
        "valid_from": [
            "Masa ini bertumpang tindih dengan tim keputusan 400.9/123/2025 (1 Februari 2025 - tanpa batas waktu). "
            "Isi dulu tanggal akhir tim itu, atau ubah masa ini."
        ]
    }
    backwards = refused(persona, decree_number="X", valid_from=dt.date(2020, 5, 1), valid_until=dt.date(2020, 4, 1))
    assert backwards == {"valid_until": ["Masa berlaku berakhir sebelum dimulai."]}


def test_the_database_holds_the_same_rules(persona):
    team = tkpk.save_team(persona("tkpk"), None, data(persona))
    with pytest.raises(IntegrityError), transaction.atomic():
        TkpkMember.objects.create(team=team, position="ketua", office="Wali Kota")
    with pytest.raises(IntegrityError), transaction.atomic():
        TkpkMember.objects.create(team=team, position="ketua_pokja", office="Kepala DLH")


def test_the_admin_records_a_team_on_the_page_and_corrects_it(client_as):
    post = {
        "decree_number": "400.9/123/2025",
        "valid_from": "2025-02-01",
        "working_groups": "Pokja Data\r\nPokja Kemitraan",
        "seat-TOTAL_FORMS": "4",
        "seat-INITIAL_FORMS": "0",
        "seat-0-position": "ketua",
        "seat-0-office": "Wakil Wali Kota",
        "seat-0-person_name": "Balgis Diab",
        "seat-2-position": "ketua_pokja",
        "seat-2-office": "Kepala Dinsos-P2KB",
        "seat-2-working_group": "pokja data",
        "seat-2-opd": str(opd("Dinsos-P2KB").pk),
    }
    client = client_as("tkpk")
    response = client.post("/tkpk/baru/", post)
    team = TkpkTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tkpk/periode/{team.pk}/"
    assert list(team.members.values_list("position", "working_group__name")) == [
        ("ketua", None),
        ("ketua_pokja", "Pokja Data"),
    ]

    edit = client.get(f"/tkpk/periode/{team.pk}/ubah/")
    assert edit.status_code == 200 and 'value="Balgis Diab"' in edit.content.decode()
    wrong = client.post(
        f"/tkpk/periode/{team.pk}/ubah/",
        {**post, "seat-1-position": "ketua", "seat-1-office": "Wali Kota", "seat-1-person_name": "A. Afzan"},
    )
    assert wrong.status_code == 422 and "Kursi 2: tim sudah punya ketua (kursi 1)" in wrong.content.decode()
    assert team.members.count() == 2


def test_a_seat_held_by_a_civil_servant_keeps_a_well_formed_nip(persona, api_as):
    # The LP2KD prints the chair's NIP under the name; an elected chair has none.
    errors = refused(
        persona,
        seats=[
            Seat("ketua", "Sekretaris Daerah", person_name="Nur Priyantomo", nip="19700315200003100"),
            Seat("sekretaris", "Kepala Bapperida", person_name="A. Contoh", nip="197013152000031004"),
            Seat("anggota", "Kepala Dinsos-P2KB", person_name="B. Contoh", nip="197003152000033004"),
        ],
    )
    assert errors == {
        "seats": [
            "Kursi 1: NIP terdiri atas 18 angka.",
            "Kursi 2: NIP diawali tanggal lahir (TTTTBBHH) dan bulan pengangkatan (TTTTBB).",
            "Kursi 3: Angka ke-15 NIP adalah jenis kelamin: 1 atau 2.",
        ]
    }

    chair = Seat("ketua", "Sekretaris Daerah", person_name="Nur Priyantomo", nip=" 197003152000031004 ")
    tkpk.save_team(persona("tkpk"), None, data(persona, seats=[chair, *seats(persona)[1:]]))

    assert TkpkMember.objects.get(position="ketua").nip == "197003152000031004"
    assert api_as("viewer").get("/api/tkpk/team").json()["ketua"]["nip"] == "197003152000031004"
