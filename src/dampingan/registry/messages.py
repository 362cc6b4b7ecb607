"""Issue codes of the registry validation, as sentences for people (Bahasa Indonesia via the catalogue)."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import labels
from .columns import BY_FIELD

MESSAGES = {
    "missing": gettext_lazy("This cell is empty; it is required."),
    "unknown_code": gettext_lazy("%(value)s is neither a code nor a label of this column. Accepted: %(accepted)s."),
    "out_of_range": gettext_lazy("%(value)s is outside the allowed range."),
    "not_a_number": gettext_lazy("%(value)s is not a number."),
    "unknown_sex": gettext_lazy(
        "%(value)s is not a valid sex code (use 1/2, L/P, Laki-laki/Perempuan or Pria/Wanita)."
    ),
    "unknown_yes_no": gettext_lazy("%(value)s is not yes or no: use 1/0, 1/2 (1 = ya, 2 = tidak), Ya/Tidak or Y/T."),
    "bad_date": gettext_lazy("%(value)s is not a date (use YYYY-MM-DD or DD-MM-YYYY)."),
    "implausible_date": gettext_lazy("%(value)s is before 1900 or in the future."),
    "nik_excel_number_cell": gettext_lazy(
        "NIK %(value)s was stored as a number by Excel; its last digit is lost. Format the column as text and type "
        "the NIK again, or export it again as text."
    ),
    "no_kk_excel_number_cell": gettext_lazy(
        "No KK %(value)s was stored as a number by Excel; its last digit is lost. Format the column as text and "
        "type the number again, or export it again as text."
    ),
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
    "kelurahan_alias": gettext_lazy("%(value)s is read as kelurahan %(detail)s (a name in the alias list)."),
    "desil_percentile_mismatch": gettext_lazy(
        "Desil %(value)s does not agree with the percentile, which gives desil %(detail)s; the desil column is kept."
    ),
    "ambiguous_kelurahan": gettext_lazy("Kelurahan %(value)s exists in several kecamatan: add the kecamatan column."),
    "no_household_key": gettext_lazy("The row has no household id, No KK or family id."),
    "duplicate_nik": gettext_lazy("NIK %(value)s appears more than once in the household."),
    "nik_in_two_households": gettext_lazy("NIK %(value)s appears in two households."),
    "no_head": gettext_lazy("The household has no head (relationship code 1)."),
    "two_heads": gettext_lazy("The household has more than one head."),
    "household_in_two_kelurahan": gettext_lazy("The household's rows name more than one kelurahan."),
}


# Added to a message when the issue carries a detail that the message itself does not use.
SUGGESTION = gettext_lazy("Perhaps %(detail)s?")


def describe(code: str, value: str | None, detail: str | None = None, field: str | None = None) -> str:
    """The issue as a sentence. ``detail`` completes it (an alias's official name, a suggestion); ``field``
    lets a code-list message name the values its column accepts."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    accepted = ""
    if code == "unknown_code" and field in BY_FIELD and BY_FIELD[field].choices is not None:
        accepted = labels.accepted(BY_FIELD[field].choices)  # type: ignore[arg-type]
    text = str(template) % {"value": value if value is not None else "—", "detail": detail, "accepted": accepted}
    if detail and "%(detail)s" not in str(template):
        text += " " + str(SUGGESTION) % {"detail": detail}
    return text


# Each code in a few words, for the summary of a file that cannot be imported.
SHORT = {
    "missing": gettext_lazy("required cell empty"),
    "unknown_code": gettext_lazy("neither a code nor a label of the column"),
    "out_of_range": gettext_lazy("outside the allowed range"),
    "not_a_number": gettext_lazy("not a number"),
    "unknown_sex": gettext_lazy("not a sex code"),
    "unknown_yes_no": gettext_lazy("not yes or no"),
    "bad_date": gettext_lazy("not a date"),
    "implausible_date": gettext_lazy("date before 1900 or in the future"),
    "nik_excel_number_cell": gettext_lazy("NIK stored as a number by Excel"),
    "no_kk_excel_number_cell": gettext_lazy("No KK stored as a number by Excel"),
    "nik_excel_mangled": gettext_lazy("NIK turned into a number by Excel"),
    "no_kk_excel_mangled": gettext_lazy("No KK turned into a number by Excel"),
    "nik_not_16_digits": gettext_lazy("NIK without 16 digits"),
    "no_kk_not_16_digits": gettext_lazy("No KK without 16 digits"),
    "nik_zero_region": gettext_lazy("NIK with a 00 region"),
    "no_kk_zero_region": gettext_lazy("No KK with a 00 region"),
    "nik_bad_date": gettext_lazy("NIK without a real birth date"),
    "nik_zero_serial": gettext_lazy("NIK with serial 0000"),
    "other_region": gettext_lazy("another kabupaten/kota"),
    "unknown_kelurahan": gettext_lazy("unknown kelurahan"),
    "ambiguous_kelurahan": gettext_lazy("kelurahan name in several kecamatan"),
    "no_household_key": gettext_lazy("no household id, No KK or family id"),
    "duplicate_nik": gettext_lazy("NIK repeated in the household"),
    "nik_in_two_households": gettext_lazy("NIK in two households"),
    "no_head": gettext_lazy("household without a head"),
    "two_heads": gettext_lazy("household with two heads"),
    "household_in_two_kelurahan": gettext_lazy("household in two kelurahan"),
}


def column_of(field: str, mapping: Mapping[str, str]) -> str:
    """The file's header for a field (the field's name where the file has no such column)."""
    return mapping.get(field, field)


def where(file_name: str, row: int, column: str, line_of: Mapping[int, int] | None = None) -> str:
    """ "berkas.csv, baris 7, kolom NIK", with the text line when a multi-line cell above moved it."""
    line = (line_of or {}).get(row)
    place = {"file": file_name, "row": row, "column": column, "line": line}
    if line is not None:
        return _("%(file)s, row %(row)s (line %(line)s in a text editor), column %(column)s") % place
    return _("%(file)s, row %(row)s, column %(column)s") % place


def issue_lines(
    issues: pl.DataFrame,
    mapping: Mapping[str, str],
    file_name: str,
    limit: int | None = None,
    line_of: Mapping[int, int] | None = None,
) -> list[str]:
    """'file, baris 7, kolom NIK: …' for the first ``limit`` issues."""
    rows = issues.head(limit) if limit else issues
    lines = []
    for issue in rows.iter_rows(named=True):
        at = where(file_name, issue["row"], column_of(issue["field"], mapping), line_of)
        label = _("warning") if issue["severity"] == "warning" else _("error")
        text = describe(issue["code"], issue["value"], issue.get("detail"), issue["field"])
        lines.append(f"{at} ({label}): {text}")
    return lines


def frequent_problems(issues: pl.DataFrame, mapping: Mapping[str, str], count: int = 3) -> list[str]:
    """The ``count`` most frequent errors, as "kolom Hub KRT: bukan kode atau label kolom (1.204 baris)"."""
    errors = issues.filter(pl.col("severity") == "error")
    if not errors.height:
        return []
    ranked = (
        errors.group_by("field", "code")
        .agg(pl.col("row").n_unique().alias("rows"))
        .sort(["rows", "field", "code"], descending=[True, False, False])
        .head(count)
    )
    return [
        _("column %(column)s: %(problem)s (%(rows)s rows)")
        % {
            "column": column_of(problem["field"], mapping),
            "problem": SHORT.get(problem["code"], problem["code"]),
            "rows": f"{problem['rows']:,}".replace(",", "."),
        }
        for problem in ranked.iter_rows(named=True)
    ]
