"""/peta/batas-wilayah/: the TKPK admin uploads a file, sees what matches and what does not with the shapes,
and confirms; leaving out unmatched features is an explicit choice; other roles are refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dampingan.geo.models import Boundary, BoundaryFile

from .conftest import BANYURIP, JENGGOT, feature, geojson, polygon, square, swapped

URL = "/peta/batas-wilayah/"


def _check(client, content: bytes, name: str = "batas.geojson", **fields):
    return client.post(URL, {"action": "check", "file": SimpleUploadedFile(name, content), **fields})


def _token(preview) -> str:
    """The staged file's token, as the preview's confirm form carries it."""
    return preview.context["confirm"]["token"].value()


@pytest.mark.parametrize("key", ["mentor_dlh", "camat_selatan", "lurah_banyurip", "operator", "viewer"])
def test_other_roles_may_not_open_the_upload_page(client_as, key):
    assert client_as(key).get(URL).status_code == 403


def test_check_preview_and_confirm_imports_the_boundaries(client_as):
    client = client_as("tkpk")
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature(JENGGOT, "J", polygon(109.665, -6.91))
    )

    preview = _check(client, content)

    html = preview.content.decode()
    assert 'id="boundary-preview"' in html
    assert html.count('<path d="') >= 2 and 'data-code="33.75.04.1002"' in html
    assert "25 kelurahan di kota ini tidak ada dalam berkas" in html
    assert not Boundary.objects.exists()

    done = client.post(URL, {"action": "confirm", "token": _token(preview)}, follow=True)

    assert set(Boundary.objects.values_list("region_id", flat=True)) == {BANYURIP, JENGGOT}
    page = done.content.decode()
    assert "batas.geojson diimpor: 2 batas wilayah disimpan" in page
    assert page.count('data-has-boundary="1"') == 2
    assert client.get("/peta/").content.decode().count('fill-rule="evenodd"') == 2


def test_unmatched_features_are_imported_only_when_the_admin_leaves_them_out(client_as):
    client = client_as("tkpk")
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature("33.75.04.1099", "Baru", polygon(109.66, -6.9))
    )

    preview = _check(client, content)
    html = preview.content.decode()
    assert "Fitur tidak cocok dengan kode kelurahan" in html and "33.75.04.1099 Baru (fitur 2)" in html
    assert 'name="skip_unmatched"' in html

    refused = client.post(URL, {"action": "confirm", "token": _token(preview)}).content.decode()
    assert 'id="boundary-refused"' in refused and "Tidak ada yang disimpan" in refused
    assert not Boundary.objects.exists()

    client.post(URL, {"action": "confirm", "token": _token(preview), "skip_unmatched": "on"})
    assert list(Boundary.objects.values_list("region_id", flat=True)) == [BANYURIP]
    assert BoundaryFile.objects.get().skipped[0]["code"] == "33.75.04.1099"


def test_a_swapped_file_shows_the_reason_and_offers_no_import(client_as):
    client = client_as("tkpk")
    content = geojson(
        feature(BANYURIP, "Banyurip", {"type": "Polygon", "coordinates": [swapped(square(109.655, -6.92))]})
    )

    html = _check(client, content, "tertukar.geojson").content.decode()

    assert 'id="boundary-errors"' in html and "[lat, lng]" in html
    assert 'data-action="confirm-import"' not in html
    assert client.post(URL, {"action": "confirm"}).status_code == 302  # nothing was staged
    assert not Boundary.objects.exists()


def test_an_unreadable_file_is_an_error_on_the_file_field(client_as):
    html = _check(client_as("tkpk"), b"not a boundary file", "catatan.txt").content.decode()

    assert "catatan.txt bukan GeoJSON maupun SQL wilayah_boundaries" in html


def test_cancel_forgets_the_staged_file(client_as):
    client = client_as("tkpk")
    token = _token(_check(client, geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)))))

    client.post(URL, {"action": "cancel"})
    gone = client.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert "Berkas yang diunggah tidak lagi menunggu konfirmasi" in gone.content.decode()

    assert not Boundary.objects.exists()


def test_a_refused_file_unstages_the_one_checked_before(client_as):
    client = client_as("tkpk")
    token = _token(_check(client, geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)))))

    _check(client, geojson(feature(BANYURIP, "Banyurip", None)))
    client.post(URL, {"action": "confirm", "token": token})

    assert not Boundary.objects.exists()
