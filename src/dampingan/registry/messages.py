"""Issue codes of the registry validation, as sentences for people (Bahasa Indonesia via the catalogue)."""

from __future__ import annotations

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MESSAGES = {
    "missing": gettext_lazy("This cell is empty; it is required."),
    "unknown_code": gettext_lazy("%(value)s is not a code of this column's code list."),
    "out_of_range": gettext_lazy("%(value)s is outside the allowed range."),
    "not_a_number": gettext_lazy("%(value)s is not a number."),
    "unknown_sex": gettext_lazy(
        "%(value)s is not a valid sex code (use 1/2, L/P, Laki-laki/Perempuan or Pria/Wanita)."
    ),
    "unknown_yes_no": gettext_lazy("%(value)s is not yes or no: use 1/0, 1/2 (1 = ya, 2 = tidak), Ya/Tidak or Y/T."),
    "bad_date": gettext_lazy("%(value)s is not a date (use YYYY-MM-DD or DD-MM-YYYY)."),
    "implausible_date": gettext_lazy("%(value)s is before 1900 or in the future."),
    "nik_excel_mangled": gettext_lazy(
        "NIK %(value)s was turned into a number by Excel and lost digits; export it again with the column as text."
    ),
    "nik_not_16_digits": gettext_lazy("NIK %(value)s does not have exactly 16 digits."),
    "nik_zero_region": gettext_lazy("NIK %(value)s has 00 as kab/kota or kecamatan code."),
    "nik_bad_date": gettext_lazy("NIK %(value)s does not hold a real birth date (digits 7-12)."),
    "nik_zero_serial": gettext_lazy("NIK %(value)s ends in serial 0000."),
    "nik_unknown_province": gettext_lazy("NIK %(value)s starts with an unknown province code (check it)."),
    "nik_birth_mismatch": gettext_lazy(
        "NIK %(value)s does not match the birth date or sex columns "
        "(kept: a NIK is not reissued when data are corrected)."
    ),
    "no_kk_excel_mangled": gettext_lazy(
        "No KK %(value)s was turned into a number by Excel and lost digits; export it again with the column as text."
    ),
    "no_kk_not_16_digits": gettext_lazy("No KK %(value)s does not have exactly 16 digits."),
    "no_kk_zero_region": gettext_lazy("No KK %(value)s has 00 as kab/kota or kecamatan code."),
    "other_region": gettext_lazy("Region %(value)s is not in this kabupaten/kota."),
    "unknown_kelurahan": gettext_lazy("%(value)s is not a kelurahan/desa of this kabupaten/kota."),
    "ambiguous_kelurahan": gettext_lazy("Kelurahan %(value)s exists in several kecamatan: add the kecamatan column."),
    "no_household_key": gettext_lazy("The row has no household id, No KK or family id."),
    "duplicate_nik": gettext_lazy("NIK %(value)s appears more than once in the household."),
    "nik_in_two_households": gettext_lazy("NIK %(value)s appears in two households."),
    "no_head": gettext_lazy("The household has no head (relationship code 1)."),
    "two_heads": gettext_lazy("The household has more than one head."),
    "household_in_two_kelurahan": gettext_lazy("The household's rows name more than one kelurahan."),
}


def describe(code: str, value: str | None) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    return str(template) % {"value": value if value is not None else "—"}


def issue_lines(issues: pl.DataFrame, mapping: dict[str, str], file_name: str, limit: int | None = None) -> list[str]:
    """'file, baris 7, kolom NIK: …' for the first ``limit`` issues."""
    rows = issues.head(limit) if limit else issues
    lines = []
    for issue in rows.iter_rows(named=True):
        where = _("%(file)s, row %(row)s, column %(column)s") % {
            "file": file_name,
            "row": issue["row"],
            "column": mapping.get(issue["field"], issue["field"]),
        }
        label = _("warning") if issue["severity"] == "warning" else _("error")
        lines.append(f"{where} ({label}): {describe(issue['code'], issue['value'])}")
    return lines
