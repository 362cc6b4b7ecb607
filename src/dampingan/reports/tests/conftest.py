"""A year of DLH's mentoring in Jenggot (2025), recorded through the services as the pages do, and helpers to
generate a report and open its files."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from docx import Document as open_docx
from openpyxl import load_workbook

from dampingan.baseline import services as baseline_services
from dampingan.interventions import services as intervention_services
from dampingan.interventions.models import Intervention
from dampingan.mentoring.models import Opd
from dampingan.regions.models import Region
from dampingan.reports import services
from dampingan.reports.kinds import ReportKind, ReportParameters
from dampingan.reports.models import Report, ReportFile
from dampingan.visits import services as visit_services

JENGGOT = "33.75.04.1004"  # mentored by DLH (mentor_dlh) since 3 January 2022
YEAR = 2025
# "Tabel 3. Kunjungan …" (or "Table 3. …"): the caption line the renderers put above each table.
CAPTION = re.compile(r"^\S+ \d+\. (.*)$")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def queued_tasks(settings):
    """Jobs stay queued (the database backend without a worker), as while a long report is being made."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@dataclass
class DlhYear:
    opd: Opd
    intervention: Intervention


@pytest.fixture
def dlh_2025(persona, registry) -> DlhYear:
    """Three visits (two in March, one in July), monthly reports for January (reviewed), February
    (submitted) and March (draft), a problem and a potential, and an intervention led by DLH with two
    budget lines and an output target half reached."""
    mentor, tkpk = persona("mentor_dlh"), persona("tkpk")
    jenggot = Region.objects.get(code=JENGGOT)
    for day in (dt.date(YEAR, 3, 5), dt.date(YEAR, 3, 20), dt.date(YEAR, 7, 10)):
        visit_services.record_visit(mentor, jenggot, {"date": day, "activity": "Pendampingan warga"})
    for month, status in ((1, "reviewed"), (2, "submitted"), (3, "draft")):
        report = visit_services.save_report_draft(
            mentor, jenggot, dt.date(YEAR, month, 1), {"summary": "Kemajuan bulan ini"}
        )
        if status != "draft":
            report = visit_services.submit_report(mentor, report)
        if status == "reviewed":
            visit_services.review_report(tkpk, report, accept=True)
    baseline_services.create_problem(
        mentor,
        jenggot,
        {
            "category": "lingkungan",
            "title": "Sampah di bantaran sungai",
            "severity": 3,
            "priority": 1,
            "recorded_on": dt.date(YEAR, 2, 3),
        },
    )
    baseline_services.create_potential(
        mentor,
        jenggot,
        {"sector": "batik", "name": "Batik", "enterprises": 12, "workers": 40, "recorded_on": dt.date(YEAR, 2, 3)},
    )
    intervention = intervention_services.create_intervention(
        mentor,
        {
            "title": "Bank sampah RW 03",
            "kelurahan": [JENGGOT],
            "kind": "infrastruktur",
            "strategy": "kurangi_kantong",
            "cluster": 2,
            "horizon": "pendek",
            "start_date": dt.date(YEAR, 2, 1),
            "end_date": dt.date(YEAR, 12, 31),
            "targets": [{"description": "Rumah tangga ikut bank sampah", "unit": "KK", "target": "40"}],
        },
    )
    intervention_services.add_budget_line(
        mentor, intervention, {"source": "apbd_kota", "year": YEAR, "planned": "12.500.000", "realised": "7.250.500"}
    )
    intervention_services.add_budget_line(
        mentor, intervention, {"source": "apbn", "year": YEAR, "planned": "3.000.000", "realised": "0"}
    )
    target = intervention.targets.get()
    intervention_services.report_progress(
        mentor,
        intervention,
        {"date": dt.date(YEAR, 9, 1), "physical_percent": "50", "budget_realised": "7.250.500"},
        {target.pk: "20"},
    )
    return DlhYear(Opd.objects.get(abbreviation="DLH"), intervention)


def generate(user, opd: Opd, year: int = YEAR) -> Report:
    """Request the OPD report and return it after the (immediate) job has run."""
    job = services.request_report(user, ReportKind.OPD_MENTORING, ReportParameters(year, opd.pk))
    job.refresh_from_db()
    assert job.status == "done", job.error_message
    return Report.objects.get(pk=services.report_id_of(job))


def newest(report: Report, fmt: str) -> ReportFile:
    return report.files.filter(format=fmt).order_by("-generated_at", "-pk").first()


def docx_tables(report: Report) -> dict[str, list[list[str]]]:
    """Each table of the newest DOCX by its caption (the paragraph before it), as rows of cell texts."""
    with newest(report, "docx").file.open("rb") as handle:
        document = open_docx(io.BytesIO(handle.read()))
    tables: dict[str, list[list[str]]] = {}
    body = document.element.body
    caption = ""
    table_index = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            found = CAPTION.match(text)
            if found:
                caption = found.group(1)
        elif tag == "tbl":
            table = document.tables[table_index]
            table_index += 1
            if caption:
                tables[caption] = [[cell.text for cell in row.cells] for row in table.rows]
                caption = ""
    return tables


def caption_of(report: Report, key: str) -> str:
    """The caption of table ``key`` in the report's document (what the files print above it)."""
    return next(b["caption"] for b in report.shown_content["blocks"] if b.get("key") == key)


def docx_table(report: Report, key: str) -> list[list[str]]:
    return docx_tables(report)[caption_of(report, key)]


def docx_text(report: Report) -> str:
    with newest(report, "docx").file.open("rb") as handle:
        document = open_docx(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


def xlsx_book(report: Report):
    with newest(report, "xlsx").file.open("rb") as handle:
        return load_workbook(io.BytesIO(handle.read()))


def sheet_rows(report: Report, key: str) -> list[tuple]:
    """The rows (values, header first) of the XLSX sheet of table ``key``."""
    caption = caption_of(report, key)
    for sheet in xlsx_book(report).worksheets[1:]:
        if str(sheet["A1"].value).endswith(f". {caption}"):
            return [tuple(row) for row in sheet.iter_rows(min_row=3, values_only=True)]
    raise AssertionError(f"no sheet for {key!r}")
