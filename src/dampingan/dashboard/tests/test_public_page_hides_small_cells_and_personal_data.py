"""The public page (no login): macro indicators and the desil 1-4 map, with no figure of fewer than 10
households anywhere (page, map table, map SVG, chart JSON) and no personal data; cacheable by anyone."""

import json
import re

from dampingan.access.scope import Scope
from dampingan.lib.money import format_number
from dampingan.registry.measures import desil_for
from dampingan.registry.models import Family, Household, Member

from .conftest import BANYURIP, leave_households

SOKODUWET = "33.75.04.1010"
PEKALONGAN_UTARA = "33.75.03"


def test_a_visitor_without_login_sees_indicators_chart_map_and_kecamatan(client, registry):
    response = client.get("/publik/")
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-indicator="P0"' in html and 'id="p0-chart"' in html
    assert len(re.findall(r'<tr data-code="33\.75\.0\d\.\d{4}"', html)) == 27
    assert len(re.findall(r'<tr data-kecamatan="33\.75\.0\d"', html)) == 4
    assert 'data-kecamatan="total"' in html


def test_the_page_is_cacheable_and_sets_no_cookie(client, registry):
    response = client.get("/publik/")

    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert not response.cookies  # neither a session nor a CSRF cookie
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_login_page_links_to_the_public_page(client, pekalongan):
    assert 'href="/publik/"' in client.get("/masuk/").content.decode()


def test_a_kelurahan_of_nine_households_shows_no_figure_in_the_page_or_the_json(client, registry, persona):
    leave_households(registry, SOKODUWET, keep=9, move_to=BANYURIP)
    share = desil_for(Scope.for_user(persona("tkpk")), kelurahan=SOKODUWET).area("kelurahan", SOKODUWET)[
        "share_1_4_households"
    ]

    html = client.get("/publik/").content.decode()
    api = client.get("/api/public/summary")

    table_row = re.search(rf'<tr data-code="{SOKODUWET}".*?</tr>', html, re.S).group(0)
    tile = re.search(rf'<g data-code="{SOKODUWET}".*?</g>', html, re.S).group(0)
    shown = format_number(share * 100, decimals=1)
    assert 'data-state="suppressed"' in table_row and 'data-csv=""' in table_row
    assert shown not in table_row and shown not in tile and 'data-state="suppressed"' in tile
    for script in re.findall(r'<script id="[^"]+" type="application/json">(.*?)</script>', html, re.S):
        assert SOKODUWET not in script and "Sokoduwet" not in script
    entry = next(area for area in api.json()["kelurahan"] if area["code"] == SOKODUWET)
    assert entry == {**entry, "households": None, "desil_1_4_share": None, "suppressed": True}
    assert repr(share) not in api.content.decode()
    # Kelurahan are published as shares only: no count that the kecamatan's could give away by subtraction.
    assert all(area["households"] is None for area in api.json()["kelurahan"])


def test_a_kecamatan_under_ten_households_is_hidden_and_the_city_total_left_out(client, registry):
    utara = Household.objects.filter(release=registry, kelurahan__parent_id=PEKALONGAN_UTARA)
    first, *others = sorted(set(utara.values_list("kelurahan_id", flat=True)))
    leave_households(registry, first, keep=5, move_to=BANYURIP)
    for code in others:
        leave_households(registry, code, keep=0, move_to=BANYURIP)

    html = client.get("/publik/").content.decode()
    summary = client.get("/api/public/summary").json()

    row = re.search(rf'<tr data-kecamatan="{PEKALONGAN_UTARA}".*?</tr>', html, re.S).group(0)
    assert "data-suppressed" in row and "&lt; 10" in row
    assert 'data-kecamatan="total"' not in html and summary["total"] is None
    hidden = next(area for area in summary["kecamatan"] if area["code"] == PEKALONGAN_UTARA)
    assert (hidden["households"], hidden["desil_1_4_share"], hidden["suppressed"]) == (None, None, True)


def test_no_nik_no_kk_or_name_of_the_registry_reaches_the_page_or_the_json(client, registry):
    html = client.get("/publik/").content.decode()
    body = client.get("/api/public/summary").content.decode()

    members = list(Member.objects.filter(release=registry).values_list("name", "nik"))
    numbers = list(Family.objects.filter(release=registry).exclude(no_kk=None).values_list("no_kk", flat=True))
    assert len(members) > 1000 and numbers
    for text in (html, body):
        assert not [name for name, _nik in members if name in text]
        assert not [nik for _name, nik in members if nik and nik in text]
        assert not [no_kk for no_kk in numbers if no_kk in text]
    assert json.loads(body)["kelurahan"]  # the JSON was there to search
