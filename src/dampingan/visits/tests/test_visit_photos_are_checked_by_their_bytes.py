"""Photos are accepted by their bytes (JPEG, PNG, WebP up to 5 MB), stored privately and served in scope only."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dampingan.regions.models import Region
from dampingan.visits import photos, services
from dampingan.visits.models import Visit, VisitPhoto

from .conftest import JENGGOT, JPEG_BYTES, PDF_BYTES, WEBP_BYTES, png_bytes

TODAY = timezone.localdate()
URL = f"/kelurahan/{JENGGOT}/kunjungan/"
FORM = {"date": TODAY.isoformat(), "activity": "Pendampingan UMKM batik"}


def _stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("content", "kind"), [(png_bytes(), photos.PNG), (JPEG_BYTES, photos.JPEG), (WEBP_BYTES, photos.WEBP)]
)
def test_the_three_camera_formats_are_recognised_by_their_signature(content, kind):
    assert photos.check_photo("foto", len(content), content[:16]) == kind


@pytest.mark.parametrize(
    "content",
    [PDF_BYTES, b"GIF89a" + b"\x00" * 20, b"RIFF\x00\x00\x00\x00WAVEfmt ", b"\xff\xd8", b"not an image at all"],
)
def test_other_bytes_are_refused_whatever_the_name_says(content):
    with pytest.raises(ValidationError) as refused:
        photos.check_photo("foto.jpg", len(content), content[:16])

    assert refused.value.code == "not_an_image"


def test_a_photo_over_five_megabytes_is_refused_and_an_empty_one_too():
    with pytest.raises(ValidationError) as too_big:
        photos.check_photo("besar.jpg", photos.MAX_PHOTO_BYTES + 1, JPEG_BYTES[:16])
    with pytest.raises(ValidationError) as empty:
        photos.check_photo("kosong.jpg", 0, b"")

    assert too_big.value.code == "too_big"
    assert empty.value.code == "empty"
    assert photos.check_photo("pas.jpg", photos.MAX_PHOTO_BYTES, JPEG_BYTES[:16]) == photos.JPEG


def test_a_visit_with_photos_is_stored_under_visits_with_the_detected_type(client_as, media):
    response = client_as("mentor_dlh").post(
        URL,
        {
            **FORM,
            "photo_1": SimpleUploadedFile("IMG_0001.JPG", JPEG_BYTES, content_type="image/jpeg"),
            "caption_1": "Rapat di balai kelurahan",
            # A PNG sent with a wrong name and type is stored as what it is.
            "photo_2": SimpleUploadedFile("gambar.jpg", png_bytes(), content_type="application/octet-stream"),
        },
    )

    assert response.status_code == 302
    stored = list(VisitPhoto.objects.order_by("pk"))
    assert [(p.content_type, p.caption) for p in stored] == [
        ("image/jpeg", "Rapat di balai kelurahan"),
        ("image/png", ""),
    ]
    assert all(p.image.name.startswith("visits/") for p in stored)
    assert stored[1].image.name.endswith(".png")
    assert (media / stored[0].image.name).read_bytes() == JPEG_BYTES


def test_a_pdf_among_the_photos_saves_nothing_and_says_so_in_indonesian(client_as, media):
    response = client_as("mentor_dlh").post(
        URL,
        {
            **FORM,
            "photo_1": SimpleUploadedFile("foto.jpg", JPEG_BYTES, content_type="image/jpeg"),
            "photo_2": SimpleUploadedFile("undangan.jpg", PDF_BYTES, content_type="image/jpeg"),
        },
    )

    assert response.status_code == 422
    assert "undangan.jpg bukan gambar JPEG, PNG, atau WebP." in response.content.decode()
    assert not Visit.objects.exists()
    assert not VisitPhoto.objects.exists()
    assert _stored_files(media) == []


def test_a_photo_too_big_saves_nothing(client_as, media):
    big = JPEG_BYTES[:20] + b"\x00" * (photos.MAX_PHOTO_BYTES + 1)

    response = client_as("mentor_dlh").post(
        URL, {**FORM, "photo_1": SimpleUploadedFile("besar.jpg", big, content_type="image/jpeg")}
    )

    assert response.status_code == 422
    assert "Foto besar.jpg lebih besar dari 5 MB." in response.content.decode()
    assert not Visit.objects.exists()
    assert _stored_files(media) == []


def test_files_already_written_are_removed_when_the_transaction_fails(persona, media, monkeypatch):
    # Given a failure after the first photo file is written (the database refusing the second photo row)
    original = VisitPhoto.save
    calls = []

    def fail_on_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("database gone")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(VisitPhoto, "save", fail_on_second)
    uploads = [
        services.PhotoUpload(SimpleUploadedFile("a.jpg", JPEG_BYTES)),
        services.PhotoUpload(SimpleUploadedFile("b.png", png_bytes())),
    ]

    with pytest.raises(RuntimeError):
        services.record_visit(persona("mentor_dlh"), Region.objects.get(code=JENGGOT), {**FORM, "date": TODAY}, uploads)

    assert not Visit.objects.exists()
    assert _stored_files(media) == []


def test_a_photo_is_served_in_scope_only(client_as, persona, media):
    visit = services.record_visit(
        persona("mentor_dlh"),
        Region.objects.get(code=JENGGOT),
        {**FORM, "date": TODAY},
        [services.PhotoUpload(SimpleUploadedFile("a.png", png_bytes()))],
    )
    photo = visit.photos.get()
    url = f"/kelurahan/{JENGGOT}/kunjungan/{visit.pk}/foto/{photo.pk}/"

    shown = client_as("camat_selatan").get(url)
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == png_bytes()
    assert client_as("lurah_banyurip").get(url).status_code == 404
    # The same photo under another kelurahan's address is not found either.
    assert client_as("tkpk").get(url.replace(JENGGOT, "33.75.04.1002")).status_code == 404


def test_the_service_refuses_a_bad_photo_for_callers_that_skip_the_form(persona, media):
    uploads = [
        services.PhotoUpload(SimpleUploadedFile("a.jpg", JPEG_BYTES)),
        services.PhotoUpload(SimpleUploadedFile("undangan.jpg", PDF_BYTES, content_type="image/jpeg")),
    ]

    with pytest.raises(ValidationError) as refused:
        services.record_visit(persona("mentor_dlh"), Region.objects.get(code=JENGGOT), {**FORM, "date": TODAY}, uploads)

    assert refused.value.message_dict == {"photos": ["undangan.jpg bukan gambar JPEG, PNG, atau WebP."]}
    assert not Visit.objects.exists()
    assert _stored_files(media) == []
