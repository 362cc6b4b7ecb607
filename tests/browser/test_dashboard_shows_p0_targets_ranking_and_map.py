"""The dashboard in a real browser: the TKPK admin sees the P0 series 2015-2024 with its targets (data
table), the kelurahan ranking, and the schematic map of the 27 kelurahan; the page fits a phone."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_registry(demo_site):
    """A small approved synthetic registry, committed so the live server's thread sees it."""
    from dampingan.accounts.models import User
    from dampingan.registry import imports, services
    from dampingan.registry.synth import synth_registry

    plan = imports.plan_import(synth_registry(2000, "33.75", seed=7).write_csv().encode(), "sintetis.csv")
    release = imports.run_import(User.objects.get(username="operator.dinsos"), plan, source="dtks")
    tkpk = User.objects.get(username="tkpk")
    return services.approve_release(tkpk, release, sk_number="DEMO/1", sk_date=dt.date(2025, 4, 4))


def _row_texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("rows => rows.map(r => r.innerText)")


def test_the_tkpk_sees_the_p0_series_with_targets_the_ranking_and_the_map(login, demo_site, demo_registry, screenshot):
    page = login("tkpk")
    page.goto(f"{demo_site.url}/dasbor/")
    page.locator("#p0-chart[data-chart-drawn]").wait_for()

    datasets = page.evaluate(
        "document.querySelector('#p0-chart').chart.data.datasets.map(d => [d.label, !!d.borderDash])"
    )
    assert datasets == [["Realisasi", False], ["Target", True]]
    page.locator("#p0-chart [data-chart-toggle]").click()
    years = {text.split("\t")[0]: text.split("\t")[1:] for text in _row_texts(page, "#p0-chart-table tbody tr")}
    assert years["2015"] == ["8,09", "8,00"] and years["2024"] == ["6,71", "6,50"]

    assert page.locator("#ranking tbody tr").count() == 27
    assert page.locator("#ranking").get_attribute("data-sort") == "-desil"
    assert page.locator("figure.kelurahan-map.schematic").count() == 1
    assert page.locator("figure.kelurahan-map svg g[data-code]").count() == 27
    assert page.locator("figure.kelurahan-map svg g[data-state=value]").count() == 27
    assert page.locator("[data-overdue-count]").get_attribute("data-overdue-count") == "4"
    screenshot(page, "dashboard-desktop-tkpk")

    page.locator("#ranking [data-sort-key=kelurahan]").click()
    page.wait_for_load_state()
    names = page.locator("#ranking tbody th a").all_inner_texts()
    assert names == sorted(names)
    page.locator("#map-indicator").select_option("laporan_kosong")
    page.locator("#map-choice button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("figure.kelurahan-map svg g[data-state=value]").count() == 6  # the assigned kelurahan
    assert page.locator("#ranking").get_attribute("data-sort") == "kelurahan"  # the sort survives


def test_the_dashboard_and_the_public_page_fit_a_phone(login, new_page, demo_site, demo_registry, screenshot):
    page = login("tkpk", width=390, height=844)
    page.goto(f"{demo_site.url}/dasbor/")
    page.locator("#p0-chart[data-chart-drawn]").wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "dashboard-phone-tkpk")
    assert overflow <= 1, f"/dasbor/ scrolls sideways by {overflow}px on a phone"
    # The kelurahan and its desil 1-4 share are both in view before the table scrolls.
    first = page.locator("#ranking tbody tr").first
    assert first.locator("[data-col=desil]").bounding_box()["x"] + 40 < 390

    public = new_page(390, 844)
    public.goto(f"{demo_site.url}/publik/")
    public.locator("#p0-chart[data-chart-drawn]").wait_for()
    overflow = public.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(public, "public-phone")
    assert overflow <= 1, f"/publik/ scrolls sideways by {overflow}px on a phone"
    assert public.locator("figure.kelurahan-map svg g[data-code]").count() == 27

    desktop = new_page(1280, 900)
    desktop.goto(f"{demo_site.url}/publik/")
    desktop.locator("#p0-chart[data-chart-drawn]").wait_for()
    screenshot(desktop, "public-desktop")
    assert desktop.locator("[data-action=login]").is_visible()
