"""Writes the registry files the import tests read: shaped the way a Dinsos office's files are, not the way
`dampingan synth` writes them. Deterministic: run it again and the cells come out the same
(`python -m dampingan.registry.tests.files.make_corpus`; a test checks the committed files against it).

1. ``dtks_selatan_judul.xlsx``: a kecamatan's DTKS export as SIKS-NG users keep it. A merged title in row 1,
   row 2 empty, the header in row 3; labels, not codes, in every coded column; NIKs of one kelurahan with
   Excel's "keep as text" apostrophe; an empty row between two kelurahan; one NIK typed into a numeric cell;
   a label with a typo; an address over two lines; one household under the old name "Duwet"; PERSENTIL and
   TEMPAT LAHIR, and columns the registry has no place for (NO, KETERANGAN).
2. ``dtks_selatan_excel.csv``: the same sheet saved by Excel on Indonesian Windows as "CSV (dipisahkan
   titik koma)": Windows-1252, ``;``, CRLF, every row padded to the sheet's width, dates as dd/mm/yyyy
   text, the numeric NIK as ``3,37504E+15``, the two-line address quoted across two lines.
3. ``nik_angka.xlsx``: a kelurahan list whose NIK and No KK were typed into numeric cells.
4. ``nama_kelurahan.xlsx``: kelurahan named as people write them: prefixes, capitals and spaces, old names,
   a typo, and a row of another kabupaten.

Names are made of common Indonesian name parts and the NIKs use serials from 9001: no real person.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).parent
TITLE = "DATA TERPADU KESEJAHTERAAN SOSIAL KOTA PEKALONGAN PER APRIL 2022"
# A fixed creation time, so that the workbooks' properties do not change from run to run.
CREATED = dt.datetime(2022, 4, 4, 8, 0, 0)  # noqa: DTZ001 - a workbook property has no time zone

HEADERS = [
    "NO",
    "PROVINSI",
    "KABUPATEN/KOTA",
    "KECAMATAN",
    "DESA/KELURAHAN",
    "IDBDT",
    "IDARTBDT",
    "NOKK",
    "NIK",
    "NAMA",
    "ALAMAT",
    "RT",
    "RW",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "HUBUNGAN DENGAN KRT",
    "STATUS KAWIN",
    "PENDIDIKAN TERTINGGI",
    "STATUS PEKERJAAN",
    "JENIS LANTAI",
    "JENIS DINDING",
    "JENIS ATAP",
    "SUMBER AIR MINUM",
    "SUMBER PENERANGAN",
    "BAHAN BAKAR MEMASAK",
    "FASILITAS BAB",
    "STATUS BANGUNAN",
    "PERSENTIL",
    "KETERANGAN",
]

# Kecamatan Pekalongan Selatan (33.75.04), in the order of the export.
KELURAHAN = [
    ("1002", "BANYURIP"),
    ("1003", "BUARAN KRADENAN"),
    ("1004", "JENGGOT"),
    ("1006", "KURIPAN KERTOHARJO"),
    ("1008", "KURIPAN YOSOREJO"),
    ("1010", "SOKODUWET "),  # as the export writes it, with a trailing space
]
MALE = ["Slamet", "Ahmad Fauzi", "Budi Santoso", "Muhammad Rifai", "Agus Salim", "Teguh Widodo", "Dédi Kurniawan"]
FEMALE = ["Siti Nur'aini", "Sri Wahyuni", "Khotimah", "Umi Kulsum", "Dewi Lestari", "Ma'rufah", "Endang Susilowati"]
CHILDREN_M = ["Rizki", "Fajar", "Bayu", "Arif"]
CHILDREN_F = ["Putri", "Nabila", "Aulia", "Salsabila"]
PLACES = ["PEKALONGAN", "BATANG", "PEMALANG", "PEKALONGAN", "KENDAL"]
STREETS = ["Jl. Kurinci", "Jl. Slamet", "Gg. Tempe", "Jl. Batik", "Jl. Sawo", "Jl. Seruni"]
# Household attributes as labels, one set per household in turn.
HOUSES = [
    ("Keramik", "Tembok", "Genteng", "Air Isi Ulang", "Listrik PLN", "Gas 3 kg", "Sendiri", "Milik Sendiri"),
    ("Tanah", "Kayu", "Asbes", "Sumur Bor/Pompa", "Listrik PLN", "Kayu Bakar", "Bersama", "Bebas Sewa"),
    ("Semen/Bata Merah", "Tembok", "Seng", "Air kemasan", "Listrik PLN", "Gas 3 kg", "Tidak Ada", "Kontrak/Sewa"),
    ("Ubin/Tegel/Teraso", "Tembok", "Genteng", "Leding Meteran", "Listrik PLN", "Gas 3 kg", "Sendiri", "Milik Sendiri"),
]
EDUCATION = ["Tamat SD/Sederajat", "SLTP/Sederajat", "SLTA / Sederajat", "Diploma I/II", "D-IV/S1", "SLTA/Sederajat"]
WORK = ["Berusaha Sendiri", "Buruh/Karyawan/Pegawai Swasta", "Pekerja Bebas Non Pertanian", "Pekerja Keluarga"]
SIZES = [4, 3, 2, 3]  # members of the four households of each kelurahan


@dataclass
class Person:
    name: str
    sex: int  # 1 male, 2 female
    birth: dt.date
    relation: str
    marital: str
    education: str
    work: str
    place: str
    nik: str = ""
    nik_cell: object = None  # what the NIK column holds, when it is not the NIK as text


@dataclass
class Household:
    kelurahan_code: str
    kelurahan_name: str
    number: int
    address: str
    rt: str
    rw: str
    no_kk: str
    house: tuple[str, ...]
    percentile: int
    members: list[Person] = field(default_factory=list)
    note: str = ""

    @property
    def idbdt(self) -> str:
        return f"337504{self.kelurahan_code}{self.number:03d}"


def nik(birth: dt.date, sex: int, serial: int) -> str:
    day = birth.day + (40 if sex == 2 else 0)
    return f"337504{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def households() -> list[Household]:
    """24 households, 72 persons: four households of 4, 3, 2 and 3 members in each of the six kelurahan."""
    out: list[Household] = []
    serial = 9001
    for k, (code, name) in enumerate(KELURAHAN):
        for h, size in enumerate(SIZES):
            index = k * 4 + h
            head_birth = dt.date(1960 + (index * 3) % 25, 1 + index % 12, 1 + (index * 7) % 28)
            spouse_birth = dt.date(head_birth.year + 3, 1 + (index + 5) % 12, 1 + (index * 5) % 28)
            household = Household(
                kelurahan_code=code,
                kelurahan_name=name,
                number=h + 1,
                address=f"{STREETS[index % len(STREETS)]} No. {index + 3}",
                rt=f"{1 + index % 5:03d}",
                rw=f"{1 + index % 2:03d}",
                no_kk=f"337504{1 + index % 28:02d}0{2 + index % 8}12{9001 + index:04d}",
                house=HOUSES[index % len(HOUSES)],
                percentile=1 + (index * 17) % 40,
            )
            head = Person(
                MALE[index % len(MALE)],
                1,
                head_birth,
                "Kepala Rumah Tangga",
                "Kawin/Nikah",
                EDUCATION[index % len(EDUCATION)],
                WORK[index % 3],
                PLACES[index % len(PLACES)],
            )
            members = [head]
            if size >= 2:
                members.append(
                    Person(
                        FEMALE[index % len(FEMALE)],
                        2,
                        spouse_birth,
                        "Istri/Suami",
                        "Kawin/Nikah",
                        EDUCATION[(index + 1) % len(EDUCATION)],
                        WORK[3],
                        PLACES[(index + 1) % len(PLACES)],
                    )
                )
            for c in range(size - 2):
                girl = (index + c) % 2 == 1
                child_birth = dt.date(2005 + (index + c * 3) % 15, 1 + (index + c) % 12, 1 + (index * 3 + c) % 28)
                members.append(
                    Person(
                        (CHILDREN_F if girl else CHILDREN_M)[(index + c) % 4],
                        2 if girl else 1,
                        child_birth,
                        "Anak",
                        "Belum Kawin",
                        "Tidak/Belum Sekolah" if child_birth.year > 2016 else "Tamat SD/Sederajat",
                        "",
                        "PEKALONGAN",
                    )
                )
            for person in members:
                person.nik = nik(person.birth, person.sex, serial)
                serial += 1
            household.members = members
            out.append(household)
    _spoil(out)
    return out


def _find(found: list[Household], code: str, number: int) -> Household:
    return next(h for h in found if h.kelurahan_code == code and h.number == number)


def _spoil(found: list[Household]) -> None:
    """What makes the files real: each change is named in the module's docstring and asserted by the tests."""
    # Banyurip, household 3: a typo in a label (the household cannot be imported).
    _find(found, "1002", 3).members[1].education = "SLTA/Sedrajat"
    # Banyurip, household 4: the head's mother lives in, and a grandchild: Famili Lain and Cucu.
    _find(found, "1002", 4).members[2].relation = "Cucu"
    _find(found, "1002", 1).members[3].relation = "Famili Lain"
    # Buaran Kradenan, household 1: spelling variants of the same labels.
    variants = _find(found, "1003", 1)
    variants.members[0].relation = "KRT"
    variants.members[1].relation = "Istri / Suami"
    variants.members[1].marital = "Kawin Belum Tercatat"
    # Jenggot: every NIK typed with Excel's "keep as text" apostrophe; household 2's address over two lines.
    for household in found:
        if household.kelurahan_code == "1004":
            for person in household.members:
                person.nik_cell = f"'{person.nik}"
    _find(found, "1004", 2).address = "Jl. Kurinci Gg. 3\nRT 002 belakang masjid"
    # Kuripan Kertoharjo, household 1: a NIK whose birth date disagrees with the birth date column (kept:
    # a NIK is not reissued when a date is corrected).
    moved = _find(found, "1006", 1).members[0]
    moved.birth = moved.birth.replace(day=moved.birth.day % 28 + 1)
    # Kuripan Yosorejo, household 2: the head's NIK typed into a numeric cell, rounded by Excel to 15
    # digits; the rounded number still reads as a plausible NIK.
    rounded = _find(found, "1008", 2).members[0]
    rounded.nik_cell = int(float(f"{int(rounded.nik):.15g}"))
    # Sokoduwet, household 4: the operator wrote the old name.
    _find(found, "1010", 4).kelurahan_name = "Duwet"
    _find(found, "1010", 4).note = "Alamat lama"


def _cells(household: Household, person: Person, number: int, *, as_csv: bool) -> list[object]:
    birth: object = person.birth.strftime("%d/%m/%Y") if as_csv or number % 5 == 0 else person.birth
    nik_cell = person.nik_cell if person.nik_cell is not None else person.nik
    if as_csv and isinstance(nik_cell, int):
        # Excel's General format: six significant digits, a decimal comma on Indonesian Windows.
        mantissa, exponent = f"{nik_cell:.5E}".split("E")
        nik_cell = f"{mantissa.rstrip('0').rstrip('.').replace('.', ',')}E{exponent}"
    return [
        number,
        "JAWA TENGAH",
        "KOTA PEKALONGAN",
        "PEKALONGAN SELATAN",
        household.kelurahan_name,
        household.idbdt,
        f"{household.idbdt}{household.members.index(person) + 1:02d}",
        household.no_kk,
        nik_cell,
        person.name,
        household.address,
        household.rt,
        household.rw,
        person.place,
        birth,
        "LAKI-LAKI" if person.sex == 1 else "PEREMPUAN ",
        person.relation,
        person.marital,
        person.education,
        person.work,
        *household.house,
        household.percentile,
        household.note,
    ]


def _sheet_rows(found: list[Household], *, as_csv: bool) -> list[list[object] | None]:
    """The data rows in export order, ``None`` for the empty row left between Buaran Kradenan and Jenggot."""
    rows: list[list[object] | None] = []
    number = 0
    for household in found:
        if household.kelurahan_code == "1004" and household.number == 1:
            rows.append(None)
        for person in household.members:
            number += 1
            rows.append(_cells(household, person, number, as_csv=as_csv))
    return rows


def _workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.properties.creator = "SIKS-NG"
    book.properties.created = book.properties.modified = CREATED
    return book


def _save(book: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def title_workbook(found: list[Household]) -> bytes:
    book = _workbook()
    sheet = book.active
    sheet.title = "DTKS"
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    for column, header in enumerate(HEADERS, start=1):
        sheet.cell(row=3, column=column, value=header).font = Font(bold=True)
    row = 4
    for cells in _sheet_rows(found, as_csv=False):
        if cells is not None:
            for column, value in enumerate(cells, start=1):
                cell = sheet.cell(row=row, column=column, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str) and "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)
        row += 1
    return _save(book)


def excel_csv(found: list[Household]) -> bytes:
    """As Excel saves the title workbook: every row as wide as the sheet, ``;``, CRLF, Windows-1252."""
    width = len(HEADERS)

    def line(cells: list[object]) -> str:
        texts = []
        for value in cells:
            text = "" if value is None else str(value)
            if any(ch in text for ch in ';"\n'):
                text = '"' + text.replace('"', '""') + '"'
            texts.append(text)
        return ";".join(texts)

    lines = [line([TITLE] + [None] * (width - 1)), line([None] * width), line(HEADERS)]
    lines += [line(cells if cells is not None else [None] * width) for cells in _sheet_rows(found, as_csv=True)]
    # CRLF ends a row; a line break inside a cell stays a bare LF, inside the quotes.
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def numeric_nik_workbook() -> bytes:
    """Kuripan Kertoharjo's list as a kelurahan operator typed it: NIK and No KK in numeric cells, but for the
    first household, whose column was formatted as text first."""
    book = _workbook()
    sheet = book.active
    sheet.append(["IDBDT", "No KK", "NIK", "Nama", "Hub KRT", "Jenis Kelamin", "Tgl Lahir", "Kode Desa", "Persentil"])
    people = [
        # (household, No KK, NIK, name, relation, sex, birth)
        ("KK-1", "3375042002229101", "3375041505809101", "Tarno", "Kepala Rumah Tangga", "L", dt.date(1980, 5, 15)),
        ("KK-1", "3375042002229101", "3375045808839102", "Wati", "Istri/Suami", "P", dt.date(1983, 8, 18)),
        # NIK as a number: the 16th digit is gone although 3375042103799100 still looks like a NIK.
        ("KK-2", "3375042002229102", 3375042103799100, "Joko", "Kepala Rumah Tangga", "L", dt.date(1979, 3, 21)),
        ("KK-2", "3375042002229102", "3375046104849104", "Yuni", "Istri/Suami", "P", dt.date(1984, 4, 21)),
        # No KK as a number on every row of the household.
        ("KK-3", 3375042002229100, "3375040909709105", "Darto", "Kepala Rumah Tangga", "L", dt.date(1970, 9, 9)),
        ("KK-3", 3375042002229100, "3375044101109106", "Aminah", "Anak", "P", dt.date(2010, 1, 1)),
        # A NIK that Excel cut to 3375040000000000: numeric and serial 0000 at once.
        ("KK-4", "3375042002229104", 3375040000000000, "Hadi", "Kepala Rumah Tangga", "L", dt.date(1975, 7, 7)),
    ]
    for household, no_kk, number, name, relation, sex, birth in people:
        sheet.append([household, no_kk, number, name, relation, sex, birth, "33.75.04.1006", 12])
    return _save(book)


def names_workbook() -> bytes:
    """One household a row: kelurahan names with prefixes, capitals, spaces, old names and a typo."""
    book = _workbook()
    sheet = book.active
    sheet.append(["Kabupaten/Kota", "Kecamatan", "Kelurahan", "IDBDT", "NIK", "Nama", "Hub KRT", "JK", "Tgl Lahir"])
    rows = [
        ("Kota Pekalongan", "Kec. Pekalongan Selatan", "Kel. Jenggot", "N1", "3375040101709011", "Slamet"),
        ("KOTA PEKALONGAN", "PEKALONGAN SELATAN", "JENGGOT  ", "N2", "3375040202719012", "Budi"),
        ("Pekalongan", "Pekalongan Selatan", "Duwet", "N3", "3375040303729013", "Agus"),
        ("Kota Pekalongan", "Pekalongan Selatan", "Kertoharjo", "N4", "3375040404739014", "Teguh"),
        ("Kota Pekalongan", "Pekalongan Selatan", "BUARAN", "N5", "3375040505749015", "Imam"),
        ("Kota Pekalongan", "Pekalongan Selatan", "Sokoduwett", "N6", "3375040606759016", "Eko"),
        ("Kabupaten Pekalongan", "Pekalongan Selatan", "Jenggot", "N7", "3375040707769017", "Hadi"),
        ("Kota Pekalongan", "Pekalongan Selatan", "Kelurahan Kuripan Yosorejo", "N8", "3375040808779018", "Yusuf"),
    ]
    for kota, kecamatan, kelurahan, idbdt, number, name in rows:
        birth = dt.date(1970 + int(number[10:12]) - 70, int(number[8:10]), int(number[6:8]))
        sheet.append([kota, kecamatan, kelurahan, idbdt, number, name, "Kepala Rumah Tangga", "L", birth])
    return _save(book)


FILES = {
    "dtks_selatan_judul.xlsx": lambda: title_workbook(households()),
    "dtks_selatan_excel.csv": lambda: excel_csv(households()),
    "nik_angka.xlsx": numeric_nik_workbook,
    "nama_kelurahan.xlsx": names_workbook,
}


def write(folder: Path = HERE) -> list[Path]:
    written = []
    for name, make in FILES.items():
        path = folder / name
        path.write_bytes(make())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write():
        print(path)
