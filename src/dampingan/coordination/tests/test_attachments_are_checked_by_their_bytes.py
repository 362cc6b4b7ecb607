"""A meeting attachment is a photo (JPEG, PNG, WebP) or a document (PDF, DOCX, XLSX, ODT, ODS) by its bytes, not
its name; Office and OpenDocument files are opened to read the type they declare, so a renamed plain zip is
refused. Over the size limit is refused, nothing is stored, and the file is served only to who sees the meeting."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dampingan.coordination import meetings
from dampingan.coordination.models import MeetingAttachment
from dampingan.lib import file_types

from .meeting_helpers import (
    EXE_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    catur_pilar,
    docx_bytes,
    musyawarah,
    odt_bytes,
    xlsx_bytes,
    zip_bytes,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (docx_bytes(), file_types.DOCX),
        (xlsx_bytes(), file_types.XLSX),
        (odt_bytes(), file_types.ODT),
        (odt_bytes("application/vnd.oasis.opendocument.spreadsheet"), file_types.ODS),
        (PDF_BYTES, file_types.PDF),
        (PNG_BYTES, file_types.PNG),
        (zip_bytes({"foto.jpg": b"\xff\xd8\xff" + b"\x00" * 20}), None),  # a plain zip renamed .docx
        (odt_bytes("application/vnd.oasis.opendocument.presentation"), None),  # slides are not on the list
        (b"PK\x03\x04 truncated", None),
        (EXE_BYTES, None),
        (b"", None),
    ],
)
def test_the_file_kind_comes_from_the_bytes_and_the_declared_package_type(data, expected):
    assert file_types.detect_file(io.BytesIO(data)) == expected


def test_a_macro_enabled_workbook_is_not_taken_for_a_workbook():
    patched = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as source, zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "[Content_Types].xml":
                assert b"spreadsheetml.sheet.main+xml" in body
                body = body.replace(
                    b"vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            target.writestr(info, body)

    assert file_types.detect_file(io.BytesIO(patched.getvalue())) is None


@pytest.mark.django_db
def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(persona, settings):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)

    with pytest.raises(ValidationError) as refused:
        meetings.add_attachment(camat, meeting, SimpleUploadedFile("notulen.pdf", EXE_BYTES, "application/pdf"))

    assert refused.value.message_dict["file"] == [
        "notulen.pdf bukan foto (JPEG, PNG, WebP) maupun dokumen (PDF, DOCX, XLSX, ODT, ODS)."
    ]
    assert not MeetingAttachment.objects.exists()
    assert not (settings.MEDIA_ROOT / "meetings").exists()


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_on_the_page(persona, client_as, settings):
    settings.DAMPINGAN_MEETING_ATTACHMENT_MAX_BYTES = 2048
    meeting = catur_pilar(persona("camat_selatan"))

    response = client_as("camat_selatan").post(
        reverse("coordination:attachment_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile("foto.png", PNG_BYTES + b"\x00" * 4096), "caption": "Foto bersama"},
    )

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == ["Lampiran foto.png lebih besar dari 2 KB."]
    assert not MeetingAttachment.objects.exists()


@pytest.mark.django_db
def test_documents_and_photos_are_stored_by_their_detected_type_and_served_to_who_sees_the_meeting(persona, client_as):
    camat = persona("camat_selatan")
    meeting = catur_pilar(camat)
    upload = client_as("camat_selatan").post(
        reverse("coordination:attachment_upload", args=[meeting.pk]),
        {"file": SimpleUploadedFile("usulan.xlsx", xlsx_bytes()), "caption": "Usulan kelurahan"},
    )
    photo = meetings.add_attachment(camat, meeting, SimpleUploadedFile("foto.pdf", PNG_BYTES), "Foto")
    sheet = meeting.attachments.get(caption="Usulan kelurahan")

    served = client_as("mentor_dlh").get(reverse("coordination:attachment_download", args=[meeting.pk, sheet.pk]))
    picture = client_as("lurah_banyurip").get(reverse("coordination:attachment_download", args=[meeting.pk, photo.pk]))

    assert upload.status_code == 302
    assert sheet.file.name.endswith(".xlsx") and photo.file.name.endswith(".png")
    assert served.status_code == 200 and served["Content-Type"] == file_types.XLSX.content_type
    assert served["Content-Disposition"].startswith("attachment;")
    assert b"".join(served.streaming_content) == default_storage.open(sheet.file.name).read()
    assert picture["Content-Type"] == "image/png" and picture["Content-Disposition"].startswith("inline;")
    page = client_as("mentor_dlh").get(reverse("coordination:meeting_detail", args=[meeting.pk])).content.decode()
    assert (
        "Usulan kelurahan" in page and reverse("coordination:attachment_download", args=[meeting.pk, photo.pk]) in page
    )


@pytest.mark.django_db
def test_an_attachment_is_not_found_outside_the_scope_and_not_removed_by_a_reader(persona, client_as):
    tkpk = persona("tkpk")
    meeting = musyawarah(persona("lurah_banyurip"))
    attachment = meetings.add_attachment(tkpk, meeting, SimpleUploadedFile("a.docx", docx_bytes()))
    url = reverse("coordination:attachment_download", args=[meeting.pk, attachment.pk])

    assert client_as("mentor_dlh").get(url).status_code == 404  # Jenggot's mentor: not Banyurip's meeting
    assert client_as("lurah_banyurip").get(url).status_code == 200
    delete = reverse("coordination:attachment_delete", args=[meeting.pk, attachment.pk])
    assert client_as("mentor_dlh").post(delete).status_code == 404
    assert client_as("camat_selatan").post(delete).status_code == 403
    assert MeetingAttachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.django_db
def test_removing_an_attachment_removes_its_file_once_committed(persona, client_as, django_capture_on_commit_callbacks):
    lurah = persona("lurah_banyurip")
    meeting = musyawarah(lurah)
    attachment = meetings.add_attachment(lurah, meeting, SimpleUploadedFile("a.odt", odt_bytes()))
    name = attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("lurah_banyurip").post(
            reverse("coordination:attachment_delete", args=[meeting.pk, attachment.pk])
        )

    assert response.status_code == 302
    assert not MeetingAttachment.objects.exists()
    assert not default_storage.exists(name)
