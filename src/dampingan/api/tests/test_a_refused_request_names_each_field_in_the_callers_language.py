"""A request the schema refuses is answered like one the services refuse: 422 ``{"detail": {"field": [...]}}``,
in Bahasa Indonesia unless the caller asks for English (pydantic's English list of
``{"type", "loc", "msg"}`` beside the services' Indonesian fields made a caller read two shapes)."""

import json

import pytest

from dampingan.interventions.models import Intervention

pytestmark = pytest.mark.django_db
URL = "/api/interventions/"


def _post(client, body, **headers):
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


def test_each_refused_field_of_a_body_is_named_with_its_sentence(api_as):
    body = {
        "title": "Modal usaha perajin tempe",
        "kelurahan_codes": [33],
        "kind": "modal_usaha",
        "strategy": "tingkatkan_pendapatan",
        "cluster": "3",
        "start_date": "26-06-2025",
        "lead_opd_id": 0,
        "city_wide": "ya",
        "targets": [{"description": "Perajin menerima modal", "unit": "orang", "target": "25"}, {"unit": "orang"}],
        "budget": 5,
    }

    response = _post(api_as("tkpk"), body)

    assert response.status_code == 422
    assert response.json()["detail"] == {
        "kelurahan_codes.0": ["Masukkan teks."],
        "cluster": ['Masukkan bilangan bulat, ditulis sebagai angka JSON (2, bukan "2").'],
        "horizon": ["Bidang ini wajib diisi."],
        "start_date": ["Masukkan tanggal dalam bentuk YYYY-MM-DD, misalnya 2025-06-26."],
        "lead_opd_id": ["Masukkan nilai paling kecil 1."],
        "city_wide": ["Masukkan true atau false."],
        "targets.1.description": ["Bidang ini wajib diisi."],
        "targets.1.target": ["Bidang ini wajib diisi."],
        "budget": ["Bidang ini bukan bagian dari permintaan; hapus bidang ini."],
    }
    assert not Intervention.objects.exists()


def test_query_and_path_parameters_are_named_as_sent(api_as):
    api = api_as("tkpk")

    listed = api.get(URL, {"limit": "sepuluh", "offset": -1})
    one = api.get(f"{URL}pertama")
    nul = api.get("/api/registry/households", {"kelurahan": "33750\x0001001"})

    assert (listed.status_code, listed.json()) == (
        422,
        {"detail": {"limit": ["Masukkan bilangan bulat."], "offset": ["Masukkan nilai paling kecil 0."]}},
    )
    assert (one.status_code, one.json()) == (422, {"detail": {"intervention_id": ["Masukkan bilangan bulat."]}})
    assert (nul.status_code, nul.json()) == (422, {"detail": {"kelurahan": ["Teks tidak boleh memuat karakter NUL."]}})


def test_a_body_that_is_not_an_object_or_not_json(api_as):
    api = api_as("tkpk")

    a_list = _post(api, [])
    broken = api.post(URL, "{judul", content_type="application/json")
    nul = _post(api, {"title": "Modal\x00usaha"})

    assert (a_list.status_code, a_list.json()) == (422, {"detail": {"body": ["Kirim sebuah objek JSON."]}})
    assert (nul.status_code, nul.json()) == (422, {"detail": {"body": ["Karakter null tidak diizinkan."]}})
    assert (broken.status_code, broken.json()) == (
        400,
        {"detail": "Isi permintaan tidak dapat dibaca: kirim JSON atau formulir multipart."},
    )


def test_a_caller_who_chose_english_reads_english(api_as, settings):
    """The language chosen with the switch (its cookie), as on the pages; not the Accept-Language header."""
    api = api_as("tkpk")
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = api.get(URL, {"limit": "ten"}, HTTP_ACCEPT_LANGUAGE="id")

    assert response.json() == {"detail": {"limit": ["Give a whole number."]}}
