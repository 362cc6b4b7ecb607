"""A name typed with a right-to-left override (U+202E) would show in a list as another name: whichever
way a text comes in — a page's form, the API, a service — it is stored and shown without bidirectional controls."""

import json

from django.urls import reverse

from dampingan.baseline import services
from dampingan.baseline.models import Potential, Problem
from dampingan.interventions.models import Partner
from dampingan.regions.models import Region

JENGGOT = "33.75.04.1004"  # mentored by DLH (mentor_dlh)
SPOOFED = "Sampah di \u202esaluran\u202c RW 03"
PLAIN = "Sampah di saluran RW 03"


def test_a_title_typed_in_a_page_form_is_stored_and_listed_without_them(client_as):
    client = client_as("mentor_dlh")
    form = {"title": SPOOFED, "category": "lingkungan", "severity": "3", "priority": "1", "description": "",
            "root_cause": "Tidak ada \u2066TPS\u2069", "evidence_indicator": "",
            "recorded_on": "2025-05-02"}  # fmt: skip

    response = client.post(reverse("baseline:problem_list", args=[JENGGOT]), form)

    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.title, problem.root_cause) == (PLAIN, "Tidak ada TPS")
    listing = client.get(reverse("baseline:problem_list", args=[JENGGOT])).content.decode()
    assert PLAIN in listing and "\u202e" not in listing


def test_a_name_sent_to_the_api_is_stored_and_answered_without_them(api_as):
    api = api_as("tkpk")

    body = json.dumps({"name": "BAZNAS \u202eKota\u202c", "kind": "baznas"})
    partner = api.post("/api/partners/", body, content_type="application/json")
    potential = api.post(
        "/api/baseline/potentials",
        {"kelurahan_code": JENGGOT, "sector": "batik", "name": "Batik \u200fTulis", "enterprises": 4, "workers": 9},
        content_type="application/json",
    )

    assert partner.status_code == 201 and partner.json()["name"] == "BAZNAS Kota"
    assert Partner.objects.get(pk=partner.json()["id"]).name == "BAZNAS Kota"
    assert potential.status_code == 201 and Potential.objects.get().name == "Batik Tulis"


def test_text_without_them_is_left_exactly_as_typed(persona):
    # Arabic and Javanese script, and a zero-width joiner, are text, not controls.
    title = "Musala \u0627\u0644\u0646\u0648\u0631 \ua98f\ua9ba\ua9b4 \u200d"
    data = {"category": "perumahan", "title": title, "severity": 3, "priority": 1}

    problem = services.create_problem(persona("tkpk"), Region.objects.get(code=JENGGOT), data)

    problem.refresh_from_db()
    assert problem.title == title
