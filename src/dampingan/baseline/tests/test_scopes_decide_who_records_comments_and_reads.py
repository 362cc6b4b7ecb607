"""Who may record, comment and read: the mentor in its own kelurahan, the lurah comments, the viewer reads."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dampingan.baseline import services
from dampingan.baseline.models import Comment, Potential, Problem
from dampingan.mentoring.models import ProblemCategory
from dampingan.regions.models import Region

from .conftest import BANYURIP, JENGGOT, MEDONO

NEW_PROBLEM = {
    "title": "Sampah menumpuk di saluran",
    "category": "lingkungan",
    "severity": "3",
    "priority": "1",
    "description": "",
    "root_cause": "Tidak ada TPS",
    "evidence_indicator": "",
    "recorded_on": "2025-05-02",
}


def test_the_mentor_records_a_problem_in_its_own_kelurahan_with_its_opd(client_as, persona):
    response = client_as("mentor_dlh").post(reverse("baseline:problem_list", args=[JENGGOT]), NEW_PROBLEM)

    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("baseline:problem_detail", args=[JENGGOT, problem.pk])
    assert (problem.kelurahan_id, problem.recorded_by, problem.opd.abbreviation) == (
        JENGGOT,
        persona("mentor_dlh"),
        "DLH",
    )
    entry = LogEntry.objects.get_for_object(problem).get()
    assert entry.actor == persona("mentor_dlh") and entry.action == LogEntry.Action.CREATE


def test_the_mentor_cannot_open_or_edit_another_kelurahan(client_as, make_problem):
    other = make_problem(BANYURIP)
    client = client_as("mentor_dlh")

    listing = client.get(reverse("baseline:problem_list", args=[BANYURIP]))
    create = client.post(reverse("baseline:problem_list", args=[BANYURIP]), NEW_PROBLEM)
    edit = client.post(reverse("baseline:problem_edit", args=[BANYURIP, other.pk]), {**NEW_PROBLEM, "status": "open"})
    update = client.post(reverse("baseline:problem_update", args=[BANYURIP, other.pk]), {"movement": "worse"})
    # The record's id under the mentor's own kelurahan does not reveal it either.
    disguised = client.get(reverse("baseline:problem_detail", args=[JENGGOT, other.pk]))

    assert [r.status_code for r in (listing, create, edit, update, disguised)] == [404] * 5
    other.refresh_from_db()
    assert (Problem.objects.count(), other.title, other.updates.count()) == (1, "Rumah tidak layak huni", 0)


def test_the_service_refuses_a_mentor_outside_its_kelurahan_even_without_the_page(persona, make_problem):
    other = make_problem(BANYURIP)

    with pytest.raises(PermissionDenied):
        services.create_problem(persona("mentor_dlh"), Region.objects.get(code=BANYURIP), {"title": "x"})
    with pytest.raises(PermissionDenied):
        services.update_problem(persona("mentor_dlh"), other, {"title": "Diubah"})
    assert Problem.objects.get().title == "Rumah tidak layak huni"


def test_the_lurah_reads_and_comments_but_cannot_record(client_as, persona, make_problem, make_potential):
    problem = make_problem(BANYURIP)
    potential = make_potential(BANYURIP)
    client = client_as("lurah_banyurip")

    page = client.get(reverse("baseline:problem_detail", args=[BANYURIP, problem.pk]))
    create = client.post(reverse("baseline:problem_list", args=[BANYURIP]), NEW_PROBLEM)
    edit = client.get(reverse("baseline:problem_edit", args=[BANYURIP, problem.pk]))
    update = client.post(reverse("baseline:problem_update", args=[BANYURIP, problem.pk]), {"movement": "worse"})
    potential_update = client.post(
        reverse("baseline:potential_update", args=[BANYURIP, potential.pk]), {"enterprises": 1, "workers": 1}
    )
    comment = client.post(
        reverse("baseline:problem_comment", args=[BANYURIP, problem.pk]), {"text": "Sudah dibahas di musyawarah."}
    )

    assert page.status_code == 200
    assert 'data-action="edit-problem"' not in page.text and 'id="add-update"' not in page.text
    assert 'name="text"' in page.text  # the comment form
    assert [r.status_code for r in (create, edit, update, potential_update)] == [403] * 4
    assert comment.status_code == 302
    saved = Comment.objects.get()
    assert (saved.problem, saved.author, saved.author_role) == (problem, persona("lurah_banyurip"), "lurah")
    assert Problem.objects.count() == 1 and problem.updates.count() == 0


def test_the_lurah_cannot_open_the_records_of_another_kelurahan(client_as, make_problem):
    other = make_problem(JENGGOT)
    client = client_as("lurah_banyurip")

    page = client.get(reverse("baseline:problem_detail", args=[JENGGOT, other.pk]))
    comment = client.post(reverse("baseline:problem_comment", args=[JENGGOT, other.pk]), {"text": "?"})

    assert (page.status_code, comment.status_code) == (404, 404)
    assert not Comment.objects.exists()


def test_a_comment_through_htmx_returns_the_refreshed_comment_list(client_as, make_potential):
    potential = make_potential(JENGGOT)

    response = client_as("camat_selatan").post(
        reverse("baseline:potential_comment", args=[JENGGOT, potential.pk]),
        {"text": "Perlu pelatihan pemasaran daring."},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="comments">')
    assert "Perlu pelatihan pemasaran daring." in response.text
    assert Comment.objects.get().potential == potential


def test_the_viewer_and_the_operator_read_everywhere_but_write_nothing(client_as, make_problem, make_potential):
    problem = make_problem(MEDONO)
    potential = make_potential(JENGGOT)

    for key in ("viewer", "operator"):
        client = client_as(key)
        pages = [
            client.get(reverse("baseline:problem_list", args=[MEDONO])),
            client.get(reverse("baseline:problem_detail", args=[MEDONO, problem.pk])),
            client.get(reverse("baseline:potential_detail", args=[JENGGOT, potential.pk])),
        ]
        writes = [
            client.post(reverse("baseline:problem_list", args=[MEDONO]), NEW_PROBLEM),
            client.post(reverse("baseline:problem_comment", args=[MEDONO, problem.pk]), {"text": "x"}),
            client.post(reverse("baseline:potential_edit", args=[JENGGOT, potential.pk]), {"name": "x"}),
        ]

        assert [r.status_code for r in pages] == [200] * 3, key
        assert [r.status_code for r in writes] == [403] * 3, key
        assert 'id="add-problem"' not in pages[0].text
    assert (Problem.objects.count(), Potential.objects.get().name, Comment.objects.count()) == (1, "Batik tulis", 0)


def test_the_camat_reads_its_kecamatan_only(client_as, make_problem):
    inside, outside = make_problem(JENGGOT), make_problem(MEDONO)
    client = client_as("camat_selatan")

    assert client.get(reverse("baseline:problem_detail", args=[JENGGOT, inside.pk])).status_code == 200
    assert client.get(reverse("baseline:problem_detail", args=[MEDONO, outside.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, pekalongan):
    response = client.get(reverse("baseline:problem_list", args=[JENGGOT]))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_mapping_compares_every_kelurahan_for_the_tkpk_and_only_its_own_for_the_lurah(
    client_as, make_problem, make_potential
):
    make_problem(JENGGOT, category="lingkungan")
    make_problem(JENGGOT, category="lingkungan", priority=2)
    make_problem(BANYURIP, category="bencana")
    make_potential(BANYURIP, sector="tempe")

    tkpk = client_as("tkpk").get(reverse("baseline:mapping"))
    lurah = client_as("lurah_banyurip").get(reverse("baseline:mapping"))

    tkpk_rows = [r for r in tkpk.context["rows"] if r.problems or r.potentials]
    assert len(tkpk.context["rows"]) == Region.objects.in_deployment().villages().count() == 27
    assert {(r.kelurahan.code, r.problems, r.by_category.get("lingkungan", 0)) for r in tkpk_rows} == {
        (JENGGOT, 2, 2),
        (BANYURIP, 1, 0),
    }
    assert [r.kelurahan.code for r in lurah.context["rows"]] == [BANYURIP]
    (row,) = lurah.context["rows"]
    assert (row.by_category, row.by_status, row.by_sector) == ({"bencana": 1}, {"open": 1}, {"tempe": 1})
    totals = dict(zip(ProblemCategory.values, tkpk.context["totals"]["categories"], strict=True))
    assert (totals["lingkungan"], totals["bencana"], sum(totals.values())) == (2, 1, 3)


def test_the_profile_lists_problems_by_priority_with_an_add_link_only_for_recorders(
    client_as, make_problem, make_potential
):
    make_problem(JENGGOT, title="Kedua", priority=2)
    make_problem(JENGGOT, title="Pertama", priority=1)
    make_potential(JENGGOT, name="Sentra batik")

    mentor = client_as("mentor_dlh").get(reverse("profiles:detail", args=[JENGGOT]))
    camat = client_as("camat_selatan").get(reverse("profiles:detail", args=[JENGGOT]))

    text = mentor.text
    assert text.index("Pertama") < text.index("Kedua")
    assert "Sentra batik" in text
    assert 'data-action="add-problem"' in text
    assert 'data-action="add-problem"' not in camat.text and "Pertama" in camat.text
