"""Importing the OPD registry from CSV/XLSX: read → normalise → validate (row, column) → preview → commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

import polars as pl
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.lib.spreadsheets import CellError, header_key, match_headers, read_table, write_xlsx

from .models import Opd, OpdKind, ProblemCategory

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# Field → accepted header spellings (compared ignoring case, spaces, dots, dashes and underscores).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("nama", "nama opd", "nama perangkat daerah", "perangkat daerah"),
    "abbreviation": ("singkatan", "akronim", "nama singkat"),
    "kind": ("jenis", "tipe", "type", "jenis opd"),
    "head_name": ("kepala", "nama kepala", "head"),
    "head_position": ("jabatan kepala", "jabatan"),
    "phone": ("telepon", "telp", "no telp", "nomor telepon"),
    "email": ("e-mail", "surel"),
    "address": ("alamat",),
    "problem_categories": ("kategori masalah", "bidang masalah", "categories"),
}
REQUIRED = ("name", "abbreviation", "kind")
TEMPLATE_HEADERS = {
    "name": "Nama",
    "abbreviation": "Singkatan",
    "kind": "Jenis",
    "head_name": "Kepala",
    "head_position": "Jabatan Kepala",
    "phone": "Telepon",
    "email": "Email",
    "address": "Alamat",
    "problem_categories": "Kategori Masalah",
}
MAX_LENGTHS: dict[str, int] = {f.name: f.max_length for f in Opd._meta.fields if f.max_length}


def _choice_lookup(choices: type[OpdKind] | type[ProblemCategory]) -> dict[str, str]:
    """Codes and labels (Indonesian and English) → code, compared like headers (case, spaces, underscores)."""
    from django.utils import translation

    lookup: dict[str, str] = {}
    for member in choices:
        lookup[header_key(member.value)] = member.value
        for language in ("id", "en"):
            with translation.override(language):
                label = str(member.label)
            lookup[header_key(label)] = member.value
            lookup[header_key(label.split(" (")[0])] = member.value
    return lookup


@dataclass
class OpdImportPreview:
    filename: str = ""
    rows: list[dict[str, object]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def preview_opd_import(content: bytes, filename: str) -> OpdImportPreview:
    """Validate every row of an OPD file without writing anything. Each error names row and column."""
    preview = OpdImportPreview(filename=filename)
    sheet = read_table(content, filename, aliases=HEADER_ALIASES)
    frame = sheet.frame
    mapping, _unmatched = match_headers(frame.columns, HEADER_ALIASES)
    missing = [TEMPLATE_HEADERS[f] for f in REQUIRED if f not in mapping]
    if missing:
        preview.errors.append(
            CellError(
                _("Required columns are missing: %(columns)s. Download the template to see the expected headers.")
                % {"columns": ", ".join(missing)}
            )
        )
        return preview
    if frame.height == 0:
        preview.errors.append(CellError(_("The file has headers but no data rows.")))
        return preview

    kinds = _choice_lookup(OpdKind)
    categories = _choice_lookup(ProblemCategory)
    records = frame.select([pl.col(header).alias(f) for f, header in mapping.items()]).to_dicts()
    existing = {o.abbreviation.casefold(): o for o in Opd.objects.all()}
    names_taken = {o.name.casefold(): o.abbreviation.casefold() for o in existing.values()}
    seen_abbr: dict[str, int] = {}
    seen_name: dict[str, int] = {}

    for row, record in zip(sheet.rows.to_list(), records, strict=True):
        errors: list[CellError] = []

        def err(field_name: str, message: str, row: int = row, errors: list[CellError] = errors) -> None:
            errors.append(CellError(message, row=row, column=mapping[field_name]))

        clean: dict[str, object] = {}
        for name in HEADER_ALIASES:
            value = record.get(name)
            clean[name] = value.strip() if isinstance(value, str) else ""
        for name in REQUIRED:
            if not clean[name]:
                err(name, _("This cell is empty; it is required."))
        for name, limit in MAX_LENGTHS.items():
            if name in mapping and len(str(clean.get(name, ""))) > limit:
                err(name, _("Too long: at most %(limit)s characters.") % {"limit": limit})
        if clean["kind"]:
            kind = kinds.get(header_key(str(clean["kind"])))
            if kind is None:
                err(
                    "kind",
                    _("Unknown type %(value)r; use one of: %(choices)s.")
                    % {"value": clean["kind"], "choices": ", ".join(k.value for k in OpdKind)},
                )
            clean["kind"] = kind or ""
        if clean["email"]:
            try:
                validate_email(cast(str, clean["email"]))
            except ValidationError:
                err("email", _("%(value)r is not a valid e-mail address.") % {"value": clean["email"]})
        codes: list[str] = []
        for part in filter(None, (p.strip() for p in str(clean["problem_categories"]).replace(",", ";").split(";"))):
            code = categories.get(header_key(part))
            if code is None:
                err(
                    "problem_categories",
                    _("Unknown problem category %(value)r; use one of: %(choices)s.")
                    % {"value": part, "choices": ", ".join(c.value for c in ProblemCategory)},
                )
            elif code not in codes:
                codes.append(code)
        clean["problem_categories"] = codes

        abbr = str(clean["abbreviation"]).casefold()
        name_key = str(clean["name"]).casefold()
        if abbr and abbr in seen_abbr:
            err(
                "abbreviation",
                _("Abbreviation %(value)s already appears in row %(other)s.")
                % {"value": clean["abbreviation"], "other": seen_abbr[abbr]},
            )
        if name_key and name_key in seen_name:
            err("name", _("Name already appears in row %(other)s.") % {"other": seen_name[name_key]})
        if name_key and names_taken.get(name_key, abbr) != abbr:
            err(
                "name",
                _("An OPD with this name is already registered under another abbreviation (%(other)s).")
                % {"other": names_taken[name_key].upper()},
            )
        seen_abbr.setdefault(abbr, row)
        seen_name.setdefault(name_key, row)

        preview.errors.extend(errors)
        current = existing.get(abbr)
        if current is None:
            clean["action"] = "create"
            preview.to_create += 1
        elif all(getattr(current, f) == clean[f] for f in TEMPLATE_HEADERS if f in mapping):
            clean["action"] = "unchanged"
            preview.unchanged += 1
        else:
            clean["action"] = "update"
            preview.to_update += 1
        clean["row"] = row
        clean["_columns"] = [f for f in TEMPLATE_HEADERS if f in mapping]
        preview.rows.append(clean)
    return preview


def import_opds(actor: User, content: bytes, filename: str) -> OpdImportPreview:
    """Validate and, only if every row is valid, create or update the OPDs in one transaction."""
    Scope.for_user(actor).require(Capability.MANAGE_OPDS)
    preview = preview_opd_import(content, filename)
    if not preview.ok:
        return preview
    with transaction.atomic(), acting_as(actor):
        existing = {o.abbreviation.casefold(): o for o in Opd.objects.select_for_update()}
        for row in preview.rows:
            if row["action"] == "unchanged":
                continue
            opd = existing.get(str(row["abbreviation"]).casefold()) or Opd()
            for name in cast(list[str], row["_columns"]):
                setattr(opd, name, row[name])
            opd.full_clean()
            opd.save()
    return preview


def opd_template_xlsx() -> bytes:
    example = pl.DataFrame(
        [
            {
                "Nama": "Dinas Lingkungan Hidup",
                "Singkatan": "DLH",
                "Jenis": "dinas",
                "Kepala": "",
                "Jabatan Kepala": "Kepala Dinas",
                "Telepon": "",
                "Email": "",
                "Alamat": "",
                "Kategori Masalah": "lingkungan; infrastruktur",
            }
        ]
    )
    guide = pl.DataFrame(
        {
            "Kolom": ["Jenis"] * len(OpdKind) + ["Kategori Masalah"] * len(ProblemCategory),
            "Kode": [k.value for k in OpdKind] + [c.value for c in ProblemCategory],
        }
    )
    return write_xlsx({"OPD": example, "Petunjuk": guide})


def opds_xlsx(opds: list[Opd]) -> bytes:
    frame = pl.DataFrame(
        [
            {
                TEMPLATE_HEADERS["name"]: o.name,
                TEMPLATE_HEADERS["abbreviation"]: o.abbreviation,
                TEMPLATE_HEADERS["kind"]: o.kind,
                TEMPLATE_HEADERS["head_name"]: o.head_name,
                TEMPLATE_HEADERS["head_position"]: o.head_position,
                TEMPLATE_HEADERS["phone"]: o.phone,
                TEMPLATE_HEADERS["email"]: o.email,
                TEMPLATE_HEADERS["address"]: o.address,
                TEMPLATE_HEADERS["problem_categories"]: "; ".join(o.problem_categories),
            }
            for o in opds
        ],
        schema={h: pl.String for h in TEMPLATE_HEADERS.values()},
    )
    return write_xlsx({"OPD": frame})
