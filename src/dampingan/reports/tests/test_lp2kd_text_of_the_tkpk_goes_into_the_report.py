"""Chapter VIII and the local Perda are the text the TKPK writes on the LP2KD's page; only the TKPK admin may
write it, and the next generation carries it into the files."""

from __future__ import annotations

from django.urls import reverse

from dampingan.reports.lp2kd_narrative import Lp2kdNarrative, paragraphs

from .conftest import YEAR, docx_text
from .lp2kd_support import generate_lp2kd

TEXT = {
    "perda": "Peraturan Daerah Kota Pekalongan Nomor 1 Tahun 2020 (contoh)",
    "problems": "Data DTKS belum mutakhir di beberapa kelurahan.\n\nAnggaran pendampingan\nterbatas.",
    "recommendations": "Verifikasi data setiap triwulan.",
}


def test_the_tkpk_writes_the_text_and_the_next_generation_carries_it(pekalongan, persona, client_as, immediate_tasks):
    report = generate_lp2kd(persona("tkpk"), YEAR)
    assert "Perda: —" in docx_text(report)
    client = client_as("tkpk")
    page = client.get(reverse("reports:detail", args=[report.pk]))
    assert b'data-form="lp2kd-narrative"' in page.content

    response = client.post(reverse("reports:lp2kd_narrative", args=[report.pk]), TEXT)

    assert response.status_code == 302
    saved = Lp2kdNarrative.objects.get(year=YEAR)
    assert saved.edited_by == persona("tkpk")
    text = docx_text(generate_lp2kd(persona("tkpk"), YEAR))
    assert f"Perda: {TEXT['perda']}" in text
    assert "Data DTKS belum mutakhir di beberapa kelurahan." in text
    assert "Anggaran pendampingan terbatas." in text  # lines of one paragraph joined
    assert "Verifikasi data setiap triwulan." in text


def test_other_roles_see_no_form_and_cannot_post(pekalongan, persona, client_as, immediate_tasks):
    report = generate_lp2kd(persona("tkpk"), YEAR)
    viewer = client_as("viewer")

    page = viewer.get(reverse("reports:detail", args=[report.pk]))
    refused = viewer.post(reverse("reports:lp2kd_narrative", args=[report.pk]), TEXT)

    assert page.status_code == 200 and b"lp2kd-narrative" not in page.content
    assert refused.status_code == 403
    assert not Lp2kdNarrative.objects.exists()


def test_a_text_too_long_is_refused_with_the_field_named(pekalongan, persona, client_as, immediate_tasks):
    report = generate_lp2kd(persona("tkpk"), YEAR)

    response = client_as("tkpk").post(
        reverse("reports:lp2kd_narrative", args=[report.pk]), {**TEXT, "perda": "P" * 300}
    )

    assert response.status_code == 422
    assert b'role="alert"' in response.content
    assert not Lp2kdNarrative.objects.exists()


def test_paragraphs_split_on_blank_lines():
    assert paragraphs("a\nb\n\n  \nc\r\n") == ["a b", "c"]
    assert paragraphs("   ") == []
