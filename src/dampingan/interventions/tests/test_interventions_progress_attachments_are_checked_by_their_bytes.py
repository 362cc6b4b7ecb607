"""A progress report's attachment must be a PDF, JPEG or PNG by its bytes and within the size limit;
it is served only to users who may read the intervention, with the detected content type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dampingan.interventions import attachments, services
from dampingan.interventions.models import ProgressReport

from .intervention_helpers import EXE_BYTES, PDF_BYTES, days_ago, plan

PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


@pytest.fixture
def tempe(persona):
    return plan(persona("mentor_dindagkop"))


def _report(persona, tempe, upload):
    return services.report_progress(
        persona("mentor_dindagkop"), tempe, {"date": days_ago(1), "physical_percent": "20"}, {}, upload
    )


def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(persona, tempe, settings):
    with pytest.raises(ValidationError) as refused:
        _report(persona, tempe, SimpleUploadedFile("laporan.pdf", EXE_BYTES, content_type="application/pdf"))

    assert refused.value.message_dict == {"attachment": ["laporan.pdf bukan berkas PDF, JPEG, atau PNG."]}
    assert not ProgressReport.objects.exists()
    assert not (settings.MEDIA_ROOT / "interventions").exists()


def test_a_file_over_the_limit_is_refused(persona, tempe, monkeypatch):
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 1024)

    with pytest.raises(ValidationError) as refused:
        _report(persona, tempe, SimpleUploadedFile("foto.png", PNG_HEAD + b"\x00" * 2000))

    assert "lebih besar dari" in refused.value.message_dict["attachment"][0]


def test_a_png_named_pdf_is_stored_as_png_and_served_as_png(persona, tempe, client_as):
    report = _report(persona, tempe, SimpleUploadedFile("foto.pdf", PNG_HEAD, content_type="application/pdf"))
    url = reverse("interventions:progress_attachment", args=[tempe.pk, report.pk])

    response = client_as("camat_selatan").get(url)

    assert report.attachment.name.endswith(".png") and default_storage.exists(report.attachment.name)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG_HEAD
    assert client_as("mentor_dlh").get(url).status_code == 404


def test_the_form_names_a_wrong_attachment_with_the_other_mistakes(client_as, tempe):
    response = client_as("mentor_dindagkop").post(
        reverse("interventions:intervention_progress", args=[tempe.pk]),
        {
            "date": days_ago(1).isoformat(),
            "physical_percent": "150",
            "attachment": SimpleUploadedFile("x.pdf", EXE_BYTES),
        },
    )

    errors = response.context["form"].errors
    assert set(errors) == {"attachment", "physical_percent"}
    assert not ProgressReport.objects.exists()


def test_a_pdf_is_accepted(persona, tempe):
    report = _report(persona, tempe, SimpleUploadedFile("notulen.pdf", PDF_BYTES))

    assert attachments.kind_of_stored(report.attachment.name) == attachments.PDF
