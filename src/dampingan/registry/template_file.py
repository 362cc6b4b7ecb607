"""The downloadable registry template: the accepted columns with SIKS-NG headers, identifier columns
already formatted as text (so Excel keeps all 16 digits of a NIK), the code lists and short instructions."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils import translation

from .columns import COLUMNS, TEMPLATE_HEADERS, Kind, values_note

TEXT_KINDS = (Kind.NIK, Kind.NO_KK, Kind.ID)
INSTRUCTIONS = (
    "Templat data terpadu Dampingan",
    "Satu baris per orang (anggota rumah tangga); kolom rumah tangga diulang pada setiap anggotanya.",
    "Kolom wajib: NIK, Nama ART, dan Kode Desa atau Kelurahan (dengan Kecamatan).",
    "NIK, No KK, dan kolom ID sudah berformat teks: tempel nilainya sebagai teks (Tempel Khusus > Nilai), "
    "jangan sebagai angka, agar 16 digitnya tidak berubah.",
    "Isi kolom berkode dengan angka kode pada lembar 'Kode'. Kolom yang tidak dipakai boleh dihapus.",
    "Tanggal lahir: TTTT-BB-HH atau HH-BB-TTTT.",
    "Kolom aset (Ada ...) dan kartu program (Status KKS, KIS, PKH, ...): 1 = ya, 2 = tidak (juga 1/0, Ya/Tidak, "
    "Y/T); sel kosong dianggap tidak.",
    "Berkas diperiksa dulu sebelum disimpan; baris bermasalah dijelaskan per baris dan kolom.",
)


def template_xlsx() -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False}) as workbook:
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        text = workbook.add_format({"num_format": "@"})
        data = workbook.add_worksheet("Data")
        for index, column in enumerate(COLUMNS):
            header = TEMPLATE_HEADERS.get(column.field, column.field)
            data.write_string(0, index, header, bold)
            width = max(len(header) + 2, 20 if column.kind in TEXT_KINDS else 12)
            data.set_column(index, index, width, text if column.kind in TEXT_KINDS else None)
        data.freeze_panes(1, 0)

        codes = workbook.add_worksheet("Kode")
        codes.write_row(0, 0, ("Kolom", "Kode", "Arti"), bold)
        row = 1
        with translation.override("id"):
            for column in COLUMNS:
                if column.choices is None:
                    continue
                for value, label in column.choices.choices:
                    codes.write_row(row, 0, (TEMPLATE_HEADERS.get(column.field, column.field), value, str(label)))
                    row += 1
        codes.set_column(0, 0, 22)
        codes.set_column(2, 2, 45)

        guide = workbook.add_worksheet("Petunjuk")
        for line_no, line in enumerate(INSTRUCTIONS):
            guide.write_string(line_no, 0, line, bold if line_no == 0 else None)
        guide.write_row(len(INSTRUCTIONS) + 1, 0, ("Kolom", "Wajib", "Isi"), bold)
        for offset, column in enumerate(COLUMNS, start=len(INSTRUCTIONS) + 2):
            required = "ya" if column.required else ""
            guide.write_row(
                offset, 0, (TEMPLATE_HEADERS.get(column.field, column.field), required, values_note(column))
            )
        guide.set_column(0, 0, 24)
        guide.set_column(2, 2, 90)
    return buffer.getvalue()
