"""In a browser: the DLH mentor generates its OPD mentoring report for 2022, the TKPK reviews it,
the OPD approves it, and a later change to the records shows as a difference instead of moving the figures."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from docx import Document

from dampingan.coordination.models import ActionItem, ActionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def docx_tables(page, base: str) -> list[str]:
    """The text of every table cell of the newest DOCX on the report page."""
    href = page.locator("#files a[data-format=docx]").first.get_attribute("href")
    document = Document(io.BytesIO(page.context.request.get(base + href).body()))
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def test_dlh_report_is_generated_reviewed_approved_and_frozen(login, demo_site, screenshot):
    mentor = login("mentor.dlh")
    mentor.goto(f"{demo_site.url}/laporan/")
    form = mentor.locator("[data-form=request-opd_mentoring]")
    form.locator("select[name=year]").select_option("2022")
    form.locator("[data-action=request]").click()
    mentor.wait_for_selector("#files a[data-format=docx]")
    report_url = mentor.url

    cells = docx_tables(mentor, demo_site.url)
    assert "Menyusun peta masalah dan potensi Kelurahan Jenggot" in cells
    assert "Terbuka" in cells
    assert mentor.locator("#files a[data-format=xlsx]").count() == 1
    assert mentor.locator("#files a[data-format=pdf]").count() == 1
    assert mentor.locator("[data-action=approve]").count() == 0  # the TKPK reviews first

    tkpk = login("tkpk")
    tkpk.goto(report_url)
    tkpk.locator("[data-action=review]").click()
    tkpk.wait_for_load_state()
    assert tkpk.locator("[data-action=approve]").count() == 0  # the OPD approves its own report

    mentor.goto(report_url)
    mentor.locator("[data-action=approve]").click()
    mentor.wait_for_load_state()
    screenshot(mentor, "mentor-dlh-report-approved")

    # The DLH closes its item after approval: the approved report keeps its figures, the difference shows.
    item = ActionItem.objects.get(owner_opd__abbreviation="DLH")
    item.status, item.completed_on = ActionStatus.DONE, timezone.localdate()
    item.save()
    mentor.goto(report_url)
    assert docx_tables(mentor, demo_site.url) == cells
    mentor.locator("[data-action=difference]").click()
    mentor.wait_for_load_state()
    changes = mentor.locator("#changes").inner_text()
    assert "Terbuka" in changes and "Selesai" in changes
    screenshot(mentor, "mentor-dlh-report-difference")
