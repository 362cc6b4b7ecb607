"""The registry import pipeline: read → map headers → validate → (preview) → commit.

The CLI command and the web upload are thin wrappers over ``plan_import`` and ``run_import``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import BinaryIO

import polars as pl
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.accounts.models import User
from dampingan.lib.spreadsheets import TableError, read_table, write_xlsx
from dampingan.regions.models import Region

from . import services
from .messages import describe
from .models import RegistryRelease
from .validation import Validated, map_headers, validate

MAX_FILE_MB = 100
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass
class ImportPlan:
    file_name: str
    checksum: str
    mapping: dict[str, str]
    unmatched: list[str]
    source_frame: pl.DataFrame
    validated: Validated
    problems: list[str] = field(default_factory=list)

    @property
    def households(self) -> int:
        return self.validated.rows["_household_key"].drop_nulls().n_unique()

    @property
    def kept_households(self) -> int:
        return self.validated.kept["_household_key"].n_unique()


def deployment_villages() -> pl.DataFrame:
    villages = Region.objects.in_deployment().villages().select_related("parent").order_by("code")
    return pl.DataFrame(
        [{"code": v.code, "name": v.name, "kecamatan_name": v.parent.name} for v in villages],
        schema={"code": pl.String, "name": pl.String, "kecamatan_name": pl.String},
    )


def _check_container(content: bytes, file_name: str) -> None:
    """Clear messages for the files that are not what their name says, before any parser sees them."""
    name = file_name.lower()
    if len(content) > MAX_FILE_MB * 1024 * 1024:
        raise services.RegistryImportError(
            _("%(file)s is larger than %(limit)s MB. Split it by kecamatan and import the parts.")
            % {"file": file_name, "limit": MAX_FILE_MB}
        )
    if not content.strip():
        raise services.RegistryImportError(_("%(file)s is empty.") % {"file": file_name})
    if name.endswith(".xlsx") and content.startswith(_OLE):
        raise services.RegistryImportError(
            _("%(file)s is protected with a password. Remove the password in Excel (File → Info) and upload it again.")
            % {"file": file_name}
        )
    if name.endswith(".xlsx") and not content.startswith(_ZIP):
        raise services.RegistryImportError(
            _(
                "%(file)s is named .xlsx but is not an Excel workbook (perhaps a CSV file renamed); save it again "
                "from Excel as .xlsx, or name it .csv."
            )
            % {"file": file_name}
        )


def plan_import(
    source: bytes | BinaryIO,
    file_name: str,
    saved_mapping: dict[str, str] | None = None,
    *,
    progress: services.Progress | None = None,
) -> ImportPlan:
    """Read and validate a registry file without writing anything.

    ``source`` is the file's bytes or an open binary file. Given a file, the bytes are read here and let go
    as soon as the table is parsed: a 200 MB file is then not held through validation. ``progress`` hears
    of the stages "reading" and "checking" (validation is one vectorised step: no count within it).
    """
    report = progress or (lambda _stage, _done, _total: None)
    report("reading", 0, 0)
    content = source if isinstance(source, bytes) else source.read()
    _check_container(content, file_name)
    checksum = services.file_checksum(content)
    try:
        frame = read_table(content, file_name)
    except TableError as exc:
        raise services.RegistryImportError(str(exc)) from exc
    del content
    if frame.height == 0:
        raise services.RegistryImportError(_("%(file)s has no data rows.") % {"file": file_name})
    mapping, unmatched = map_headers(frame.columns, saved_mapping)
    missing = [name for name in ("nik", "name") if name not in mapping]
    if "kelurahan_code" not in mapping and "kelurahan_name" not in mapping:
        missing.append("kelurahan_code")
    problems = []
    if missing:
        problems.append(
            _("Columns not recognised: %(fields)s. Map them to the file's headers (%(headers)s).")
            % {"fields": ", ".join(missing), "headers": ", ".join(frame.columns[:20])}
        )
    renamed = frame.select([pl.col(header).alias(name) for name, header in mapping.items()])
    report("checking", 0, 0)  # no count: validation is one step, a "0 of N rows" would stand still
    if missing:
        validated = Validated(rows=renamed.head(0), issues=pl.DataFrame())
    else:
        validated = validate(renamed, deployment_villages(), settings.DAMPINGAN_REGION, timezone.localdate())
    report("checking", frame.height, frame.height)
    return ImportPlan(
        file_name=file_name,
        checksum=checksum,
        mapping=mapping,
        unmatched=unmatched,
        source_frame=frame,
        validated=validated,
        problems=problems,
    )


def run_import(
    actor: User,
    plan: ImportPlan,
    *,
    source: str,
    sk_number: str = "",
    sk_date: dt.date | None = None,
    data_date: dt.date | None = None,
    progress: services.Progress | None = None,
) -> RegistryRelease:
    """Commit a checked plan. The import consumes the plan's rows to keep peak memory down: write the error
    report (``error_report_xlsx``) before, not after."""
    if plan.problems:
        raise services.RegistryImportError(" ".join(plan.problems))
    # The file's own rows are only needed for the error report.
    plan.source_frame = plan.source_frame.clear()
    return services.commit_release(
        actor,
        plan.validated,
        source=source,
        file_name=plan.file_name,
        checksum=plan.checksum,
        sk_number=sk_number,
        sk_date=sk_date,
        data_date=data_date,
        progress=progress,
    )


def error_report_xlsx(plan: ImportPlan) -> bytes:
    """The original rows, each with its problems in an extra column, and a sheet of all issues."""
    issues = plan.validated.issues
    if issues.height:
        described = issues.with_columns(
            pesan=pl.struct("code", "value").map_elements(
                lambda s: describe(s["code"], s["value"]), return_dtype=pl.String
            ),
            kolom=pl.col("field").replace_strict(plan.mapping, default=pl.col("field")),
        )
        per_row = described.group_by("row").agg(
            (pl.col("severity") + ": " + pl.col("kolom") + ": " + pl.col("pesan")).str.join("; ").alias("Masalah")
        )
    else:
        described = pl.DataFrame({"row": [], "kolom": [], "severity": [], "pesan": []})
        per_row = pl.DataFrame(schema={"row": pl.Int64, "Masalah": pl.String})
    original = plan.source_frame.with_row_index("Baris", offset=2).with_columns(pl.col("Baris").cast(pl.Int64))
    report = original.join(per_row, left_on="Baris", right_on="row", how="left")
    listing = described.select(
        pl.col("row").alias("Baris"),
        pl.col("kolom").alias("Kolom"),
        pl.col("severity").alias("Tingkat"),
        pl.col("pesan").alias("Pesan"),
    )
    return write_xlsx({"Data dan masalah": report, "Daftar masalah": listing})
