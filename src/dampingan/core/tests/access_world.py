"""One object of each kind the routes take, in each *place* of the access matrix (core/access_matrix.py).

Places: ``J`` Jenggot (mentored by DLH), ``K`` Kuripan Kertoharjo (Dindagkop-UKM), ``B`` Banyurip (BPBD,
lurah_banyurip's), ``M`` Medono (Pekalongan Barat, another kecamatan, no OPD assigned), ``O`` Jenggot with the
records of another OPD (Disperkim) and ``X``: what a
guesser sends, an id or code that does not exist, or what no one should open by id (a household of a draft
release). Built once per test module through the demo loader, the services and, for Medono where no
mentor may write, the ORM.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dampingan.accounts.models import ApiToken, User
from dampingan.coordination import action_items, meetings
from dampingan.coordination.models import (
    Decision,
    Meeting,
    MeetingKind,
    MeetingStatus,
    TkpkTeam,
)
from dampingan.indicators.models import IndicatorTarget, IndicatorValue
from dampingan.interventions.models import (
    Beneficiary,
    BeneficiarySource,
    BudgetLine,
    Intervention,
    Partner,
    Pledge,
    ProgressReport,
)
from dampingan.mentoring.models import Decree, Opd
from dampingan.regions.models import KelurahanAlias, Region
from dampingan.registry import imports
from dampingan.registry import services as registry_services
from dampingan.registry.models import Family, Household, Member, RegistryRelease, RegistryUpload
from dampingan.registry.synth import synth_registry
from dampingan.reports import services as report_services
from dampingan.reports.kinds import ReportKind, ReportParameters
from dampingan.reports.models import Report
from dampingan.visits.models import MonthlyReport, TeamMember, Visit, VisitPhoto

PLACES = {
    "J": ("33.75.04.1004", "DLH"),
    "K": ("33.75.04.1006", "Dindagkop-UKM"),
    "B": ("33.75.04.1002", "BPBD"),
    "M": ("33.75.01.1002", "Disperkim"),
    # Jenggot again, with records of another OPD (Disperkim): what mentor_dlh finds in its own kelurahan
    # that its OPD did not write.
    "O": ("33.75.04.1004", "Disperkim"),
}
# What a guesser sends: a kelurahan code of another kab/kota, an id no row has.
MISSING_CODE = "33.74.04.1004"
MISSING_ID = 987654
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c6360000000020001e221bc330000000049454e44ae426082"
)


@dataclass
class World:
    """``ids[place][kind]`` → the value a route parameter of that kind takes for that place."""

    ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, int] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    media_root: Any = None
    # Every NIK and No KK the world holds (registry members and families, beneficiaries).
    identifiers: set[str] = field(default_factory=set)


def _day(year: int, month: int, day: int = 1) -> dt.date:
    return dt.date(year, month, day)


def build_world(persona_usernames: dict[str, str]) -> World:
    from dampingan.demo.services import load_demo

    load_demo(region_roots=["33.75"], registry_persons=600, coordination=True)
    users = {key: User.objects.get(username=name) for key, name in persona_usernames.items()}
    tkpk, operator = users["tkpk"], users["operator"]
    mentor_of = {"J": users["mentor_dlh"], "K": users["mentor_dindagkop"]}
    world = World(users=users)
    for key, user in users.items():
        token, secret = ApiToken.issue(user, "matriks akses")
        world.tokens[key] = secret
        world.token_ids[key] = token.pk

    first = RegistryRelease.objects.get(status="current")
    plan = imports.plan_import(synth_registry(300, "33.75", seed=30).write_csv().encode(), "rilis-matriks.csv")
    approved = registry_services.approve_release(
        tkpk, imports.run_import(operator, plan, source="dtks"), sk_number="MATRIKS/1", sk_date=dt.date(2025, 5, 5)
    )
    plan = imports.plan_import(synth_registry(300, "33.75", seed=31).write_csv().encode(), "draf-matriks.csv")
    draft = imports.run_import(operator, plan, source="dtks")
    today = timezone.localdate()
    this_month = today.replace(day=1)
    partner = Partner.objects.order_by("pk").first()
    team = TkpkTeam.objects.order_by("pk").first()
    draft_decree = Decree.objects.create(
        number="DRAF/MATRIKS/1", date=today, valid_from=today, status="draft", title="SK draf matriks akses"
    )
    draft_decree.pdf.save("sk-draf.pdf", ContentFile(PDF_BYTES))
    lp2kd_job = report_services.request_report(tkpk, ReportKind.LP2KD, ReportParameters(2025))
    report_services.run_job(lp2kd_job.pk)
    upload = RegistryUpload.objects.create(
        uploaded_by=operator,
        file=SimpleUploadedFile("matriks.csv", b"a;b\n1;2\n"),
        file_name="matriks.csv",
        checksum="0" * 64,
        source="dtks",
        status="failed",
    )
    value = IndicatorValue.objects.order_by("pk").first()
    target = IndicatorTarget.objects.order_by("pk").first()
    alias = KelurahanAlias.objects.order_by("pk").first()
    common = {
        "release": approved.pk,
        "release_old": first.pk,
        "lp2kd": report_services.report_id_of(lp2kd_job),
        "partner": partner.pk,
        "team": team.pk,
        "decree": draft_decree.pk,
        "upload": upload.pk,
        "figure_value": value.pk,
        "figure_target": target.pk,
        "indicator": value.indicator.code,
        "alias": alias.pk,
        "user": users["viewer"].pk,
        "file_format": "docx",
        "uidb64": "MQ",
        "token": "abc-def",
    }

    for place, (code, abbreviation) in PLACES.items():
        region = Region.objects.get(code=code)
        opd = Opd.objects.get(abbreviation=abbreviation)
        author = mentor_of.get(place, tkpk)
        ids: dict[str, Any] = {**common, "code": code, "opd": opd.pk}
        # Baseline, written straight to the table: Medono has no mentor and the services ask for one.
        from dampingan.baseline.models import Potential, Problem

        problem = Problem.objects.create(
            kelurahan=region, recorded_on=_day(2025, 2, 3), recorded_by=author, opd=opd, category="perumahan",
            title=f"Rumah tidak layak huni {place}", severity=3, priority=1,
        )  # fmt: skip
        potential = Potential.objects.create(
            kelurahan=region, recorded_on=_day(2025, 2, 3), recorded_by=author, opd=opd, sector="batik",
            name=f"Batik tulis {place}", enterprises=3, workers=9,
        )  # fmt: skip
        visit = Visit.objects.create(
            kelurahan=region, opd=opd, date=_day(2025, 3, 5), activity="Pendampingan warga", recorded_by=author
        )
        photo = VisitPhoto(visit=visit, content_type="image/png", size=len(PNG_BYTES), caption="foto")
        photo.image.save(f"matriks-{place}.png", ContentFile(PNG_BYTES), save=False)
        photo.save()
        report_month = 1 if place == "O" else 2
        submitted = MonthlyReport.objects.create(
            kelurahan=region, opd=opd, month=_day(2025, report_month), summary="Kemajuan", status="submitted",
            created_by=author, submitted_by=author, submitted_at=timezone.now(),
        )  # fmt: skip
        if place != "O":
            MonthlyReport.objects.create(kelurahan=region, opd=opd, month=this_month, summary="Draf", created_by=author)
        member_user = User.objects.create_user(
            username=f"anggota.{place.lower()}", password="x", role="opd_mentor", opd=opd
        )  # a team member who is not a persona
        member = TeamMember.objects.create(opd=opd, kelurahan=region, user=member_user, since=_day(2025, 1, 1))

        intervention = Intervention.objects.create(
            title=f"Modal usaha {place}", horizon="pendek", strategy="tingkatkan_pendapatan", cluster=3,
            kind="modal_usaha", lead_opd=opd, start_date=_day(2025, 1, 1), status="berjalan", created_by=author,
        )  # fmt: skip
        intervention.kelurahan.add(region)
        intervention.targets.create(description="Perajin menerima modal", unit="orang", target=25)
        line = BudgetLine.objects.create(intervention=intervention, source="apbd_kota", year=2025, planned=1_000_000)
        progress = ProgressReport(
            intervention=intervention, date=_day(2025, 3, 1), physical_percent=10, budget_realised=0,
            reported_by=author,
        )  # fmt: skip
        progress.attachment.save(f"matriks-{place}.pdf", ContentFile(PDF_BYTES), save=False)
        progress.save()
        household = Household.objects.filter(release=approved, kelurahan=region).order_by("pk").first()
        head = Member.objects.filter(household=household).order_by("pk").first()
        beneficiary = Beneficiary.objects.create(
            intervention=intervention, household=household, kelurahan=region, nik=head.nik or "",
            name=head.name, source=BeneficiarySource.LIST, added_by=author,
        )  # fmt: skip
        pledge = Pledge.objects.create(partner=partner, what=f"Modal {place}", kelurahan=region, pledged_on=today)

        meeting = Meeting.objects.create(
            kind=MeetingKind.MUSYAWARAH_KELURAHAN, region=region, title=f"Musyawarah {region.name}",
            starts_at=timezone.now() - dt.timedelta(days=30), ends_at=timezone.now() - dt.timedelta(days=30, hours=-2),
            venue="Aula", chair="Lurah", status=MeetingStatus.HELD, created_by=tkpk,
        )  # fmt: skip
        decision = Decision.objects.create(meeting=meeting, number=1, text="Percepatan penanganan RTLH.")
        attachment = meetings.add_attachment(tkpk, meeting, SimpleUploadedFile("notulen.pdf", PDF_BYTES))
        item = action_items.create_action_item(
            tkpk,
            decision,
            {"title": "Data RTLH diverifikasi", "owner_opd": opd, "due_date": today, "kelurahan": region},
        )

        if place == "M":  # Medono has no OPD: the kelurahan profile is its report
            kind, parameters = ReportKind.KELURAHAN_PROFILE, ReportParameters(2025, kelurahan_code=code)
        else:
            kind, parameters = ReportKind.OPD_MENTORING, ReportParameters(2025, opd_id=opd.pk)
        job = report_services.request_report(tkpk, kind, parameters)
        report_services.run_job(job.pk)
        report = Report.objects.get(pk=report_services.report_id_of(job))

        ids.update(
            kelurahan=code,
            problem=problem.pk,
            potential=potential.pk,
            visit=visit.pk,
            photo=photo.pk,
            report_year=2025,
            report_month=report_month,
            monthly_report=submitted.pk,
            team_member=member.pk,
            intervention=intervention.pk,
            budget_line=line.pk,
            progress=progress.pk,
            beneficiary=beneficiary.pk,
            household=household.pk,
            nik=head.nik,
            pledge=pledge.pk,
            meeting=meeting.pk,
            decision=decision.pk,
            attachment=attachment.pk,
            action_item=item.pk,
            report=report.pk,
            report_file=report.files.order_by("pk").first().pk,
            job=job.pk,
        )
        world.ids[place] = ids

    draft_household = Household.objects.filter(release=draft, kelurahan_id=PLACES["J"][0]).order_by("pk").first()
    world.ids["X"] = {
        **{key: MISSING_ID for key in world.ids["J"]},
        "code": MISSING_CODE,
        "kelurahan": MISSING_CODE,
        "indicator": "tidak-ada",
        "file_format": "docx",
        "uidb64": "MQ",
        "token": "abc-def",
        "report_year": 2025,
        "report_month": 2,
        "household": draft_household.pk,
        "release": draft.pk,
        "release_old": first.pk,
        "nik": "",
    }
    world.identifiers = {
        value
        for values in (
            Member.objects.values_list("nik", flat=True),
            Family.objects.values_list("no_kk", flat=True),
            Beneficiary.objects.values_list("nik", flat=True),
            Beneficiary.objects.values_list("no_kk", flat=True),
        )
        for value in values
        if value
    }
    return world
