"""The downloadable template: every header is recognised, identifier columns are text, and a file
filled in from it passes the check."""

import io

import openpyxl

from dampingan.registry import imports
from dampingan.registry.columns import COLUMNS


def test_a_file_filled_from_the_template_is_recognised_and_valid(client_as):
    response = client_as("lurah_banyurip").get("/data-terpadu/impor/templat.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Data"]
    headers = [cell.value for cell in sheet[1]]
    column_of = {h: i + 1 for i, h in enumerate(headers)}

    assert response.status_code == 200 and len(headers) == len(COLUMNS)
    text_columns = {
        i for d in sheet.column_dimensions.values() if d.number_format == "@" for i in range(d.min, d.max + 1)
    }
    assert {column_of["NIK"], column_of["No KK"], column_of["IDBDT"]} <= text_columns
    assert column_of["Desil"] not in text_columns
    assert {"Kode", "Petunjuk"} <= set(workbook.sheetnames)

    rows = [
        {
            "Kode Desa": "3375041002",
            "IDBDT": "LOKAL-1",
            "NIK": "3375041507800001",
            "No KK": "3375041203100001",
            "Nama ART": "Slamet Riyadi",
            "Hub KRT": "1",
            "Jenis Kelamin": "L",
            "Tgl Lahir": "1980-07-15",
            "Desil": "2",
        },
        {
            "Kode Desa": "3375041002",
            "IDBDT": "LOKAL-1",
            "NIK": "3375045208820002",
            "No KK": "3375041203100001",
            "Nama ART": "Siti Aminah",
            "Hub KRT": "2",
            "Jenis Kelamin": "P",
            "Tgl Lahir": "1982-08-12",
            "Desil": "2",
        },
    ]
    for r, values in enumerate(rows, start=2):
        for header, value in values.items():
            sheet.cell(row=r, column=column_of[header], value=value)
    filled = io.BytesIO()
    workbook.save(filled)

    plan = imports.plan_import(filled.getvalue(), "dari-templat.xlsx")

    assert plan.problems == []
    assert set(plan.mapping) == {c.field for c in COLUMNS}
    assert (plan.validated.errors.height, plan.kept_households) == (0, 1)
