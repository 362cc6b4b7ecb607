"""An action item without an owner, with two owners, without a due date, with a kelurahan outside the
meeting's region, or closed without a note is refused with a message that names the problem; nothing is
saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dampingan.coordination import action_items
from dampingan.coordination.models import ActionItem, ActionItemUpdate
from dampingan.interventions.models import Partner
from dampingan.regions.models import Region

from .action_helpers import BANYURIP, JENGGOT, MEDONO, catur_pilar, item_for, opd


@pytest.fixture
def decision(persona):
    return catur_pilar(persona)


def refused(actor, decision, **data) -> dict[str, list[str]]:
    base = {"title": "Verifikasi data RTLH", "due_date": dt.date(2022, 8, 31), "owner_opd": opd("DLH")}
    with pytest.raises(ValidationError) as caught:
        action_items.create_action_item(actor, decision, {**base, **data})
    assert not ActionItem.objects.exists()
    return caught.value.message_dict


def test_no_owner_is_refused(persona, decision):
    errors = refused(persona("camat_selatan"), decision, owner_opd=None)
    assert errors == {"owner": ["Pilih penanggung jawab: satu OPD, satu mitra, atau satu pengguna."]}


def test_two_owners_are_refused_naming_both(persona, decision):
    partner = Partner.objects.get(name="BAZNAS Kota Pekalongan")
    errors = refused(persona("camat_selatan"), decision, owner_partner=partner)
    assert errors["owner"] == [
        "Pilih satu penanggung jawab saja; Anda memilih OPD DLH dan mitra BAZNAS Kota Pekalongan."
    ]


def test_no_due_date_is_refused(persona, decision):
    errors = refused(persona("camat_selatan"), decision, due_date=None)
    assert errors == {"due_date": ["Isi tenggat: tanggal paling lambat tindak lanjut ini harus selesai."]}


def test_a_due_date_before_the_meeting_is_refused(persona, decision):
    errors = refused(persona("camat_selatan"), decision, due_date=dt.date(2022, 7, 6))
    assert errors == {"due_date": ["Tenggat 6 Juli 2022 jatuh sebelum rapat tanggal 7 Juli 2022."]}


def test_a_kelurahan_of_another_kecamatan_is_refused(persona, decision):
    errors = refused(persona("camat_selatan"), decision, kelurahan=Region.objects.get(code=MEDONO))
    assert errors == {
        "kelurahan": [
            "Medono tidak termasuk Pekalongan Selatan, wilayah rapat ini; pilih kelurahan di Pekalongan Selatan."
        ]
    }


def test_the_kecamatan_itself_is_not_a_kelurahan(persona, decision):
    errors = refused(persona("camat_selatan"), decision, kelurahan=Region.objects.get(code="33.75.04"))
    assert list(errors) == ["kelurahan"] and "Pekalongan Selatan" in errors["kelurahan"][0]


def test_every_problem_is_named_at_once(persona, decision):
    errors = refused(persona("camat_selatan"), decision, title=" ", owner_opd=None, due_date=None)
    assert set(errors) == {"title", "owner", "due_date"}


def test_closing_without_a_note_is_refused_and_the_status_stays(persona, decision):
    item = item_for(persona("camat_selatan"), decision, owner=opd("DLH"), due=dt.date(2022, 9, 30), kelurahan=JENGGOT)
    with pytest.raises(ValidationError) as caught:
        action_items.add_update(persona("mentor_dlh"), item, "  ", "selesai")
    item.refresh_from_db()
    assert caught.value.message_dict == {
        "note": ["Tuliskan apa yang sudah dikerjakan, atau alasan pembatalan, sebelum menutup tindak lanjut ini."]
    }
    assert item.status == "terbuka" and not ActionItemUpdate.objects.exists()


def test_an_update_dated_in_the_future_or_with_an_unknown_status_is_refused(persona, decision):
    item = item_for(persona("camat_selatan"), decision, owner=opd("BPBD"), due=dt.date(2022, 9, 30), kelurahan=BANYURIP)
    with pytest.raises(ValidationError) as caught:
        action_items.add_update(
            persona("camat_selatan"), item, "Sudah", "beres", on=timezone.localdate() + dt.timedelta(days=2)
        )
    assert set(caught.value.message_dict) == {"status", "on"}
    assert not ActionItemUpdate.objects.exists()


def test_every_problem_is_named_at_once_in_the_order_of_the_form(persona, decision):
    errors = refused(
        persona("camat_selatan"),
        decision,
        title=" ",
        owner_opd=None,
        due_date=dt.date(2022, 7, 6),
        kelurahan=Region.objects.get(code=MEDONO),
    )
    assert list(errors) == ["title", "owner", "due_date", "kelurahan"]


@pytest.mark.parametrize(
    ("owner", "message"),
    [
        ("owner_opd", "DLH sudah tidak aktif."),
        ("owner_partner", "BAZNAS Kota Pekalongan sudah tidak aktif."),
        ("owner_user", "Akun Pendamping Dindagkop-UKM tidak aktif."),
    ],
)
def test_an_owner_no_longer_active_is_refused_by_name(persona, decision, owner, message):
    chosen = {
        "owner_opd": lambda: opd("DLH"),
        "owner_partner": lambda: Partner.objects.get(name="BAZNAS Kota Pekalongan"),
        "owner_user": lambda: persona("mentor_dindagkop"),
    }[owner]()
    chosen.is_active = False
    chosen.save()

    errors = refused(persona("camat_selatan"), decision, **{"owner_opd": None, owner: chosen})

    assert errors == {"owner": [message]}
