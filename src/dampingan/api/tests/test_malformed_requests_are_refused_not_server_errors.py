"""Requests that schemathesis found answered with 500 get a 4xx and a message, and nothing half-stored:
a year far out of range, an empty region code in a participant (stored as no region, not as a broken link), a
body over the size limit, a multipart body with a broken boundary."""

import json

import pytest
from django.test import Client

from dampingan.coordination.models import Meeting

from .test_meetings_api_uses_the_same_scopes_and_rules import catur_pilar_body, post

pytestmark = pytest.mark.django_db


def test_a_year_out_of_range_is_refused(api_as):
    response = api_as("tkpk").get("/api/meetings/", {"year": 840004})

    assert response.status_code == 422 and "year" in response.content.decode()


def test_an_empty_region_code_of_a_participant_names_no_region(api_as):
    body = catur_pilar_body(participants=[{"body": "lurah", "body_region_code": ""}])

    response = post(api_as("camat_selatan"), "/api/meetings/", body)

    assert response.status_code == 201, response.content
    (participant,) = response.json()["participants"]
    assert participant["body_region_code"] is None
    assert Meeting.objects.get().participants.get().body_region_id is None


def test_a_body_over_the_limit_answers_413(api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = catur_pilar_body(agenda="x" * 5000)

    response = api_as("camat_selatan").post("/api/meetings/", json.dumps(body), content_type="application/json")

    assert response.status_code == 413
    assert not Meeting.objects.exists()


def test_a_broken_multipart_body_answers_400(persona):
    from dampingan.accounts.models import ApiToken

    _token, secret = ApiToken.issue(persona("viewer"), "fuzz")
    client = Client(headers={"Authorization": f"Bearer {secret}"})

    response = client.generic(
        "POST",
        "/api/interventions/1/beneficiaries/import",
        b'--abc\r\nContent-Disposition: form-data; name="file"\r\n\r\nx',
        content_type="multipart/form-data; boundary=",
    )

    assert response.status_code == 400
