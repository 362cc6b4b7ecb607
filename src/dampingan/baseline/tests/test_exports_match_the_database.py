"""The .xlsx exports hold exactly the records in scope, each problem with its latest monitoring entry."""

import io

import openpyxl
from django.urls import reverse

from dampingan.baseline import services
from dampingan.baseline.models import Potential, Problem

from .conftest import BANYURIP, JENGGOT, MEDONO, days_ago


def sheet_rows(response, index):
    """The rows of sheet ``index`` as dicts keyed by the header row."""
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[index].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_kelurahan_export_lists_its_problems_with_the_latest_update(
    client_as, persona, make_problem, make_potential
):
    mentor = persona("mentor_dlh")
    first = make_problem(JENGGOT, by="mentor_dlh", title="Sampah", priority=1, recorded_on=days_ago(50))
    second = make_problem(JENGGOT, by="mentor_dlh", title='=HYPERLINK("x")', priority=2, recorded_on=days_ago(50))
    services.add_problem_update(mentor, first, {"on": days_ago(5), "movement": "improving", "narrative": "baru"})
    services.add_problem_update(mentor, first, {"on": days_ago(20), "movement": "worse", "narrative": "lama"})
    make_potential(JENGGOT, by="mentor_dlh", name="Batik cap", enterprises=7, workers=21)
    make_problem(BANYURIP, title="Banjir rob")

    response = client_as("mentor_dlh").get(reverse("baseline:export_kelurahan", args=[JENGGOT]))
    problems, potentials = sheet_rows(response, 0), sheet_rows(response, 1)

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [(r["Prioritas"], r["Masalah"], r["Kode kelurahan"]) for r in problems] == [
        (1, "Sampah", JENGGOT),
        (2, second.title, JENGGOT),  # a formula-looking title stays text, as typed
    ]
    latest = problems[0]
    assert (latest["Perkembangan terakhir"], latest["Catatan terakhir"]) == ("Membaik", "baru")
    assert latest["Pemantauan terakhir"].date() == days_ago(5)
    assert problems[1]["Pemantauan terakhir"] is None
    assert [(r["Potensi"], r["Jumlah usaha"], r["Tenaga kerja"]) for r in potentials] == [("Batik cap", 7, 21)]


def test_the_city_export_follows_the_scope_of_who_downloads_it(client_as, make_problem, make_potential):
    make_problem(JENGGOT)
    make_problem(BANYURIP)
    make_problem(MEDONO)
    make_potential(MEDONO)

    everything = sheet_rows(client_as("tkpk").get(reverse("baseline:export_all")), 0)
    camat = sheet_rows(client_as("camat_selatan").get(reverse("baseline:export_all")), 0)
    mentor_potentials = sheet_rows(client_as("mentor_dlh").get(reverse("baseline:export_all")), 1)

    assert sorted(r["Kode kelurahan"] for r in everything) == sorted(
        Problem.objects.values_list("kelurahan_id", flat=True)
    )
    assert sorted(r["Kode kelurahan"] for r in camat) == [BANYURIP, JENGGOT]
    assert mentor_potentials == []
    assert Potential.objects.count() == 1


def test_a_kelurahan_export_outside_the_scope_is_not_found(client_as, make_problem):
    make_problem(BANYURIP)

    assert client_as("mentor_dlh").get(reverse("baseline:export_kelurahan", args=[BANYURIP])).status_code == 404
