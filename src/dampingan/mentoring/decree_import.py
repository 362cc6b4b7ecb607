"""Decree lines from a spreadsheet: one row per kelurahan with its OPD. Every row is resolved before
anything is written; any problem is reported with its row and column and nothing changes."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from dampingan.lib.spreadsheets import CellError, TableError, match_headers, read_table
from dampingan.regions.models import Region

from .decrees import Line
from .models import Opd

ALIASES = {
    "kelurahan_code": ("kode kelurahan", "kode desa", "kode", "kode wilayah", "kode desa/kelurahan"),
    "kelurahan_name": ("kelurahan", "desa", "nama kelurahan", "desa/kelurahan", "nama desa"),
    "opd": ("opd", "perangkat daerah", "singkatan opd", "nama opd", "pendamping", "opd pendamping"),
}


def _code(text: str) -> str:
    """``3375041004`` or ``33.75.04.1004`` → ``33.75.04.1004``."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return text.strip()


def read_lines(content: bytes, filename: str) -> tuple[list[Line], list[CellError]]:
    """The lines of ``filename``, or the reasons they cannot be used (then the list of lines is empty)."""
    sheet = read_table(content, filename, aliases=ALIASES)
    frame = sheet.frame
    if frame.height == 0:
        raise TableError(_("The file %(name)s has no rows.") % {"name": filename})
    found, _unmatched = match_headers(frame.columns, ALIASES)
    errors: list[CellError] = []
    if "opd" not in found or not ({"kelurahan_code", "kelurahan_name"} & set(found)):
        return [], [CellError(_("The file needs a kelurahan column (code or name) and an OPD column."))]
    villages = list(Region.objects.in_deployment().villages())
    by_code = {v.code: v for v in villages}
    by_name: dict[str, list[Region]] = {}
    village: Region | None  # each village here; then each row's, when the row names one
    for village in villages:
        by_name.setdefault(village.name.casefold(), []).append(village)
    opds = list(Opd.objects.all())
    opd_by_key = {o.abbreviation.casefold(): o for o in opds} | {o.name.casefold(): o for o in opds}
    lines: list[Line] = []
    for index, row in zip(sheet.rows.to_list(), frame.iter_rows(named=True), strict=True):
        code = row.get(found.get("kelurahan_code", ""))
        name = row.get(found.get("kelurahan_name", ""))
        village = None
        if code:
            village = by_code.get(_code(code))
            if village is None:
                errors.append(
                    CellError(
                        _("%(value)s is not a kelurahan code of this kabupaten/kota.") % {"value": code},
                        index,
                        found["kelurahan_code"],
                    )
                )
                continue
        elif name:
            matches = by_name.get(name.strip().casefold(), [])
            if len(matches) != 1:
                message = (
                    _("No kelurahan is called %(value)s.")
                    if not matches
                    else _("More than one kelurahan is called %(value)s: give its code.")
                )
                errors.append(CellError(message % {"value": name}, index, found["kelurahan_name"]))
                continue
            village = matches[0]
        else:
            errors.append(CellError(_("The kelurahan is missing."), index))
            continue
        opd_text = row.get(found["opd"])
        opd = opd_by_key.get((opd_text or "").strip().casefold())
        if opd is None:
            errors.append(
                CellError(
                    _("%(value)s is not a registered OPD (abbreviation or name).") % {"value": opd_text or "—"},
                    index,
                    found["opd"],
                )
            )
            continue
        lines.append(Line(village, opd, row=index))
    return ([], errors) if errors else (lines, [])
