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
    if (problem := _file_problem(mapping, frame.height)) is not None:
        preview.errors.append(problem)
        return preview

    kinds = _choice_lookup(OpdKind)
    categories = _choice_lookup(ProblemCategory)
    records = frame.select([pl.col(header).alias(f) for f, header in mapping.items()]).to_dicts()
    existing = {o.abbreviation.casefold(): o for o in Opd.objects.all()}
    earlier = _EarlierRows(names_taken={o.name.casefold(): o.abbreviation.casefold() for o in existing.values()})
    columns = [f for f in TEMPLATE_HEADERS if f in mapping]

    for row, record in zip(sheet.rows.to_list(), records, strict=True):
        clean = _cleaned(record)
        problems = _cell_problems(clean, mapping)
        clean["kind"], kind_problems = _kind(str(clean["kind"]), kinds)
        clean["problem_categories"], category_problems = _categories(str(clean["problem_categories"]), categories)
        problems += kind_problems + _email_problems(str(clean["email"])) + category_problems
        problems += earlier.problems(row, str(clean["abbreviation"]), str(clean["name"]))
        preview.errors.extend(CellError(message, row=row, column=mapping[name]) for name, message in problems)

        current = existing.get(str(clean["abbreviation"]).casefold())
        if current is None:
            clean["action"] = "create"
            preview.to_create += 1
        elif all(getattr(current, f) == clean[f] for f in columns):
            clean["action"] = "unchanged"
            preview.unchanged += 1
        else:
            clean["action"] = "update"
            preview.to_update += 1
        clean["row"] = row
        clean["_columns"] = list(columns)
        preview.rows.append(clean)
    return preview


def _file_problem(mapping: dict[str, str], height: int) -> CellError | None:
    """The file as a whole is unreadable as OPDs: a required column is missing, or there are no rows."""
    missing = [TEMPLATE_HEADERS[f] for f in REQUIRED if f not in mapping]
    if missing:
        return CellError(
            _("Required columns are missing: %(columns)s. Download the template to see the expected headers.")
            % {"columns": ", ".join(missing)}
        )
    if height == 0:
        return CellError(_("The file has headers but no data rows."))
    return None


def _cleaned(record: dict[str, object]) -> dict[str, object]:
    """Every field of the template, stripped; a missing or non-text cell becomes empty."""
    return {name: _text(record.get(name)) for name in HEADER_ALIASES}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _cell_problems(clean: dict[str, object], mapping: dict[str, str]) -> list[tuple[str, str]]:
    """The required cells that are empty, then the cells longer than their field allows."""
    problems = [(name, _("This cell is empty; it is required.")) for name in REQUIRED if not clean[name]]
    problems += [
        (name, _("Too long: at most %(limit)s characters.") % {"limit": limit})
        for name, limit in MAX_LENGTHS.items()
        if name in mapping and len(str(clean.get(name, ""))) > limit
    ]
    return problems


def _kind(value: str, kinds: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The type's code (empty if none is given or it is unknown) and the problem of an unknown type."""
    if not value:
        return value, []
    kind = kinds.get(header_key(value))
    if kind is None:
        message = _("Unknown type %(value)r; use one of: %(choices)s.") % {
            "value": value,
            "choices": ", ".join(k.value for k in OpdKind),
        }
        return "", [("kind", message)]
    return kind, []


def _email_problems(email: str) -> list[tuple[str, str]]:
    if not email:
        return []
    try:
        validate_email(email)
    except ValidationError:
        return [("email", _("%(value)r is not a valid e-mail address.") % {"value": email})]
    return []


def _categories(value: str, categories: dict[str, str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The problem categories' codes, each once in the order given (separated by ``;`` or ``,``), and a problem
    for each unknown one."""
    codes: list[str] = []
    problems: list[tuple[str, str]] = []
    for part in filter(None, (p.strip() for p in value.replace(",", ";").split(";"))):
        code = categories.get(header_key(part))
        if code is None:
            message = _("Unknown problem category %(value)r; use one of: %(choices)s.") % {
                "value": part,
                "choices": ", ".join(c.value for c in ProblemCategory),
            }
            problems.append(("problem_categories", message))
        elif code not in codes:
            codes.append(code)
    return codes, problems


@dataclass
class _EarlierRows:
    """The abbreviations and names of the rows read so far (each with its first row), and the names of the OPDs
    already registered (each with its abbreviation), casefolded."""

    names_taken: dict[str, str]
    abbreviations: dict[str, int] = field(default_factory=dict)
    names: dict[str, int] = field(default_factory=dict)

    def problems(self, row: int, abbreviation: str, name: str) -> list[tuple[str, str]]:
        """An abbreviation or a name an earlier row has, or a name registered under another abbreviation; the
        row is then remembered."""
        abbr, name_key = abbreviation.casefold(), name.casefold()
        problems: list[tuple[str, str]] = []
        if abbr and abbr in self.abbreviations:
            message = _("Abbreviation %(value)s already appears in row %(other)s.") % {
                "value": abbreviation,
                "other": self.abbreviations[abbr],
            }
            problems.append(("abbreviation", message))
        if name_key and name_key in self.names:
            problems.append(("name", _("Name already appears in row %(other)s.") % {"other": self.names[name_key]}))
        if name_key and self.names_taken.get(name_key, abbr) != abbr:
            message = _("An OPD with this name is already registered under another abbreviation (%(other)s).") % {
                "other": self.names_taken[name_key].upper()
            }
            problems.append(("name", message))
        self.abbreviations.setdefault(abbr, row)
        self.names.setdefault(name_key, row)
        return problems


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
