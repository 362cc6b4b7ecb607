"""The dashboard API: the ranking with the page's scope and numbers, and the public summary without
authentication, with the page's small-cell rule."""

import pytest
from django.core.cache import cache

from dampingan.access.scope import Scope
from dampingan.dashboard.tests.conftest import leave_households
from dampingan.registry.measures import desil_for

BANYURIP, SOKODUWET = "33.75.04.1002", "33.75.04.1010"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_lurah_gets_its_kelurahan_row_only(api_as, registry):
    body = api_as("lurah_banyurip").get("/api/dashboard/ranking").json()

    assert [row["code"] for row in body["rows"]] == [BANYURIP]
    assert body["sort"] == "-desil" and "laporan_kosong" in body["sort_keys"]


def test_the_tkpk_ranking_matches_desil_for_and_sorts_as_asked(api_as, registry, persona):
    client = api_as("tkpk")

    default = client.get("/api/dashboard/ranking").json()
    by_m0 = client.get("/api/dashboard/ranking", {"sort": "m0"}).json()

    report = desil_for(Scope.for_user(persona("tkpk")))
    assert len(default["rows"]) == 27
    for row in default["rows"]:
        assert row["desil_1_4_share"] == report.area("kelurahan", row["code"])["share_1_4_households"]
    shares = [row["desil_1_4_share"] for row in default["rows"]]
    assert shares == sorted(shares, reverse=True)
    values = [row["m0"] for row in by_m0["rows"]]
    assert by_m0["sort"] == "m0" and values == sorted(values)


def test_the_viewer_sees_every_kelurahan_with_small_cells_hidden(api_as, registry):
    leave_households(registry, SOKODUWET, keep=9, move_to=BANYURIP)

    rows = {row["code"]: row for row in api_as("viewer").get("/api/dashboard/ranking").json()["rows"]}
    tkpk = {row["code"]: row for row in api_as("tkpk").get("/api/dashboard/ranking").json()["rows"]}

    assert len(rows) == 27
    assert rows[SOKODUWET]["suppressed"] and rows[SOKODUWET]["households"] is None
    assert rows[SOKODUWET]["desil_1_4_share"] is None and rows[SOKODUWET]["m0"] is None
    assert tkpk[SOKODUWET]["households"] == 9 and not tkpk[SOKODUWET]["suppressed"]


def test_the_ranking_needs_a_token(client, registry):
    assert client.get("/api/dashboard/ranking").status_code == 401


def test_the_public_summary_needs_no_token_and_is_cacheable(client, registry, persona):
    response = client.get("/api/public/summary")
    body = response.json()

    assert response.status_code == 200 and "max-age=300" in response["Cache-Control"]
    assert [point["year"] for point in body["p0_series"]][:1] == [2015]
    assert {row["code"] for row in body["indicators"]} == {"P0", "JML_MISKIN", "TPT", "PE"}
    report = desil_for(Scope.for_user(persona("tkpk")))
    for area in body["kecamatan"]:
        assert area["desil_1_4_share"] == report.area("kecamatan", area["code"])["share_1_4_households"]
    assert body["total"]["households"] == report.area("all")["households"]


def test_the_public_summary_hides_a_kelurahan_of_nine_households(client, registry):
    leave_households(registry, SOKODUWET, keep=9, move_to=BANYURIP)

    kelurahan = {area["code"]: area for area in client.get("/api/public/summary").json()["kelurahan"]}

    assert kelurahan[SOKODUWET]["suppressed"] and kelurahan[SOKODUWET]["desil_1_4_share"] is None
    assert kelurahan[BANYURIP]["desil_1_4_share"] is not None
