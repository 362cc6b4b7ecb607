"""The poverty measures page: areas of the user's scope, the cutoff chosen on the page, no personal data."""

import re

from dampingan.registry.models import Member

BANYURIP = "33.75.04.1002"


def _poor_households(html: str) -> int:
    return int(re.search(r'data-measure="H">[^<]*</strong><br>\s*<small>(\d+)', html).group(1))


def test_a_lurah_sees_its_kelurahan_only_and_no_names(client_as, registry):
    html = client_as("lurah_banyurip").get("/ukuran-kemiskinan/").content.decode()

    assert set(re.findall(r'<tr data-area="([^"]+)"', html)) == {BANYURIP}
    assert "Ukuran kemiskinan" in html
    names = Member.objects.filter(release=registry, kelurahan_id=BANYURIP).values_list("name", flat=True)
    assert not any(f">{name}<" in html for name in names)


def test_the_tkpk_ranks_kecamatan_and_a_higher_cutoff_finds_fewer_poor(client_as, registry):
    client = client_as("tkpk")

    kecamatan = client.get("/ukuran-kemiskinan/", {"level": "kecamatan"}).content.decode()
    third = client.get("/ukuran-kemiskinan/", {"k": "1/3"}).content.decode()
    half = client.get("/ukuran-kemiskinan/", {"k": "1/2"}).content.decode()

    assert len(re.findall(r'<tr data-area="33\.75\.0\d"', kecamatan)) == 8  # MPI and desil tables, 4 each
    assert _poor_households(third) > _poor_households(half)


def test_an_unknown_cutoff_falls_back_to_one_third(client_as, registry):
    response = client_as("viewer").get("/ukuran-kemiskinan/", {"k": "7/3", "unit": "person"})

    assert response.status_code == 200
    assert 'value="1/3" selected' in response.content.decode()


def test_without_a_release_the_page_says_so(client_as, pekalongan):
    html = client_as("tkpk").get("/ukuran-kemiskinan/").content.decode()

    assert "mpi-table" not in html
