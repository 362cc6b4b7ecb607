"""Key journey: the Dinsos operator uploads a kecamatan's DTKS export as Dinsos keeps it (a title above the
header, labels instead of codes, an empty row, a numeric NIK, an old kelurahan name), reads each finding at
its own row, confirms; the TKPK admin approves the release with its SK; a household shows its percentile."""

from pathlib import Path

import pytest

from dampingan.registry.models import Household, RegistryRelease

pytestmark = pytest.mark.browser

EXPORT = Path(__file__).resolve().parents[2] / "src" / "dampingan" / "registry" / "tests" / "files"
TITLE = "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER APRIL 2022"


@pytest.fixture
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_operator_imports_the_title_row_export_and_the_tkpk_approves_it(login, demo_site, tasks_at_once, screenshot):
    page = login("operator.dinsos")
    page.goto(f"{demo_site.url}/data-terpadu/")
    page.locator("[data-action=import-registry]").click()
    page.set_input_files("input[name=file]", str(EXPORT / "dtks_selatan_judul.xlsx"))
    page.locator("[data-action=upload]").click()

    page.wait_for_selector("[data-status=validated]")
    assert TITLE in page.locator("#file-title").inner_text()
    assert "baris 3" in page.locator("#file-title").inner_text()
    assert "NO, KETERANGAN" in page.locator("#ignored-columns").inner_text()
    issues = page.locator("#first-issues").inner_text()
    assert "baris 12, kolom PENDIDIKAN TERTINGGI" in issues and "3 = SLTA/Sederajat" in issues
    assert "baris 57, kolom NIK" in issues and "disimpan sebagai angka oleh Excel" in issues
    assert "baris 74, kolom DESA/KELURAHAN" in issues and "Duwet dibaca sebagai kelurahan Sokoduwet" in issues
    screenshot(page, "operator-export-checked")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "operator-export-checked-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.locator("[data-action=confirm]").click()
    page.wait_for_selector("[data-status=imported]")
    release = RegistryRelease.objects.get()
    assert (release.status, release.household_count, release.member_count) == ("draft", 22, 67)

    admin = login("tkpk")
    admin.goto(f"{demo_site.url}/data-terpadu/rilis/")
    row = admin.locator(f"[data-release='{release.pk}']")
    assert TITLE in row.locator("[data-file-title]").inner_text()
    row.locator("input[name=sk_number]").fill("400.9/123/2022")
    row.locator("input[name=sk_date]").fill("2022-04-04")
    row.locator("button[type=submit]").click()
    admin.wait_for_selector(f"[data-release='{release.pk}'][data-status=current]")
    screenshot(admin, "tkpk-release-approved")
    release.refresh_from_db()
    assert (release.status, release.sk_number, release.approved_by.username) == ("current", "400.9/123/2022", "tkpk")

    household = Household.objects.get(release=release, registry_id="3375041003001")
    admin.goto(f"{demo_site.url}/data-terpadu/rumah-tangga/{household.pk}/")
    assert admin.locator("[data-percentile]").inner_text() == "(persentil 29)"
    assert admin.locator("[data-desil]").inner_text() == "Desil 3"
    members = admin.locator("#members").inner_text()
    assert "Kepala" in members and "Istri/suami" in members and "Buruh/karyawan/pegawai swasta" in members
