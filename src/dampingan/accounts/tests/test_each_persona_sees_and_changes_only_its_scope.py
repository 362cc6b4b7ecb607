"""For each persona: what it sees in lists, what it opens by guessing URLs, what it may change."""

import re

import pytest
from django.test import Client

from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region, RegionOffice

ALL_PERSONAS = ["tkpk", "mentor_dlh", "camat_selatan", "lurah_banyurip", "operator", "viewer"]
SELATAN = {
    "33.75.04.1002",
    "33.75.04.1003",
    "33.75.04.1004",
    "33.75.04.1006",
    "33.75.04.1008",
    "33.75.04.1010",
}
VISIBLE_VILLAGES = {
    "tkpk": 27,
    "operator": 27,
    "viewer": 27,
    "camat_selatan": SELATAN,
    "lurah_banyurip": {"33.75.04.1002"},
    "mentor_dlh": {"33.75.04.1004"},
}
JENGGOT, BANYURIP, MEDONO = "33.75.04.1004", "33.75.04.1002", "33.75.01.1002"


def listed_villages(html: str) -> set[str]:
    return set(re.findall(r'data-region="(\d\d\.\d\d\.\d\d\.\d{4})"', html))


@pytest.mark.parametrize("key", ALL_PERSONAS)
def test_region_list_holds_exactly_the_personas_villages(client_as, key):
    html = client_as(key).get("/wilayah/").content.decode()

    expected = VISIBLE_VILLAGES[key]
    if isinstance(expected, int):
        assert len(listed_villages(html)) == expected
    else:
        assert listed_villages(html) == expected


@pytest.mark.parametrize(
    ("key", "jenggot", "medono"),
    [
        ("tkpk", 200, 200),
        ("operator", 200, 200),
        ("viewer", 200, 200),
        ("camat_selatan", 200, 404),
        ("mentor_dlh", 200, 404),
        ("lurah_banyurip", 404, 404),
    ],
)
def test_guessing_a_region_url_outside_the_scope_gives_404(client_as, key, jenggot, medono):
    client = client_as(key)
    assert client.get(f"/wilayah/{JENGGOT}/").status_code == jenggot
    assert client.get(f"/wilayah/{MEDONO}/").status_code == medono


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("tkpk", 200),
        ("camat_selatan", 200),
        ("lurah_banyurip", 200),
        ("viewer", 403),
        ("operator", 403),
        ("mentor_dlh", 404),
    ],
)
def test_only_the_region_heads_and_tkpk_edit_an_office(client_as, key, status):
    assert client_as(key).get(f"/wilayah/{BANYURIP}/kantor/").status_code == status


def test_a_lurah_cannot_write_another_kelurahan_office_by_posting_to_its_url(client_as):
    client = client_as("lurah_banyurip")

    response = client.post(f"/wilayah/{JENGGOT}/kantor/", {"head_name": "Penyusup"})

    assert response.status_code == 404
    assert not RegionOffice.objects.filter(region_id=JENGGOT).exists()


def test_a_lurah_saves_its_own_office(client_as):
    client = client_as("lurah_banyurip")

    response = client.post(f"/wilayah/{BANYURIP}/kantor/", {"head_name": "Ibu Lurah", "phone": "0285-123"})

    assert response.status_code == 302
    assert RegionOffice.objects.get(region_id=BANYURIP).head_name == "Ibu Lurah"


@pytest.mark.parametrize("url", ["/pengguna/", "/pengguna/baru/", "/audit/", "/opd/baru/", "/opd/impor/"])
@pytest.mark.parametrize("key", ALL_PERSONAS)
def test_admin_pages_are_for_the_tkpk_admin_only(client_as, key, url):
    expected = 200 if key == "tkpk" else 403
    assert client_as(key).get(url).status_code == expected


@pytest.mark.parametrize(
    ("key", "own", "other"),
    [("tkpk", 200, 200), ("mentor_dlh", 200, 403), ("lurah_banyurip", 403, 403), ("viewer", 403, 403)],
)
def test_opd_edit_page_for_tkpk_and_for_a_mentor_on_its_own_opd(client_as, key, own, other):
    dlh = Opd.objects.get(abbreviation="DLH")
    bpbd = Opd.objects.get(abbreviation="BPBD")
    client = client_as(key)
    assert client.get(f"/opd/{dlh.pk}/ubah/").status_code == own
    assert client.get(f"/opd/{bpbd.pk}/ubah/").status_code == other


def test_a_mentor_changes_its_opds_contact_but_not_its_name(client_as):
    dlh = Opd.objects.get(abbreviation="DLH")
    client = client_as("mentor_dlh")

    response = client.post(
        f"/opd/{dlh.pk}/ubah/",
        {"head_name": "Kepala DLH", "phone": "0285-1", "name": "Dinas Baru", "email": ""},
    )

    assert response.status_code == 302
    dlh.refresh_from_db()
    assert (dlh.head_name, dlh.name) == ("Kepala DLH", "Dinas Lingkungan Hidup")


def test_anonymous_visitors_are_sent_to_the_login_page(pekalongan):
    client = Client()
    for url in ["/", "/wilayah/", f"/wilayah/{JENGGOT}/", "/opd/", "/audit/", "/pengguna/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/")


def test_a_mentor_whose_decree_expired_loses_its_kelurahan(client_as):
    from dampingan.mentoring.models import Decree

    Decree.objects.update(valid_until="2023-12-31")
    client = client_as("mentor_dlh")

    assert client.get(f"/wilayah/{JENGGOT}/").status_code == 404
    assert listed_villages(client.get("/wilayah/").content.decode()) == set()


def test_the_home_page_names_the_work_area(client_as):
    html = client_as("mentor_dlh").get("/").content.decode()
    assert "Jenggot" in html
    assert Region.objects.get(code=JENGGOT).name in html
