"""Key journey: the Dinsos operator uploads a dirty registry file, reads the errors, downloads the report,
maps a renamed column, confirms, and — once the TKPK admin approved it — finds a household by NIK."""

import datetime as dt

import pytest

from dampingan.accounts.models import User
from dampingan.lib.spreadsheets import write_xlsx
from dampingan.registry.models import Member, RegistryRelease
from dampingan.registry.services import approve_release
from dampingan.registry.synth import synth_registry

pytestmark = pytest.mark.browser


@pytest.fixture
def tasks_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_operator_uploads_maps_confirms_and_finds_a_household(login, demo_site, tasks_at_once, tmp_path, screenshot):
    frame = synth_registry(1500, "33.75", seed=21, dirty_share=0.02).rename({"NIK": "No Induk Penduduk"})
    path = tmp_path / "dtks_kotor.xlsx"
    path.write_bytes(write_xlsx({"DTKS": frame}))
    page = login("operator.dinsos")

    page.goto(f"{demo_site.url}/data-terpadu/")
    page.locator("[data-action=import-registry]").click()
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=sk_number]", "460/15/2025")
    page.locator("[data-action=upload]").click()

    page.wait_for_selector("[data-status=needs_mapping]")
    page.select_option("select[name=map_nik]", "No Induk Penduduk")
    page.locator("[data-action=map]").click()
    page.wait_for_selector("[data-status=validated]")
    issues = page.locator("#first-issues").inner_text()
    assert "dtks_kotor.xlsx, baris" in issues and "kolom No Induk Penduduk" in issues
    with page.expect_download() as download:
        page.locator("[data-action=report]").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    screenshot(page, "operator-upload-checked")

    page.locator("[data-action=confirm]").click()
    page.wait_for_selector("[data-status=imported]")
    release = RegistryRelease.objects.get()
    assert release.status == "draft" and release.member_count > 1000

    approve_release(User.objects.get(username="tkpk"), release, sk_number="460/15/2025", sk_date=dt.date(2025, 4, 4))
    member = Member.objects.filter(release=release, nik__isnull=False).order_by("pk").first()
    page.goto(f"{demo_site.url}/data-terpadu/")
    page.fill("input[name=q]", member.nik)
    page.locator("main form[role=search] button").click()
    page.locator(f"[data-household='{member.household_id}'] a").click()
    assert member.name in page.locator("#members").inner_text()
    screenshot(page, "operator-household")
