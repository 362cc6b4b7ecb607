"""Every page is served with a Content-Security-Policy that allows no inline script, and the pages
still work under it in a real browser: no violation reported, htmx, the charts, the map and the small page
behaviours (static/core/behaviours.js) all run."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["/", "/dasbor/", "/peta/", "/indikator/", "/audit/", "/kelurahan/33.75.04.1004/", "/laporan-bulanan/",
         # Django's admin (its scripts are static files too): the index, a list with its filters and a form.
         "/admin/", "/admin/accounts/user/?role__exact=tkpk_admin", "/admin/auth/group/add/"]  # fmt: skip


def test_the_pages_run_without_a_policy_violation(login, demo_site):
    page = login("tkpk")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    for path in PAGES:
        response = page.goto(f"{demo_site.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")

    assert violations == []


def test_the_behaviours_moved_out_of_the_html_still_work(login, demo_site):
    page = login("tkpk")
    page.goto(f"{demo_site.url}/laporan-bulanan/")

    with page.expect_navigation():
        page.select_option("select[name=bulan]", "12")

    assert "bulan=12" in page.url


def test_htmx_still_filters_the_audit_log(login, demo_site):
    page = login("tkpk")
    page.goto(f"{demo_site.url}/audit/")

    page.fill("input[type=search]", "tkpk")
    page.wait_for_url("**q=tkpk**")

    assert "q=tkpk" in page.url
