"""The registry import pipeline: read → map headers → validate → (preview) → commit.

The CLI command and the web upload are thin wrappers over ``plan_import`` and ``run_import``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from dampingan.accounts.models import User
from dampingan.lib.deployment import code as deployment_code
from dampingan.lib.spreadsheets import TableError, read_table, write_xlsx
from dampingan.regions.models import KelurahanAlias, Region

from . import services
from .columns import ALIASES
from .messages import column_of, describe, frequent_problems, issue_lines
from .models import RegistryRelease
from .validation import ALIAS_SCHEMA, ISSUE_SCHEMA, VILLAGE_SCHEMA, Deployment, Validated, map_headers, validate

# The web upload's limit: a request body that large already takes a while to send. The command line
# (``dampingan import-registry``) has none: a city's whole registry, 200 MB and more as CSV, imports there.
MAX_FILE_MB = 100
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


# Findings kept with an upload for the page and the API (the .xlsx report has them all).
FINDINGS_KEPT = 200
IDENTIFIER_FIELDS = ("nik", "no_kk")


@dataclass
class ImportPlan:
    file_name: str
    checksum: str
    mapping: dict[str, str]
    # The file's columns the import does not use: shown to the user, never silently dropped.
    unmatched: list[str]
    source_frame: pl.DataFrame
    validated: Validated
    problems: list[str] = field(default_factory=list)
    # The text above the header row (an export's title), the header's row, and each data row's own number.
    title: str = ""
    header_row: int = 1
    source_rows: pl.Series = field(default_factory=lambda: pl.Series("row", [], dtype=pl.Int64))
    # row → text line, for a CSV whose multi-line cells put them apart.
    line_of: dict[int, int] = field(default_factory=dict)

    @property
    def households(self) -> int:
        """Households in the file (0 while a required column is not mapped: the rows are not checked)."""
        if self.problems:
            return 0
        return self.validated.rows["_household_key"].drop_nulls().n_unique()

    @property
    def kept_households(self) -> int:
        if self.problems:
            return 0
        return self.validated.kept["_household_key"].n_unique()

    @property
    def importable(self) -> bool:
        """Whether confirming would store anything: no missing column, and at least one household kept."""
        return not self.problems and self.kept_households > 0

    def why_not_importable(self) -> str:
        """One sentence for a file that cannot be imported: why, with the three most frequent errors."""
        if self.problems:
            return " ".join(self.problems)
        frequent = frequent_problems(self.validated.issues, self.mapping)
        return _("No household can be imported: every household has at least one error. Most frequent: %(list)s.") % {
            "list": "; ".join(frequent)
        }

    def issue_lines(self, limit: int | None = None) -> list[str]:
        return issue_lines(self.validated.issues, self.mapping, self.file_name, limit, self.line_of)

    def findings(self, limit: int = FINDINGS_KEPT) -> list[dict[str, object]]:
        """The first findings as data: row (and text line), column, code, severity, value and message."""
        return [
            {
                "row": issue["row"],
                "line": self.line_of.get(issue["row"], issue["row"]),
                "column": column_of(issue["field"], self.mapping),
                "field": issue["field"],
                "code": issue["code"],
                "severity": issue["severity"],
                "value": issue["value"],
                "message": describe(issue["code"], issue["value"], issue["detail"], issue["field"]),
            }
            for issue in self.validated.issues.head(limit).iter_rows(named=True)
        ]


def deployment() -> Deployment:
    """The deployment's kab/kota, its villages and the TKPK's alias names, as validation takes them."""
    own = Region.objects.filter(code=deployment_code()).select_related("parent").first()
    villages = Region.objects.in_deployment().villages().select_related("parent").order_by("code")
    aliases = KelurahanAlias.objects.in_deployment()
    return Deployment(
        region=deployment_code(),
        villages=pl.DataFrame(
            # A village always has its kecamatan.
            [{"code": v.code, "name": v.name, "kecamatan_name": v.parent.name} for v in villages],  # type: ignore[union-attr]
            schema=VILLAGE_SCHEMA,
        ),
        aliases=pl.DataFrame(
            [{"name": a.name, "code": a.kelurahan_id} for a in aliases.order_by("name")], schema=ALIAS_SCHEMA
        ),
        name=own.name if own else "",
        province_name=own.parent.name if own and own.parent else "",
    )


def _header_aliases(saved_mapping: dict[str, str] | None) -> dict[str, tuple[str, ...]]:
    """The accepted headers of each field, with the user's saved mapping: what finds the header row."""
    saved = saved_mapping or {}
    return {name: (*aliases, *([saved[name]] if name in saved else [])) for name, aliases in ALIASES.items()}


def check_container(
    head: bytes, size: int, file_name: str, *, blank: bool | None = None, size_limited: bool = True
) -> None:
    """Clear messages for the files that are not what their name says, before any parser sees them: from the
    file's first bytes and its size, so the upload form can also refuse a file before it is stored.
    ``blank`` says whether the file holds only white space (default: whether it is empty); ``size_limited``:
    whether ``MAX_FILE_MB`` applies (the web, not the console)."""
    name = file_name.lower()
    if size_limited and size > MAX_FILE_MB * 1024 * 1024:
        raise services.RegistryImportError(
            _("%(file)s is larger than %(limit)s MB. Split it by kecamatan and import the parts.")
            % {"file": file_name, "limit": MAX_FILE_MB}
        )
    if size == 0 or blank:
        raise services.RegistryImportError(_("%(file)s is empty.") % {"file": file_name})
    if name.endswith(".xlsx") and head.startswith(_OLE):
        raise services.RegistryImportError(
            _("%(file)s is protected with a password. Remove the password in Excel (File → Info) and upload it again.")
            % {"file": file_name}
        )
    if name.endswith(".xlsx") and not head.startswith(_ZIP):
        raise services.RegistryImportError(
            _(
                "%(file)s is named .xlsx but is not an Excel workbook (perhaps a CSV file renamed); save it again "
                "from Excel as .xlsx, or name it .csv."
            )
            % {"file": file_name}
        )


def plan_import(
    source: bytes | IO[bytes],
    file_name: str,
    saved_mapping: dict[str, str] | None = None,
    *,
    progress: services.Progress | None = None,
    size_limited: bool = True,
) -> ImportPlan:
    """Read and validate a registry file without writing anything.

    ``source`` is the file's bytes or an open binary file. Given a file, the bytes are read here and let go
    as soon as the table is parsed: a 200 MB file is then not held through validation. ``progress`` hears
    of the stages "reading" and "checking" (validation is one vectorised step: no count within it).
    ``size_limited``: refuse a file over ``MAX_FILE_MB`` (the web upload); the command line reads any size.
    """
    report = progress or (lambda _stage, _done, _total: None)
    report("reading", 0, 0)
    content = source if isinstance(source, bytes) else source.read()
    blank = not content[:4096].strip() and not content.strip()  # the whole file only when its start is blank
    check_container(content[:16], len(content), file_name, blank=blank, size_limited=size_limited)
    checksum = services.file_checksum(content)

    def identifier_headers(headers: list[str]) -> list[str]:
        mapping = map_headers(headers, saved_mapping)[0]
        return [mapping[name] for name in IDENTIFIER_FIELDS if name in mapping]

    try:
        table = read_table(
            content, file_name, aliases=_header_aliases(saved_mapping), number_columns=identifier_headers
        )
    except TableError as exc:
        raise services.RegistryImportError(str(exc)) from exc
    del content
    frame = table.frame
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
        validated = Validated(rows=renamed.head(0), issues=pl.DataFrame(schema=ISSUE_SCHEMA))
    else:
        numbers = {name: table.number_cells[h] for name, h in mapping.items() if h in table.number_cells}
        validated = validate(renamed, deployment(), timezone.localdate(), rows=table.rows, number_cells=numbers)
    report("checking", frame.height, frame.height)
    return ImportPlan(
        file_name=file_name,
        checksum=checksum,
        mapping=mapping,
        unmatched=unmatched,
        source_frame=frame,
        validated=validated,
        problems=problems,
        title=table.title,
        header_row=table.header_row,
        source_rows=table.rows,
        line_of=table.line_of(),
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
    if not plan.importable:
        raise services.RegistryImportError(plan.why_not_importable())
    # The file's own rows are only needed for the error report.
    plan.source_frame = plan.source_frame.clear()
    return services.commit_release(
        actor,
        plan.validated,
        source=source,
        file_name=plan.file_name,
        file_title=plan.title,
        checksum=plan.checksum,
        sk_number=sk_number,
        sk_date=sk_date,
        data_date=data_date,
        progress=progress,
    )


def error_report_xlsx(plan: ImportPlan) -> bytes:
    """The original rows, each with its problems in an extra column, and a sheet of all issues. Rows are
    numbered as in the file ("Baris"), with the text line beside them where multi-line cells moved it."""
    issues = plan.validated.issues
    described = issues.with_columns(
        pesan=pl.struct("code", "value", "detail", "field").map_elements(
            lambda s: describe(s["code"], s["value"], s["detail"], s["field"]), return_dtype=pl.String
        )
        if issues.height
        else pl.lit(None, dtype=pl.String),
        kolom=pl.col("field").replace_strict(plan.mapping, default=pl.col("field")),
    )
    per_row = described.group_by("row").agg(
        (pl.col("severity") + ": " + pl.col("kolom") + ": " + pl.col("pesan")).str.join("; ").alias("Masalah")
    )
    original = plan.source_frame.with_columns(plan.source_rows.alias("Baris")).select("Baris", pl.exclude("Baris"))
    listing = described.select(
        pl.col("row").alias("Baris"),
        pl.col("kolom").alias("Kolom"),
        pl.col("severity").alias("Tingkat"),
        pl.col("pesan").alias("Pesan"),
    )
    if plan.line_of:
        lines = pl.DataFrame(
            {"Baris": list(plan.line_of), "Baris teks": list(plan.line_of.values())},
            schema={"Baris": pl.Int64, "Baris teks": pl.Int64},
        )
        original = original.join(lines, on="Baris", how="left", maintain_order="left")
        listing = listing.join(lines, on="Baris", how="left", maintain_order="left")
    report = original.join(per_row, left_on="Baris", right_on="row", how="left", maintain_order="left")
    return write_xlsx({"Data dan masalah": report, "Daftar masalah": listing})
