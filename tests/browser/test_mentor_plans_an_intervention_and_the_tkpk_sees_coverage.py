"""Key journey: the Dindagkop-UKM mentor of Kuripan Kertoharjo plans a business-capital
intervention for tempe makers with a CSR partner, adds 20 beneficiaries from the desil 1-2 list and 5 by
spreadsheet (one not in the registry, flagged), reports progress; the TKPK admin sees coverage rise and
the uncovered list shrink."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.utils import timezone

from dampingan.accounts.models import User
from dampingan.interventions.models import Beneficiary, BudgetLine, Intervention, ProgressReport
from dampingan.registry import imports
from dampingan.registry.models import Member
from dampingan.registry.services import approve_release
from dampingan.registry.synth import synth_registry

pytestmark = pytest.mark.browser
KURIPAN_KERTOHARJO = "33.75.04.1006"
CSR_PARTNER = "PT Sinar Tempe Nusantara (contoh)"


@pytest.fixture
def current_release(demo_site):
    plan = imports.plan_import(synth_registry(6000, "33.75", seed=8).write_csv().encode(), "dtks.csv")
    release = imports.run_import(User.objects.get(username="operator.dinsos"), plan, source="dtks")
    return approve_release(User.objects.get(username="tkpk"), release, sk_number="1/2025", sk_date=dt.date(2025, 4, 4))


def targeting_numbers(page, site) -> tuple[str, int]:
    page.goto(f"{site.url}/intervensi/sasaran/?kelurahan={KURIPAN_KERTOHARJO}")
    coverage = page.locator("[data-measure=coverage] strong").inner_text()
    uncovered = int(re.sub(r"\D", "", page.locator("[data-measure=uncovered] strong").inner_text()))
    return coverage, uncovered


def spreadsheet(niks: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["NIK", "Nama"])
    for nik in niks:
        sheet.cell(row=sheet.max_row + 1, column=1, value=nik).number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_tempe_makers_are_reached_and_the_tkpk_sees_it(login, demo_site, current_release, tmp_path, screenshot):
    tkpk = login("tkpk")
    coverage_before, uncovered_before = targeting_numbers(tkpk, demo_site)
    assert coverage_before in {"0,0 %", "0.0 %"} and uncovered_before > 25

    page = login("mentor.dindagkop")
    page.goto(f"{demo_site.url}/kelurahan/{KURIPAN_KERTOHARJO}/")
    page.locator("[data-action=plan-intervention]").click()
    page.fill("input[name=title]", "Modal usaha perajin tempe Kuripan Kertoharjo")
    page.fill("textarea[name=description]", "Modal bergulir dan pendampingan usaha bagi perajin tempe desil 1-2.")
    page.select_option("select[name=kind]", "modal_usaha")
    page.select_option("select[name=strategy]", "tingkatkan_pendapatan")
    page.select_option("select[name=cluster]", "3")
    page.fill("input[name=start_date]", (timezone.localdate() - dt.timedelta(days=30)).isoformat())
    page.get_by_label(CSR_PARTNER).check()
    page.fill("input[name='targets-0-description']", "Perajin tempe menerima modal")
    page.fill("input[name='targets-0-target']", "25")
    page.fill("input[name='targets-0-unit']", "orang")
    page.click("#intervention-form button[type=submit]")
    page.wait_for_load_state()
    intervention = Intervention.objects.get(title__startswith="Modal usaha perajin tempe")
    detail = f"{demo_site.url}/intervensi/{intervention.pk}/"

    page.goto(detail + "anggaran/")
    page.select_option("select[name=source]", "csr")
    page.select_option("select[name=partner]", label=f"{CSR_PARTNER} (Perusahaan)")
    page.fill("input[name=planned]", "50.000.000")
    page.fill("input[name=realised]", "12.500.000")
    page.click("#line-form button[value=save]")
    page.wait_for_load_state()
    line = BudgetLine.objects.get(intervention=intervention)
    assert (line.source, line.partner.name, str(line.planned)) == ("csr", CSR_PARTNER, "50000000.00")

    page.goto(detail + "penerima/tambah/?desil=1&desil=2")
    boxes = page.locator("#add-form input[name=household]")
    for index in range(20):
        boxes.nth(index).check()
    page.locator("#start select[name=status]").select_option("aktif")
    page.locator("[data-action=add-ticked]").click()
    page.wait_for_load_state()
    assert Beneficiary.objects.filter(intervention=intervention, household__isnull=False).count() == 20

    linked = Beneficiary.objects.filter(intervention=intervention).values("household_id")
    members = (
        Member.objects.filter(release=current_release, kelurahan_id=KURIPAN_KERTOHARJO, nik__isnull=False)
        .exclude(household_id__in=linked)
        .order_by("household_id")
        .distinct()
    )
    niks = []
    for member in members:
        if member.household_id not in {m for _, m in niks}:
            niks.append((member.nik, member.household_id))
        if len(niks) == 4:
            break
    stranger = "3375045508900001"  # valid form, not in the registry
    path = tmp_path / "perajin_tempe.xlsx"
    path.write_bytes(spreadsheet([n for n, _ in niks] + [stranger]))
    page.goto(detail + "penerima/impor/")
    page.set_input_files("#import-form input[name=file]", str(path))
    page.locator("#import-form select[name=status]").select_option("aktif")
    page.locator("#import-form button[value=preview]").click()
    page.wait_for_selector("#match-rows")
    assert page.locator("[data-flag-count=not_in_registry]").inner_text().endswith("1")
    assert page.locator("#match-rows [data-flag=not_in_registry]").count() == 1
    screenshot(page, "mentor-beneficiary-import-preview")
    page.locator("[data-action=confirm]").click()
    page.wait_for_load_state()
    assert Beneficiary.objects.filter(intervention=intervention).count() == 25
    outsider = Beneficiary.objects.get(intervention=intervention, nik=stranger)
    assert outsider.household_id is None and "not_in_registry" in outsider.flags

    page.goto(detail + "kemajuan/")
    page.fill("input[name=physical_percent]", "40")
    page.fill("input[name=budget_realised]", "12.500.000")
    page.locator("input[name^=output_]").first.fill("25")
    page.fill("textarea[name=narrative]", "Dua puluh lima perajin menerima modal tahap pertama.")
    page.click("#progress-form button[type=submit]")
    page.wait_for_load_state()
    assert ProgressReport.objects.get(intervention=intervention).physical_percent == 40
    screenshot(page, "mentor-intervention-progress")

    coverage_after, uncovered_after = targeting_numbers(tkpk, demo_site)
    assert coverage_after != coverage_before
    assert uncovered_after <= uncovered_before - 20
    screenshot(tkpk, "tkpk-targeting-kuripan-kertoharjo")
