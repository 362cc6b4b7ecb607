"""Key journey: the DLH mentor of Jenggot opens its profile, records a baseline problem with
registry evidence and a potential, logs a visit and submits a monthly report; the TKPK admin sees it
beside the other five kelurahan of Pekalongan Selatan and runs the matcher."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dampingan.accounts.models import User
from dampingan.baseline.models import Potential, Problem
from dampingan.registry import imports
from dampingan.registry.services import approve_release
from dampingan.registry.synth import synth_registry
from dampingan.visits.models import MonthlyReport, Visit

pytestmark = pytest.mark.browser
JENGGOT = "33.75.04.1004"
SELATAN = {f"33.75.04.{s}" for s in ("1002", "1003", "1004", "1006", "1008", "1010")}


@pytest.fixture
def current_release(demo_site):
    plan = imports.plan_import(synth_registry(3000, "33.75", seed=6).write_csv().encode(), "dtks.csv")
    release = imports.run_import(User.objects.get(username="operator.dinsos"), plan, source="dtks")
    return approve_release(User.objects.get(username="tkpk"), release, sk_number="1/2025", sk_date=dt.date(2025, 4, 4))


def open_details(page, selector: str) -> None:
    if page.locator(selector).get_attribute("open") is None:
        page.locator(f"{selector} > summary").click()


def test_mentor_records_and_the_tkpk_compares(login, demo_site, current_release, screenshot):
    page = login("mentor.dlh")

    page.locator(f"#work-area [data-region='{JENGGOT}'] a").first.click()
    page.wait_for_selector("#registry-situation")
    toilets = int(page.locator("[data-indicator=no_own_toilet] [data-value]").get_attribute("data-value"))

    page.locator("[data-action=add-problem]").click()
    open_details(page, "#add-problem")
    form = page.locator("#add-problem form")
    form.locator("[name=title]").fill("Banyak rumah tangga tanpa jamban sendiri")
    form.locator("[name=category]").select_option("perumahan")
    form.locator("[name=severity]").select_option("3")
    form.locator("[name=priority]").fill("1")
    form.locator("[name=description]").fill("Warga RW 05 memakai jamban umum di tepi sungai.")
    form.locator("[name=root_cause]").fill("Lahan sempit dan biaya sambungan septik.")
    form.locator("[name=evidence_indicator]").select_option("no_own_toilet")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    problem = Problem.objects.get(kelurahan_id=JENGGOT)
    assert (problem.evidence_value, problem.evidence_release_id) == (toilets, current_release.pk)

    page.goto(f"{demo_site.url}/kelurahan/{JENGGOT}/potensi/")
    open_details(page, "#add-potential")
    form = page.locator("#add-potential form")
    form.locator("[name=name]").fill("Batik tulis Jenggot")
    form.locator("[name=sector]").select_option("batik")
    form.locator("[name=enterprises]").fill("14")
    form.locator("[name=workers]").fill("60")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Potential.objects.get(kelurahan_id=JENGGOT).workers == 60

    page.goto(f"{demo_site.url}/kelurahan/{JENGGOT}/kunjungan/")
    open_details(page, "#add-visit")
    form = page.locator("#add-visit form")
    form.locator("[name=date]").fill(timezone.localdate().isoformat())
    form.locator("[name=activity]").fill("Pemetaan jamban bersama LPM dan TP-PKK")
    form.locator("[name=findings]").fill("23 rumah tangga di RW 05 memakai jamban umum.")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert Visit.objects.get(kelurahan_id=JENGGOT).activity.startswith("Pemetaan jamban")

    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    page.goto(f"{demo_site.url}/kelurahan/{JENGGOT}/laporan-bulanan/{last_month:%Y-%m}/")
    report_form = page.locator("#report-form")
    report_form.locator("[name=summary]").fill("Pemetaan jamban selesai; usulan 23 jamban ke Disperkim.")
    report_form.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert MonthlyReport.objects.get(kelurahan_id=JENGGOT, month=last_month).status == "submitted"
    page.goto(f"{demo_site.url}/kelurahan/{JENGGOT}/")
    assert "Banyak rumah tangga tanpa jamban sendiri" in page.locator("#profile-problems").inner_text()
    screenshot(page, "mentor-jenggot-profile")

    tkpk = login("tkpk")
    tkpk.goto(f"{demo_site.url}/laporan-bulanan/")
    grid_regions = set(
        tkpk.locator("#report-grid [data-region]").evaluate_all("rows => rows.map(r => r.dataset.region)")
    )
    assert grid_regions >= SELATAN
    assert (
        tkpk.locator(f"#report-grid [data-region='{JENGGOT}'] [data-month='{last_month:%Y-%m}']").get_attribute(
            "data-status"
        )
        == "submitted"
    )
    assert "Jenggot" in tkpk.locator("#awaiting").inner_text()
    screenshot(tkpk, "tkpk-report-queue")

    tkpk.goto(f"{demo_site.url}/pemetaan/")
    assert tkpk.locator(f"#by-category [data-kelurahan='{JENGGOT}']").count() == 1
    assert (
        set(tkpk.locator("#by-category [data-kelurahan]").evaluate_all("rows => rows.map(r => r.dataset.kelurahan)"))
        >= SELATAN
    )

    tkpk.goto(f"{demo_site.url}/penugasan/")
    tkpk.locator("a[href$='/penugasan/pencocokan/']").first.click()
    tkpk.locator("[data-action=run-matcher]").click()
    tkpk.wait_for_selector("#proposal-table")
    assert re.search(r"\d", tkpk.locator("#total-fit").inner_text())
    assert tkpk.locator("#proposal-table tbody tr").count() >= 6
    screenshot(tkpk, "tkpk-matcher")
