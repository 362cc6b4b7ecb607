"""The kelurahan profile: its registry numbers are the counts of the household lists they link to,
it follows the user's scope, and it shows the change since the previous release."""

import datetime as dt
import html
import re

import polars as pl

from dampingan.registry import imports, services
from dampingan.registry.synth import synth_registry

JENGGOT = "33.75.04.1004"


def indicator_links(page: str) -> dict[str, tuple[int, str]]:
    rows = re.findall(r'data-indicator="(\w+)".*?data-value="(\d+)">(?:<a href="([^"]+)">)?', page, re.S)
    return {key: (int(value), html.unescape(link)) for key, value, link in rows}


def result_count(page: str) -> int:
    return int(re.search(r'id="result-count">\s*([\d.]+)', page).group(1).replace(".", ""))


def test_every_number_is_the_count_of_the_list_it_links_to(client_as, registry):
    client = client_as("mentor_dlh")
    page = client.get(f"/kelurahan/{JENGGOT}/").content.decode()
    links = indicator_links(page)

    assert set(links) >= {"households", "desil_1_4", "unfit_house", "female_head"}
    for key, (value, link) in links.items():
        if key == "persons" or not link:
            continue
        assert result_count(client.get(link).content.decode()) == value, key


def test_the_profile_follows_the_scope_and_hides_lists_from_the_viewer(client_as, registry):
    viewer = client_as("viewer").get(f"/kelurahan/{JENGGOT}/").content.decode()

    assert client_as("mentor_dlh").get("/kelurahan/33.75.04.1002/").status_code == 404
    assert client_as("lurah_banyurip").get("/kelurahan/33.75.04.1002/").status_code == 200
    assert 'data-indicator="households"' in viewer and "/data-terpadu/daftar/" not in viewer
    assert "DLH" in viewer


def test_the_change_since_the_previous_release_is_shown(client_as, persona, registry):
    frame = synth_registry(1500, "33.75", seed=4)
    gone = frame.filter(pl.col("Kode Desa") == JENGGOT.replace(".", ""))["IDBDT"].unique().sort()[:2].to_list()
    plan = imports.plan_import(frame.filter(~pl.col("IDBDT").is_in(gone)).write_csv().encode(), "baru.csv")
    newer = imports.run_import(persona("operator"), plan, source="dtsen")
    services.approve_release(persona("tkpk"), newer, sk_number="2/2025", sk_date=dt.date(2025, 10, 1))

    page = client_as("mentor_dlh").get(f"/kelurahan/{JENGGOT}/").content.decode()

    change = re.search(r'data-indicator="households".*?data-change="(-?\d+)"', page, re.S)
    assert change and int(change.group(1)) == -2
