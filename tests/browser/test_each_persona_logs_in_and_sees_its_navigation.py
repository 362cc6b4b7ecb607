"""Key journey in a real browser: each persona logs in and sees its navigation, its regions, its limits."""

import pytest

pytestmark = pytest.mark.browser

SELATAN = {f"33.75.04.{s}" for s in ("1002", "1003", "1004", "1006", "1008", "1010")}
EVERYONE = {
    "home",
    "dashboard",
    "regions",
    "opds",
    "assignments",
    "mapping",
    "interventions",
    "indicators",
    "meetings",
    "action_items",
    "reports_docs",
    "registry",
    "map",
    "account",
    "logout",
    "language",
}
PERSONAS = {
    "tkpk": (EVERYONE | {"reports", "users", "audit"}, 27),
    "operator.dinsos": (EVERYONE, 27),
    "pengamat": (EVERYONE, 27),
    "camat.selatan": (EVERYONE, SELATAN),
    "lurah.banyurip": (EVERYONE, {"33.75.04.1002"}),
    "mentor.dlh": (EVERYONE, {"33.75.04.1004"}),
}


def nav_keys(page) -> set[str]:
    return set(page.locator("header [data-nav]").evaluate_all("els => els.map(e => e.dataset.nav)"))


@pytest.mark.parametrize("username", list(PERSONAS))
def test_persona_sees_its_navigation_and_regions_and_is_stopped_elsewhere(login, demo_site, username):
    expected_nav, expected_regions = PERSONAS[username]

    page = login(username)

    assert page.url == f"{demo_site.url}/"
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Selamat datang" in page.locator("h1").inner_text()
    assert nav_keys(page) == expected_nav

    page.goto(f"{demo_site.url}/wilayah/")
    codes = set(page.locator("[data-region]").evaluate_all("els => els.map(e => e.dataset.region)"))
    if isinstance(expected_regions, int):
        assert len(codes) == expected_regions
    else:
        assert codes == expected_regions

    audit = page.goto(f"{demo_site.url}/audit/")
    if username == "tkpk":
        assert audit.status == 200
        assert page.locator("#audit-entries").is_visible()
    else:
        assert audit.status == 403
        assert page.locator("h1").inner_text() == "Tidak diizinkan"


def test_guessing_another_kelurahan_url_shows_not_found(login, demo_site):
    page = login("lurah.banyurip")

    response = page.goto(f"{demo_site.url}/wilayah/33.75.01.1002/")

    assert response.status == 404
    assert page.locator("h1").inner_text() == "Tidak ditemukan"


def test_wrong_password_stays_on_the_login_page_with_a_message(login, demo_site):
    page = login("tkpk", password="salah-sandi")

    assert page.url.startswith(f"{demo_site.url}/masuk/")
    assert "Nama pengguna atau kata sandi salah" in page.locator("main").inner_text()
    assert "logout" not in nav_keys(page)


def test_the_language_switch_turns_the_pages_english_and_back(login, demo_site):
    page = login("pengamat")

    page.locator("[data-nav=language]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("[data-nav=regions]").inner_text() == "Regions"

    page.locator("[data-nav=language]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("[data-nav=regions]").inner_text() == "Wilayah"


def test_the_lurah_works_on_a_phone_without_horizontal_scrolling(login, demo_site, screenshot):
    page = login("lurah.banyurip", width=390, height=844)

    for path, name in [
        ("/", "lurah-phone-home"),
        ("/wilayah/", "lurah-phone-regions"),
        ("/wilayah/33.75.04.1002/", "lurah-phone-banyurip"),
    ]:
        page.goto(f"{demo_site.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        screenshot(page, name)
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    # app.css (served as a static file) draws the header's bottom border: the stylesheets loaded.
    assert page.evaluate("getComputedStyle(document.querySelector('header.app')).borderBottomStyle") == "solid"


def test_on_a_phone_the_links_fold_into_a_menu_and_on_a_desktop_they_show(login, demo_site, screenshot):
    phone = login("tkpk", width=390, height=844)
    assert phone.locator("header.app").bounding_box()["height"] < 120
    assert not phone.locator("[data-nav=audit]").is_visible()

    phone.locator("header.app summary").click()
    screenshot(phone, "tkpk-phone-menu")
    phone.locator("[data-nav=audit]").click()
    phone.wait_for_load_state()

    assert phone.url == f"{demo_site.url}/audit/"
    desktop = login("tkpk")
    assert desktop.locator("[data-nav=audit]").is_visible()
    assert not desktop.locator("header.app summary").is_visible()


def test_the_tkpk_admin_edits_an_office_and_finds_it_in_the_audit_log(login, demo_site, screenshot):
    page = login("tkpk")
    screenshot(page, "tkpk-desktop-home")

    page.goto(f"{demo_site.url}/wilayah/33.75.04.1004/")
    page.locator("[data-action=edit-office]").click()
    page.locator("input[name=head_name]").fill("Bapak Lurah Jenggot")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Bapak Lurah Jenggot" in page.locator("main").inner_text()

    page.goto(f"{demo_site.url}/audit/")
    page.locator("input[name=q]").fill("Lurah Jenggot")
    # htmx swaps in the filtered results, then pushes the filter into the address bar: the demo's many creation
    # entries drop out of the table. (No wait_for_function: polling with evaluated script breaks the CSP.)
    page.wait_for_url("**q=Lurah**")
    assert page.locator("#audit-entries tbody tr").count() <= 2
    assert "Bapak Lurah Jenggot" in page.locator("#audit-entries").inner_text()
    screenshot(page, "tkpk-desktop-audit")
    assert "q=Lurah" in page.url  # htmx pushed the filter into the address bar
