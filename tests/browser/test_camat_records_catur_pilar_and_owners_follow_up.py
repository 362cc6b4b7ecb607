"""The camat of Pekalongan Selatan records the Catur Pilar of 7 July 2022 with its six
OPDs, two decisions and three action items; the DLH mentor sees its item on its home page and closes it;
the TKPK admin sees the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dampingan.coordination.models import ActionItem, ActionStatus, Meeting, MeetingStatus
from dampingan.demo.services import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIX_OPDS = {"DLH", "BPBD", "Dinarpus", "Dinperpa", "Dindagkop-UKM", "DPMPPA"}


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo without the seeds' meetings: the camat records the Catur Pilar itself here."""
    load_demo(region_roots=["33.75"], registry_persons=0, coordination=False)
    return live_server


def add_action_item(page, decision_number: int, title: str, opd: str, kelurahan: str, due: dt.date) -> None:
    page.locator(f"#keputusan-{decision_number} [data-action=add-action-item]").click()
    form = page.locator("main form")
    form.locator("[name=title]").fill(title)
    form.locator("[name=owner_opd]").select_option(label=next(o for o in _opd_labels(form) if o.startswith(opd)))
    form.locator("[name=kelurahan]").select_option(label=kelurahan)
    form.locator("[name=due_date]").fill(due.isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def _opd_labels(form) -> list[str]:
    return [o.strip() for o in form.locator("[name=owner_opd] option").all_inner_texts()]


def test_catur_pilar_is_recorded_followed_up_and_overdue_items_reach_the_tkpk(login, screenshot, demo_site):
    today = timezone.localdate()
    base = demo_site.url

    # The camat records the meeting from the meetings page, on a phone.
    camat = login("camat.selatan", width=390, height=844)
    camat.goto(f"{base}/rapat/")
    camat.locator("[data-action=new-meeting]").click()
    form = camat.locator("#meeting-form")
    assert form.locator("[name=kind]").input_value() == "catur_pilar"
    assert form.locator("[name=region]").input_value() == "33.75.04"
    form.locator("[name=title]").fill("Pertemuan Catur Pilar Kecamatan Pekalongan Selatan 2022")
    form.locator("[name=date]").fill("2022-07-07")
    form.locator("[name=start_time]").fill("09:00")
    form.locator("[name=end_time]").fill("12:00")
    form.locator("[name=venue]").fill("Aula Kecamatan Pekalongan Selatan")
    form.locator("[name=chair]").fill("Rusmani Budiharjo, Camat Pekalongan Selatan")
    form.locator("[name=theme]").fill(
        "Strategi dan Arah Kebijakan Penanggulangan Kemiskinan melalui Program Satu Perangkat Daerah "
        "Satu Kelurahan Dampingan"
    )
    form.locator("[name=mentoring_opds]").check()
    form.locator("#body-each-lurah").check()
    for body in ("tp_pkk", "lpm", "bkm", "faskel", "karang_taruna"):
        form.locator(f"#body-here-{body}").check()
    form.locator("[name=speakers]").fill(
        "Aminuddin Aziz — Ketua Komisi C DPRD Kota Pekalongan — Dukungan DPRD\n"
        "Indah Budiarti — Kabid Pemerintahan & Pembangunan Manusia Bappeda — Arah kebijakan"
    )
    screenshot(camat, "camat-phone-catur-pilar-form")
    form.locator("[data-action=save-meeting]").click()
    camat.wait_for_load_state()

    meeting = Meeting.objects.get()
    assert camat.url.endswith(f"/rapat/{meeting.pk}/")
    invited = camat.locator("#invited").inner_text()
    for opd in SIX_OPDS:
        assert opd in invited
    assert {p.opd.abbreviation for p in meeting.participants.filter(opd__isnull=False)} == SIX_OPDS

    # Attendance: everyone invited came.
    camat.locator("[data-action=attendance]").click()
    attendance = camat.locator("#attendance-form")
    for box in attendance.locator("input[name=attended]").all():
        box.check()
    attendance.locator("[data-action=save-attendance]").click()
    camat.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert not meeting.participants.filter(attended=False).exists()

    # Two decisions.
    for text in (
        "Setiap OPD pendamping memetakan masalah dan potensi kelurahan dampingannya.",
        "Pemasaran daring perajin batik dan produk Kampung Tempe didorong bersama.",
    ):
        camat.locator("[data-action=add-decision]").click()
        camat.locator("main form [name=text]").fill(text)
        camat.locator("main form button[type=submit]").click()
        camat.wait_for_load_state()
    assert camat.locator("article.decision").count() == 2

    # Three action items: two already overdue, one due soon.
    add_action_item(camat, 1, "Peta masalah dan potensi Kelurahan Jenggot", "DLH", "Jenggot", dt.date(2022, 8, 31))
    camat.goto(f"{base}/rapat/{meeting.pk}/")
    add_action_item(camat, 1, "Peta masalah dan potensi Kelurahan Banyurip", "BPBD", "Banyurip", dt.date(2022, 8, 31))
    camat.goto(f"{base}/rapat/{meeting.pk}/")
    add_action_item(
        camat,
        2,
        "Pelatihan pemasaran daring perajin tempe",
        "Dindagkop-UKM",
        "Kuripan Kertoharjo",
        today + dt.timedelta(days=10),
    )
    assert ActionItem.objects.count() == 3
    camat.goto(f"{base}/rapat/{meeting.pk}/")
    assert camat.locator("[data-action=add-action-item]").count() == 2
    screenshot(camat, "camat-phone-catur-pilar-detail")

    # The DLH mentor finds its item on its home page and closes it.
    mentor = login("mentor.dlh")
    mine = mentor.locator("#my-overdue")
    assert "Kelurahan Jenggot" in mine.inner_text()
    assert "Banyurip" not in mentor.locator("#my-action-items").inner_text()
    screenshot(mentor, "mentor-dlh-home-action-item")
    mine.locator("a", has_text="Kelurahan Jenggot").click()
    update = mentor.locator("#update-form")
    update.locator("[name=note]").fill("Peta masalah dan potensi Jenggot selesai dan diunggah ke Dampingan.")
    update.locator("[name=status]").select_option("selesai")
    update.locator("[data-action=add-update]").click()
    mentor.wait_for_selector("#follow-up >> text=Peta masalah dan potensi Jenggot selesai")
    dlh = ActionItem.objects.get(owner_opd__abbreviation="DLH")
    assert dlh.status == ActionStatus.DONE and dlh.completed_on == today
    mentor.goto(f"{base}/")
    assert mentor.locator("#my-overdue").count() == 0 or "Jenggot" not in mentor.locator("#my-overdue").inner_text()

    # The TKPK admin sees what is still overdue city-wide: BPBD's item, not DLH's closed one.
    tkpk = login("tkpk")
    overdue = tkpk.locator("#run-overdue-list").inner_text()
    assert "Banyurip" in overdue and "BPBD" in overdue
    assert "Jenggot" not in overdue
    tkpk.locator("[data-action=all-overdue]").click()
    tkpk.wait_for_load_state()
    listed = tkpk.locator("main table").inner_text()
    assert "Banyurip" in listed and "Jenggot" not in listed
    screenshot(tkpk, "tkpk-overdue-action-items")
