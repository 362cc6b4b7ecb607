"""The dashboard page: every role its own scope, the ranking sorted by any column, the map by a chosen
indicator, small cells hidden from roles that may not list the households, no personal data."""

import re

import pytest

from dampingan.registry.models import Member

from .conftest import BANYURIP, JENGGOT, leave_households

SOKODUWET = "33.75.04.1010"
HIDDEN = "\u2013"  # the en dash of a hidden cell (an em dash is "no value")


def ranked_codes(html: str) -> list[str]:
    return re.findall(r'<tr data-kelurahan="([^"]+)"', html)


def map_states(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-code="([^"]+)" data-state="([^"]+)"', html))


def cell(html: str, code: str, column: str) -> str:
    row = re.search(rf'<tr data-kelurahan="{re.escape(code)}".*?</tr>', html, re.S).group(0)
    return re.search(rf'data-col="{column}">(.*?)</td>', row, re.S).group(1).strip()


def test_the_tkpk_sees_every_kelurahan_headline_chart_map_and_overdue_items(client_as, programme):
    response = client_as("tkpk").get("/dasbor/")
    html = response.content.decode()

    assert response.status_code == 200
    assert len(ranked_codes(html)) == 27
    assert len(map_states(html)) == 27
    assert 'data-nav="dashboard"' in html and 'aria-current="page" data-nav="dashboard"' in html
    assert 'id="p0-chart"' in html and 'data-indicator="P0"' in html
    assert re.search(r'data-overdue-count="(\d+)"', html).group(1) == "4"
    assert "/tindak-lanjut/?due=lewat" in html
    assert 'href="/ukuran-kemiskinan/"' in html
    assert f'href="/kelurahan/{JENGGOT}/"' in html


def test_by_default_the_highest_desil_share_comes_first(client_as, programme):
    html = client_as("tkpk").get("/dasbor/").content.decode()

    shares = [float(cell(html, code, "desil").replace(",", ".")) for code in ranked_codes(html)]
    assert shares == sorted(shares, reverse=True)
    assert 'data-sort="-desil"' in html


def test_a_column_sorts_both_ways_from_its_header_link(client_as, programme):
    client = client_as("tkpk")

    by_name = client.get("/dasbor/", {"urut": "kelurahan"}).content.decode()
    link = re.search(r'href="\?([^"]+)" data-sort-key="kelurahan"', by_name).group(1)
    reversed_names = client.get(f"/dasbor/?{link.replace('&amp;', '&')}").content.decode()

    names = re.findall(r'<tr data-kelurahan="[^"]+"[^>]*>\s*<th scope="row"><a [^>]+>([^<]+)</a>', by_name)
    assert names == sorted(names) and len(names) == 27
    assert ranked_codes(reversed_names) == list(reversed(ranked_codes(by_name)))
    assert "urut=-kelurahan" in link


def test_the_lurah_ranks_its_own_kelurahan_and_the_map_fills_only_it(client_as, programme):
    html = client_as("lurah_banyurip").get("/dasbor/").content.decode()

    states = map_states(html)
    assert ranked_codes(html) == [BANYURIP]
    assert len(states) == 27
    assert {code for code, state in states.items() if state == "value"} == {BANYURIP}


def test_the_camat_ranks_the_six_kelurahan_of_its_kecamatan(client_as, programme):
    html = client_as("camat_selatan").get("/dasbor/").content.decode()

    assert len(ranked_codes(html)) == 6
    assert all(code.startswith("33.75.04.") for code in ranked_codes(html))


@pytest.mark.parametrize("choice", ["desil", "m0", "cakupan", "persen_realisasi", "laporan_kosong"])
def test_the_map_shows_the_chosen_indicator(client_as, programme, choice):
    html = client_as("tkpk").get("/dasbor/", {"peta": choice}).content.decode()

    assert f'<option value="{choice}" selected>' in html
    assert len(map_states(html)) == 27


def test_the_missing_reports_map_fills_the_assigned_kelurahan_only(client_as, programme):
    html = client_as("tkpk").get("/dasbor/", {"peta": "laporan_kosong"}).content.decode()

    filled = {code for code, state in map_states(html).items() if state == "value"}
    assert filled == {f"33.75.04.{s}" for s in ("1002", "1003", "1004", "1006", "1008", "1010")}


def test_a_kelurahan_of_nine_households_is_hidden_from_the_viewer_but_not_from_the_tkpk(client_as, programme):
    leave_households(programme, SOKODUWET, keep=9, move_to=BANYURIP)

    viewer = client_as("viewer").get("/dasbor/").content.decode()
    tkpk = client_as("tkpk").get("/dasbor/").content.decode()

    assert len(ranked_codes(viewer)) == 27
    assert cell(viewer, SOKODUWET, "ruta") == "&lt; 10"
    assert cell(viewer, SOKODUWET, "desil") == HIDDEN and cell(viewer, SOKODUWET, "m0") == HIDDEN
    # A hidden share does not place its row: every hidden row comes after every shown one.
    hidden = re.findall(r'<tr data-kelurahan="([^"]+)" data-suppressed>', viewer)
    assert SOKODUWET in hidden and ranked_codes(viewer)[-len(hidden) :] == hidden
    assert map_states(viewer)[SOKODUWET] == "suppressed"
    assert cell(tkpk, SOKODUWET, "ruta") == "9"
    assert map_states(tkpk)[SOKODUWET] == "value"


def test_no_registry_name_or_nik_reaches_the_dashboard(client_as, programme):
    html = client_as("tkpk").get("/dasbor/").content.decode()
    # The CSRF tokens are random letters: a three-letter name ("Umi") turned up in one now and then.
    html = re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)

    members = Member.objects.filter(release=programme).values_list("name", "nik")
    assert not [name for name, _nik in members if re.search(rf"\b{re.escape(name)}\b", html)]
    assert not [nik for _name, nik in members if nik and nik in html]


def test_without_a_release_the_dashboard_still_ranks_reports_and_action_items(client_as, demo_coordination):
    html = client_as("tkpk").get("/dasbor/").content.decode()

    assert len(ranked_codes(html)) == 27
    assert cell(html, JENGGOT, "terlambat").endswith("1</strong>")
    assert cell(html, JENGGOT, "ruta") == "0"


def test_a_visitor_is_sent_to_log_in(client, pekalongan):
    response = client.get("/dasbor/")

    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
