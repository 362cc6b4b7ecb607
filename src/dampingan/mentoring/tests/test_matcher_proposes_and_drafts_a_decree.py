"""The matcher page: only the TKPK may use it; it proposes OPDs for the demo city from the registry, keeps
the locked assignments in force, and turns a proposal into a draft decree without touching signed ones."""

import datetime as dt

import pytest
from django.urls import reverse

from dampingan.mentoring import matching
from dampingan.mentoring.models import Assignment, Decree, DecreeStatus, Opd
from dampingan.regions.models import Region
from dampingan.registry import deprivations

URL = reverse("mentoring:matcher")
JENGGOT, BANYURIP = "33.75.04.1004", "33.75.04.1002"
PEKALONGAN_BARAT = "33.75.01"


def default_opds() -> list[int]:
    return list(Opd.objects.active().filter(kind__in=matching.DEFAULT_KINDS).values_list("pk", flat=True))


def query(scope: str = "", opds: list[int] | None = None, lock: list[str] | None = None) -> dict[str, object]:
    return {"run": "1", "scope": scope, "opds": opds if opds is not None else default_opds(), "lock": lock or []}


def in_force_locks() -> list[str]:
    return [f"{a.kelurahan_id}:{a.opd_id}" for a in Assignment.objects.in_force()]


@pytest.mark.parametrize("who", ["mentor_dlh", "camat_selatan", "lurah_banyurip", "operator", "viewer"])
def test_only_the_tkpk_may_open_the_matcher_or_draft_a_decree(client_as, who):
    client = client_as(who)

    assert client.get(URL).status_code == 403
    assert client.post(reverse("mentoring:matcher_draft"), {"number": "X"}).status_code == 403


def test_the_mapping_page_links_to_the_matcher_and_the_form_starts_with_the_defaults(client_as):
    assert URL in client_as("tkpk").get(reverse("mentoring:mapping")).content.decode()

    page = client_as("tkpk").get(URL)

    form = page.context["form"]
    assert page.status_code == 200 and page.context["result"] is None
    assert sorted(form["opds"].initial) == sorted(default_opds())
    assert not Opd.objects.filter(pk__in=form["opds"].initial, kind="kecamatan").exists()
    assert sorted(form["lock"].initial) == sorted(in_force_locks())


def test_every_registry_deprivation_has_problem_categories():
    # A new deprivation must be placed deliberately, not silently ignored by the matcher.
    assert {d.key for d in deprivations.DEPRIVATIONS} == set(matching.DEPRIVATION_CATEGORIES)


def test_a_proposal_on_the_demo_registry_is_one_to_one_with_reasons_and_keeps_the_locked_pairs(client_as, registry):
    page = client_as("tkpk").get(URL, query(lock=in_force_locks()))

    result = page.context["result"]
    assert page.status_code == 200
    assert result.release == registry
    lines = dict(result.lines)
    assert len(set(lines.values())) == len(lines)  # one to one
    # 27 kelurahan, 23 agencies: some kelurahan stay without an OPD, and they are reported.
    assert len(lines) + len(result.unassigned) == 27
    assert {a.kelurahan_id: a.opd_id for a in Assignment.objects.in_force()}.items() <= lines.items()
    locked_rows = [row for row in result.rows if row["locked"]]
    assert {row["village"].code for row in locked_rows} == set(
        Assignment.objects.in_force().values_list("kelurahan_id", flat=True)
    )
    free = [row for row in result.rows if row["opd"] and not row["locked"]]
    assert free and all(row["fit"] > 0 and row["reasons"] for row in free)
    assert result.proposal.total_fit == pytest.approx(sum(row["fit"] for row in result.rows if row["opd"]))
    body = page.content.decode()
    assert 'id="fit-matrix"' in body and 'class="best' in body and 'id="draft-form"' in body
    # BKD acts on no category: it appears in the matrix but is never proposed.
    bkd = Opd.objects.get(abbreviation="BKD")
    assert bkd.pk not in lines.values() and bkd in result.idle


def test_unlocking_frees_the_pairs_in_force_for_the_matcher(client_as, registry):
    result = client_as("tkpk").get(URL, query(scope="33.75.04")).context["result"]

    assert not any(row["locked"] for row in result.rows)
    assert len(result.lines) == 6  # six kelurahan in Pekalongan Selatan, more than enough OPDs


def test_one_kecamatan_leaves_out_the_opds_busy_elsewhere(client_as, registry):
    result = client_as("tkpk").get(URL, query(scope=PEKALONGAN_BARAT, lock=in_force_locks())).context["result"]

    busy = set(Assignment.objects.in_force().values_list("opd_id", flat=True))
    assert {v.code[:8] for v in result.villages} == {PEKALONGAN_BARAT}
    assert {o.pk for o in result.busy_elsewhere} == busy
    assert not busy & {opd_id for _code, opd_id in result.lines}


def test_the_proposal_becomes_a_draft_decree_and_the_signed_decree_is_untouched(client_as, registry):
    client = client_as("tkpk")
    signed = Decree.objects.get(number="401/0426")
    signed_lines = sorted(signed.lines.values_list("kelurahan_id", "opd_id"))
    page = client.get(URL, query(lock=in_force_locks()))
    lines = page.context["result"].lines

    answer = client.post(
        reverse("mentoring:matcher_draft"),
        {
            "number": "050/USULAN/2026",
            "date": "2026-01-05",
            "valid_from": "2026-02-01",
            "valid_until": "2026-12-31",
            "title": "Usulan",
            "line": [f"{code}:{opd_id}" for code, opd_id in lines],
            "query": "",
        },
    )

    draft = Decree.objects.get(number="050/USULAN/2026")
    assert answer.status_code == 302 and answer["Location"] == reverse("mentoring:decree_detail", args=[draft.pk])
    assert draft.status == DecreeStatus.DRAFT
    assert (draft.valid_from, draft.valid_until) == (dt.date(2026, 2, 1), dt.date(2026, 12, 31))
    assert sorted(draft.lines.values_list("kelurahan_id", "opd_id")) == sorted(lines)
    assert not draft.lines.filter(active=True).exists()  # a draft binds nobody
    signed.refresh_from_db()
    assert signed.status == DecreeStatus.SIGNED
    assert sorted(signed.lines.values_list("kelurahan_id", "opd_id")) == signed_lines
    assert sorted(Assignment.objects.in_force().values_list("kelurahan_id", "opd_id")) == signed_lines


def test_a_draft_that_cannot_be_saved_shows_why_and_writes_nothing(client_as, registry):
    client = client_as("tkpk")
    dlh = Opd.objects.get(abbreviation="DLH")
    params = "run=1&scope=33.75.04"

    answer = client.post(
        reverse("mentoring:matcher_draft"),
        {
            "number": "401/0426",  # already taken
            "date": "2026-01-05",
            "valid_from": "2026-01-05",
            "line": [f"{JENGGOT}:{dlh.pk}", f"{BANYURIP}:{dlh.pk}"],
            "query": params,
        },
    )

    assert answer.status_code == 200
    assert answer.context["draft"].errors
    assert answer.context["result"] is not None  # the proposal is shown again beside the errors
    assert Decree.objects.count() == 1


def test_a_damaged_proposal_is_refused(client_as):
    answer = client_as("tkpk").post(
        reverse("mentoring:matcher_draft"),
        {"number": "X/1", "date": "2026-01-05", "valid_from": "2026-01-05", "line": ["99.99.99.9999:1", "nonsense"]},
    )

    assert answer.status_code == 200 and answer.context["draft"].non_field_errors()
    assert not Decree.objects.filter(number="X/1").exists()


@pytest.mark.skipif(matching.baseline_problem_model() is None, reason="the baseline app has no Problem model")
def test_an_open_problem_recorded_in_the_baseline_adds_to_its_category(persona):
    from django.apps import apps

    problem = apps.get_model("baseline", "Problem")
    damkar = Opd.objects.get(abbreviation="Satpol PP-Damkar")  # acts on disaster only, which the registry lacks
    villages = list(Region.objects.filter(code__in=[JENGGOT, BANYURIP]))
    problem.objects.create(
        kelurahan_id=BANYURIP,
        recorded_on=dt.date(2026, 1, 5),
        recorded_by=persona("tkpk"),
        category="bencana",
        title="Rob",
        severity=4,
        priority=2,
    )
    problem.objects.create(
        kelurahan_id=JENGGOT,
        recorded_on=dt.date(2026, 1, 5),
        recorded_by=persona("tkpk"),
        category="bencana",
        title="Banjir lama",
        severity=4,
        priority=1,
        status="resolved",
    )

    result = matching.run_matcher(villages, [damkar], [], dt.date(2026, 1, 5))

    assert result.lines == [(BANYURIP, damkar.pk)]
    assert result.proposal.total_fit == pytest.approx(4 / 4 / 2)
    (reason,) = next(row for row in result.rows if row["opd"])["reasons"]
    assert "Rob" in reason.sources[0][0]
