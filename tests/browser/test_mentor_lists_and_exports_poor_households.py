"""Key journey: the DLH mentor lists the poorest households of Jenggot that lack their own toilet,
opens one, and downloads the list — identifiers masked in the page and in the file."""

import datetime as dt
import io
import re

import openpyxl
import pytest

from dampingan.accounts.models import User
from dampingan.registry import imports
from dampingan.registry.models import Household
from dampingan.registry.services import approve_release
from dampingan.registry.synth import synth_registry

pytestmark = pytest.mark.browser
JENGGOT = "33.75.04.1004"


@pytest.fixture
def current_release(demo_site):
    plan = imports.plan_import(synth_registry(3000, "33.75", seed=5).write_csv().encode(), "dtks.csv")
    release = imports.run_import(User.objects.get(username="operator.dinsos"), plan, source="dtks")
    return approve_release(User.objects.get(username="tkpk"), release, sk_number="1/2025", sk_date=dt.date(2025, 4, 4))


def test_mentor_filters_opens_and_downloads_with_masked_identifiers(login, demo_site, current_release, screenshot):
    page = login("mentor.dlh")

    page.goto(f"{demo_site.url}/data-terpadu/")
    page.locator("[data-action=household-list]").click()
    for desil in ("1", "2"):
        page.locator(f"input[name=desil][value='{desil}']").check()
    page.locator("input[name=deprivation][value=no_own_toilet]").check()
    page.locator("#household-filters button[type=submit]").click()
    page.wait_for_selector("#result-count")

    shown = int(re.search(r"\d+", page.locator("#result-count").inner_text()).group())
    expected = [
        h
        for h in Household.objects.filter(release=current_release, kelurahan_id=JENGGOT, toilet_facility__in=(2, 3, 4))
        if h.ranks.first().desil in (1, 2)
    ]
    assert shown == len(expected) > 0
    table = page.locator("#households").inner_text()
    assert not re.search(r"\b\d{16}\b", table)
    screenshot(page, "mentor-household-list")

    with page.expect_download() as download:
        page.locator("[data-export=households-xlsx]").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == shown
    assert not any(re.fullmatch(r"\d{16}", str(cell)) for row in rows for cell in row if cell)

    page.locator("#households tbody tr a").first.click()
    assert "Tidak punya jamban sendiri" in page.locator("#deprivations").inner_text()
