"""Decree API: every role reads decrees and the lines in force; only the TKPK writes, with the form's checks."""

import datetime as dt

from dampingan.mentoring.models import Decree, Opd
from dampingan.regions.models import Region


def test_every_role_reads_the_lines_in_force(api_as, pekalongan):
    lines = api_as("viewer").get("/api/assignments/").json()
    jenggot = api_as("lurah_banyurip").get("/api/assignments/", {"kelurahan": "33.75.04.1004"}).json()
    before = api_as("viewer").get("/api/assignments/", {"on": "2021-12-31"}).json()

    assert len(lines) == 6 and {line["decree_number"] for line in lines} == {"401/0426"}
    assert [line["opd"] for line in jenggot] == ["DLH"]
    assert before == []


def test_the_tkpk_creates_a_decree_and_a_conflict_is_named(api_as, pekalongan):
    village = Region.objects.in_deployment().villages().exclude(code__startswith="33.75.04.").order_by("code").first()
    idle = Opd.objects.filter(assignments__isnull=True).order_by("abbreviation").first()
    body = {
        "number": "400/2026",
        "date": "2026-01-05",
        "valid_from": "2026-01-05",
        "lines": [{"kelurahan_code": village.code, "opd": idle.abbreviation}],
    }
    conflict = {**body, "number": "401/2026", "lines": [{"kelurahan_code": "33.75.04.1004", "opd": idle.abbreviation}]}

    refused = api_as("mentor_dlh").post("/api/decrees/", body, content_type="application/json")
    created = api_as("tkpk").post("/api/decrees/", body, content_type="application/json")
    clash = api_as("tkpk").post("/api/decrees/", conflict, content_type="application/json")

    assert refused.status_code == 403
    assert created.status_code == 201 and created.json()["lines"][0]["opd"] == idle.abbreviation
    assert clash.status_code == 422 and "401/0426" in str(clash.json()["detail"])
    assert not Decree.objects.filter(number="401/2026").exists()
    assert Decree.objects.get(number="400/2026").valid_from == dt.date(2026, 1, 5)


def test_an_end_before_the_start_is_refused_under_its_field(api_as, pekalongan):
    """Found by the fuzzer: the database constraint answered "Batasan decree_period_ordered dilanggar."."""
    body = {"number": "402/2026", "date": "2026-01-05", "valid_from": "2026-01-05", "valid_until": "2025-12-31"}

    response = api_as("tkpk").post("/api/decrees/", body, content_type="application/json")

    assert (response.status_code, response.json()) == (
        422,
        {"detail": {"valid_until": ["Masa berlaku berakhir sebelum dimulai."]}},
    )
    assert not Decree.objects.filter(number="402/2026").exists()
