"""Assignment decrees: the database and the service both refuse contradictory lines, with messages that
name the conflicting line and decree; drafts bind nobody until signed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dampingan.mentoring import decrees
from dampingan.mentoring.models import Assignment, Decree, DecreeStatus, Opd, ProgrammeSettings
from dampingan.regions.models import Region

JENGGOT, BANYURIP = "33.75.04.1004", "33.75.04.1002"


def opd(abbreviation: str) -> Opd:
    return Opd.objects.get(abbreviation=abbreviation)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def elsewhere(n: int) -> list[Region]:
    """Villages outside Pekalongan Selatan, where the demo decree assigns nobody."""
    return list(Region.objects.in_deployment().villages().exclude(code__startswith="33.75.04.").order_by("code")[:n])


def new_decree(number: str, start: dt.date, end: dt.date | None = None, status: str = "signed") -> Decree:
    return Decree(number=number, date=start, valid_from=start, valid_until=end, status=status)


@pytest.mark.parametrize("kelurahan_first", [True, False])
def test_the_database_refuses_a_second_opd_for_a_kelurahan_in_an_overlapping_period(pekalongan, kelurahan_first):
    later = Decree.objects.create(number="X/1", date=dt.date(2023, 1, 1), valid_from=dt.date(2023, 1, 1))
    busy = opd("Bapperida") if kelurahan_first else opd("DLH")
    place = JENGGOT if kelurahan_first else elsewhere(1)[0].code

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(decree=later, opd=busy, kelurahan_id=place)

    assert not Assignment.objects.filter(decree=later).exists()


def test_the_database_allows_lines_whose_periods_do_not_overlap_and_draft_lines(pekalongan):
    Decree.objects.filter(number="401/0426").update(valid_until=dt.date(2024, 12, 31))
    Assignment.objects.filter(decree__number="401/0426").update(valid_until=dt.date(2024, 12, 31))
    after = Decree.objects.create(number="X/2", date=dt.date(2025, 1, 1), valid_from=dt.date(2025, 1, 1))
    draft = Decree.objects.create(
        number="X/3", date=dt.date(2023, 1, 1), valid_from=dt.date(2023, 1, 1), status="draft"
    )

    Assignment.objects.create(decree=after, opd=opd("Bapperida"), kelurahan_id=JENGGOT)
    Assignment.objects.create(decree=draft, opd=opd("Bapperida"), kelurahan_id=BANYURIP)

    assert Assignment.objects.in_force(dt.date(2025, 6, 1)).get(kelurahan_id=JENGGOT).opd.abbreviation == "Bapperida"
    assert not Assignment.objects.in_force(dt.date(2023, 6, 1)).filter(decree=draft).exists()


def test_the_service_names_the_conflicting_line_and_decree(pekalongan, persona):
    decree = new_decree("100/2023", dt.date(2023, 1, 1))

    with pytest.raises(ValidationError) as refused:
        decrees.save_decree(persona("tkpk"), decree, [decrees.Line(region(JENGGOT), opd("Bapperida"), row=3)])

    message = " ".join(refused.value.messages)
    assert "Baris 3" in message and "Jenggot" in message and "DLH" in message and "401/0426" in message
    assert not Decree.objects.filter(number="100/2023").exists()


def test_an_opd_may_mentor_more_kelurahan_only_when_the_setting_allows(pekalongan, persona):
    idle = Opd.objects.exclude(assignments__isnull=False).order_by("abbreviation").first()
    lines = [decrees.Line(village, idle) for village in elsewhere(2)]

    with pytest.raises(ValidationError) as refused:
        decrees.save_decree(persona("tkpk"), new_decree("200/2023", dt.date(2023, 1, 1)), lines)
    ProgrammeSettings.objects.create(max_kelurahan_per_opd=2)
    saved = decrees.save_decree(persona("tkpk"), new_decree("201/2023", dt.date(2023, 1, 1)), lines)

    assert "1" in " ".join(refused.value.messages) and idle.abbreviation in " ".join(refused.value.messages)
    assert saved.lines.count() == 2


def test_a_draft_is_stored_then_checked_when_it_is_signed(pekalongan, persona):
    draft = new_decree("300/2023", dt.date(2023, 1, 1), status=DecreeStatus.DRAFT)
    decrees.save_decree(persona("tkpk"), draft, [decrees.Line(region(JENGGOT), opd("Bapperida"))])

    with pytest.raises(ValidationError):
        decrees.sign_decree(persona("tkpk"), Decree.objects.get(number="300/2023"))

    draft.refresh_from_db()
    assert draft.status == "draft" and not Assignment.objects.get(decree=draft).active


def test_a_period_ending_before_it_starts_and_a_foreign_kelurahan_are_refused(pekalongan, persona, client_as):
    semarang = Region.objects.filter(level=4).exclude(code__startswith="33.75.").first()
    response = client_as("tkpk").post(
        "/penugasan/sk/baru/",
        {
            "number": "400/2023",
            "date": "2023-01-01",
            "valid_from": "2023-02-01",
            "valid_until": "2023-01-01",
            "status": "signed",
        },
    )

    assert response.status_code == 200
    assert "Masa berlaku berakhir sebelum dimulai." in response.content.decode()
    if semarang is not None:
        with pytest.raises(ValidationError):
            decrees.save_decree(
                persona("tkpk"), new_decree("401/2023", dt.date(2023, 1, 1)), [decrees.Line(semarang, opd("DLH"))]
            )
    assert not Decree.objects.filter(number__in=["400/2023", "401/2023"]).exists()


def test_only_the_tkpk_admin_manages_decrees(client_as, pekalongan):
    assert client_as("mentor_dlh").get("/penugasan/sk/baru/").status_code == 403
    assert client_as("viewer").get("/penugasan/").status_code == 200


def test_a_decree_changed_by_any_path_carries_its_lines_along(pekalongan):
    Decree.objects.filter(number="401/0426").update(valid_until=dt.date(2023, 12, 31))

    assert set(Assignment.objects.values_list("valid_until", flat=True)) == {dt.date(2023, 12, 31)}
    assert not Assignment.objects.in_force(dt.date(2024, 1, 1)).exists()
    Decree.objects.filter(number="401/0426").update(status="draft")
    assert not Assignment.objects.filter(active=True).exists()


def test_every_conflict_of_a_signed_decree_is_named_line_by_line_then_across_decrees(pekalongan):
    retired = opd("Dinarpus")
    retired.is_active = False
    retired.save()
    lines = [
        decrees.Line(region(JENGGOT), opd("Bapperida"), row=2),
        decrees.Line(region(BANYURIP), retired, row=3),
        decrees.Line(region(JENGGOT), opd("Bapperida"), row=4),
    ]

    problems = decrees.conflicts(new_decree("500/2023", dt.date(2023, 1, 1)), lines)
    draft = decrees.conflicts(new_decree("501/2023", dt.date(2023, 1, 1), status=DecreeStatus.DRAFT), lines)

    overlaps = "(3 Jan 2022 \N{EN DASH} tanpa batas waktu), yang masa berlakunya beririsan dengan keputusan ini."
    own = [
        "Baris 3: OPD Dinarpus sudah tidak aktif.",
        "Kelurahan 33.75.04.1004 muncul lebih dari sekali dalam keputusan ini (baris 2, 4).",
    ]
    assert problems == [
        *own,
        f"Baris 2: Jenggot sudah didampingi DLH menurut keputusan 401/0426 {overlaps}",
        f"Baris 3: Banyurip sudah didampingi BPBD menurut keputusan 401/0426 {overlaps}",
        f"Baris 4: Jenggot sudah didampingi DLH menurut keputusan 401/0426 {overlaps}",
        "Baris 2: Bapperida akan mendampingi 2 kelurahan sekaligus; program mengizinkan 1.",
        "Baris 3: Dinarpus akan mendampingi 2 kelurahan sekaligus; program mengizinkan 1. "
        "Sudah mendampingi: Buaran Kradenan (401/0426).",
    ]
    assert draft == own
