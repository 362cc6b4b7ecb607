"""The labels that registry exports write instead of codes, per code list.

SIKS-NG, the kelurahan's own copies and DTSEN extracts show a coded column as its label (``Kepala Rumah
Tangga``, ``SLTA/Sederajat``, ``Gas 3 kg``), not as the questionnaire's number. A cell is read as a code when
it is one, else as a label, compared by ``lib.names.label_key`` (case, spaces and punctuation ignored).
Besides the spellings below, each code's own label in Indonesian and English is accepted.

The spellings follow the BDT 2015 questionnaire, the SIKS-NG export and Dukcapil's lists (education,
relationship), from public copies; a spelling that could mean two codes (``Kayu`` for a floor, ``Gas``,
``Leding``) is left out on purpose, so that such a cell is an error that lists the accepted values rather
than a guess. ``Genteng`` alone is clay tiles, as the word is used in Java.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.utils import translation

from dampingan.lib.names import label_key

from . import codes

SPELLINGS: dict[type[models.IntegerChoices], dict[int, tuple[str, ...]]] = {
    codes.RelationshipToHead: {
        1: ("Kepala Rumah Tangga", "Kepala RT", "KRT", "Kepala Ruta", "Kepala Keluarga"),
        2: ("Istri/Suami", "Suami/Istri", "Istri", "Suami", "Pasangan"),
        3: ("Anak", "Anak Kandung", "Anak Tiri", "Anak Angkat", "Anak Tiri/Angkat"),
        4: ("Menantu",),
        5: ("Cucu",),
        6: ("Orang Tua", "Orangtua", "Orang Tua/Mertua", "Mertua", "Ortu"),
        7: ("Pembantu", "Pembantu Ruta", "Pembantu Rumah Tangga", "PRT"),
        8: ("Famili Lain", "Famili", "Keluarga Lain", "Lainnya", "Lain-lain"),
    },
    codes.MaritalStatus: {
        1: ("Belum Kawin", "Belum Menikah", "Tidak Kawin", "Lajang"),
        2: ("Kawin", "Kawin/Nikah", "Nikah", "Menikah", "Kawin Tercatat", "Kawin Belum Tercatat"),
        3: ("Cerai Hidup", "Cerai"),
        4: ("Cerai Mati",),
    },
    codes.SchoolParticipation: {
        0: ("Tidak/Belum Pernah Sekolah", "Tidak Pernah Sekolah", "Belum Pernah Sekolah", "Tidak/Belum Sekolah"),
        1: ("Masih Sekolah", "Sedang Sekolah", "Sekolah"),
        2: ("Tidak Bersekolah Lagi", "Tidak Sekolah Lagi", "Putus Sekolah", "Sudah Tidak Sekolah"),
    },
    codes.Education: {
        0: (
            "Tidak/Belum Sekolah",
            "Tidak Sekolah",
            "Belum Sekolah",
            "Tidak Punya Ijazah",
            "Tidak Tamat SD",
            "Belum Tamat SD",
            "Belum Tamat SD/Sederajat",
            "Tidak/Belum Tamat SD",
        ),
        1: ("Tamat SD/Sederajat", "SD/Sederajat", "SD", "SD/MI", "Paket A", "SD/SDLB/MI/Paket A"),
        2: ("SLTP/Sederajat", "SMP/Sederajat", "SLTP", "SMP", "SMP/MTs", "Paket B", "SMP/SMPLB/MTs/Paket B"),
        3: ("SLTA/Sederajat", "SMA/Sederajat", "SLTA", "SMA", "SMK", "SMA/SMK/MA", "Paket C", "SMA/SMK/MA/Paket C"),
        4: (
            "Diploma I/II",
            "Diploma I",
            "Diploma II",
            "Diploma III",
            "Akademi/Diploma III/S. Muda",
            "Akademi/Diploma III/Sarjana Muda",
            "D1",
            "D2",
            "D3",
            "D1/D2/D3",
        ),
        5: (
            "D-IV/S1",
            "D4/S1",
            "D4",
            "Diploma IV",
            "Diploma IV/Strata I",
            "Strata I",
            "Strata II",
            "Strata III",
            "S1",
            "S2",
            "S3",
            "Sarjana",
        ),
    },
    codes.WorkStatus: {
        0: ("Tidak Bekerja", "Belum Bekerja", "Tidak Kerja", "Tidak"),
        1: ("Bekerja", "Kerja", "Ya"),
    },
    codes.EmploymentStatus: {
        1: ("Berusaha Sendiri",),
        2: ("Berusaha Dibantu Buruh Tidak Tetap", "Berusaha Dibantu Buruh Tidak Tetap/Tidak Dibayar"),
        3: ("Berusaha Dibantu Buruh Tetap", "Berusaha Dibantu Buruh Tetap/Dibayar"),
        4: ("Buruh/Karyawan/Pegawai Swasta", "Buruh/Karyawan/Pegawai", "Karyawan Swasta", "Pegawai Swasta"),
        5: ("PNS/TNI/Polri/BUMN/BUMD/Anggota Legislatif", "PNS/TNI/Polri", "PNS", "TNI", "Polri"),
        6: ("Pekerja Bebas Pertanian",),
        7: ("Pekerja Bebas Non Pertanian", "Pekerja Bebas Nonpertanian", "Pekerja Bebas Non-Pertanian"),
        8: ("Pekerja Keluarga/Tidak Dibayar", "Pekerja Keluarga", "Pekerja Tidak Dibayar"),
    },
    codes.WorkSector: {
        1: (
            "Pertanian",
            "Pertanian Tanaman Padi & Palawija",
            "Hortikultura",
            "Perkebunan",
            "Perikanan",
            "Perikanan Tangkap",
            "Perikanan Budidaya",
            "Peternakan",
            "Kehutanan",
            "Kehutanan & Pertanian Lainnya",
            "Pertanian, Kehutanan dan Perikanan",
        ),
        2: ("Industri", "Industri Pengolahan", "Industri Batik", "Batik"),
        3: ("Bangunan", "Konstruksi", "Bangunan/Konstruksi"),
        4: ("Perdagangan", "Perdagangan Besar dan Eceran", "Dagang"),
        5: ("Transportasi", "Transportasi & Pergudangan", "Angkutan", "Pergudangan"),
        6: ("Hotel & Rumah Makan", "Penyediaan Akomodasi & Makan Minum", "Akomodasi", "Rumah Makan"),
        7: (
            "Jasa",
            "Jasa Lainnya",
            "Jasa Kemasyarakatan, Pemerintahan & Perorangan",
            "Informasi & Komunikasi",
            "Keuangan & Asuransi",
            "Jasa Keuangan",
        ),
        8: ("Pemerintahan", "Administrasi Pemerintahan", "Jasa Pendidikan", "Pendidikan", "Jasa Kesehatan"),
        9: ("Lainnya", "Lain-lain", "Pertambangan/Penggalian", "Pertambangan", "Listrik & Gas", "Pemulung"),
    },
    codes.Disability: {
        0: ("Tidak Ada", "Tidak Cacat", "Tidak", "Tidak Disabilitas", "Bukan Penyandang Disabilitas"),
        1: ("Tuna Daksa", "Tuna Daksa/Cacat Tubuh", "Cacat Tubuh", "Disabilitas Fisik", "Fisik"),
        2: (
            "Tuna Netra",
            "Tuna Netra/Buta",
            "Tuna Rungu",
            "Tuna Wicara",
            "Tuna Rungu & Wicara",
            "Tuna Rungu/Wicara",
            "Disabilitas Sensorik",
            "Sensorik",
        ),
        3: ("Tuna Grahita", "Cacat Mental Retardasi", "Retardasi Mental", "Disabilitas Intelektual", "Intelektual"),
        4: ("Mantan Penderita Gangguan Jiwa", "Gangguan Jiwa", "Disabilitas Mental", "Mental", "Tuna Laras"),
        5: (
            "Cacat Fisik & Mental",
            "Tuna Ganda",
            "Disabilitas Ganda",
            "Ganda",
            "Tuna Netra & Cacat Tubuh",
            "Tuna Netra, Rungu & Wicara",
            "Tuna Rungu, Wicara & Cacat Tubuh",
            "Tuna Rungu, Wicara, Netra & Cacat Tubuh",
        ),
    },
    codes.ChronicIllness: {
        0: ("Tidak Ada", "Tidak", "Tidak Ada Penyakit"),
        1: ("Hipertensi", "Hipertensi (Tekanan Darah Tinggi)", "Darah Tinggi", "Tekanan Darah Tinggi"),
        2: ("Diabetes", "Diabetes (Kencing Manis)", "Kencing Manis", "Diabetes Melitus"),
        3: ("Jantung", "Penyakit Jantung", "Masalah Jantung"),
        4: ("TBC", "TB", "TB Paru", "Tuberkulosis"),
        5: ("Kanker", "Kanker atau Tumor Ganas", "Kanker/Tumor Ganas", "Tumor Ganas"),
        6: ("Stroke",),
        7: (
            "Lainnya",
            "Lain-lain",
            "Lainnya (Gagal Ginjal, Paru-paru Flek, dll)",
            "Rematik",
            "Asma",
            "Gagal Ginjal",
            "Paru-paru Flek",
            "Liver",
        ),
    },
    codes.HouseTenure: {
        1: ("Milik Sendiri", "Sendiri", "Milik"),
        2: ("Kontrak/Sewa", "Sewa/Kontrak", "Kontrak", "Sewa"),
        3: ("Bebas Sewa", "Bebas Sewa/Numpang", "Numpang", "Menumpang"),
        4: ("Dinas", "Rumah Dinas"),
        5: ("Lainnya", "Lain-lain"),
    },
    codes.FloorType: {
        1: ("Marmer/Granit", "Marmer", "Granit"),
        2: ("Keramik",),
        3: ("Parket/Vinil/Karpet", "Parket/Vinil/Permadani", "Parket", "Vinil", "Karpet", "Permadani"),
        4: ("Ubin/Tegel/Teraso", "Ubin", "Tegel", "Teraso"),
        5: ("Kayu/Papan Kualitas Tinggi", "Kayu Kualitas Tinggi", "Papan Kualitas Tinggi"),
        6: ("Semen/Bata Merah", "Sementasi/Bata Merah", "Semen", "Plester", "Bata Merah"),
        7: ("Bambu",),
        8: ("Kayu/Papan Kualitas Rendah", "Kayu Kualitas Rendah", "Papan Kualitas Rendah"),
        9: ("Tanah",),
        10: ("Lainnya", "Lain-lain"),
    },
    codes.WallType: {
        1: ("Tembok", "Tembok/Bata", "Bata", "Batu Bata"),
        2: ("Plesteran Anyaman Bambu/Kawat", "Plesteran Bambu", "Anyaman Bambu Diplester"),
        3: ("Kayu", "Papan", "Kayu/Papan"),
        4: ("Anyaman Bambu", "Bilik", "Gedek"),
        5: ("Batang Kayu",),
        6: ("Bambu",),
        7: ("Lainnya", "Lain-lain"),
    },
    codes.RoofType: {
        1: ("Beton", "Beton/Genteng Beton", "Genteng Beton", "Dak"),
        2: ("Genteng Keramik",),
        3: ("Genteng Metal", "Metal"),
        4: ("Genteng Tanah Liat", "Genteng", "Genteng Tanah"),
        5: ("Asbes",),
        6: ("Seng",),
        7: ("Sirap",),
        8: ("Bambu",),
        9: ("Jerami/Ijuk/Daun-daunan/Rumbia", "Jerami", "Ijuk", "Rumbia"),
        10: ("Lainnya", "Lain-lain"),
    },
    codes.Condition: {
        1: ("Bagus", "Baik", "Bagus/Kualitas Tinggi", "Kualitas Tinggi", "Layak"),
        2: ("Jelek", "Rusak", "Jelek/Kualitas Rendah", "Kualitas Rendah", "Tidak Layak", "Buruk"),
    },
    codes.WaterSource: {
        1: ("Air Kemasan Bermerk", "Air Kemasan", "Air Mineral", "Kemasan"),
        2: ("Air Isi Ulang", "Isi Ulang"),
        3: ("Leding Meteran", "Ledeng Meteran", "Air Leding Meteran", "PDAM"),
        4: ("Leding Eceran", "Ledeng Eceran", "Air Leding Eceran"),
        5: ("Sumur Bor/Pompa", "Sumur Bor", "Sumur Pompa", "Pompa"),
        6: ("Sumur Terlindung",),
        7: ("Sumur Tak Terlindung", "Sumur Tidak Terlindung"),
        8: ("Mata Air Terlindung",),
        9: ("Mata Air Tak Terlindung", "Mata Air Tidak Terlindung"),
        10: ("Air Sungai/Danau/Waduk", "Air Sungai", "Sungai", "Danau", "Waduk"),
        11: ("Air Hujan", "Hujan"),
        12: ("Lainnya", "Lain-lain"),
    },
    codes.LightingSource: {
        1: ("Listrik PLN", "PLN", "Listrik PLN Dengan Meteran", "Listrik PLN Tanpa Meteran"),
        2: ("Listrik Non PLN", "Listrik Non-PLN", "Listrik Bukan PLN", "Non PLN"),
        3: ("Bukan Listrik", "Tidak Ada Listrik", "Tanpa Listrik", "Pelita/Sentir/Obor", "Petromak"),
    },
    codes.PowerCapacity: {
        1: ("450 Watt", "450 VA", "450"),
        2: ("900 Watt", "900 VA", "900"),
        3: ("1.300 Watt", "1300 Watt", "1.300 VA", "1300 VA", "1300"),
        4: ("2.200 Watt", "2200 Watt", "2.200 VA", "2200 VA", "2200"),
        5: ("> 2.200 Watt", "> 2200 Watt", "> 2.200 VA", "> 2200 VA", "> 2200", "Lebih dari 2200 Watt"),
        6: ("Tanpa Meteran", "Tidak Ada Meteran"),
    },
    codes.CookingFuel: {
        1: ("Listrik",),
        2: ("Gas > 3 kg", "Elpiji > 3 kg", "LPG > 3 kg", "Gas 5,5 kg", "Gas 12 kg", "Elpiji 12 kg", "LPG 12 kg"),
        3: ("Gas 3 kg", "Elpiji 3 kg", "LPG 3 kg", "Gas Melon"),
        4: ("Gas Kota/Biogas", "Gas Kota", "Biogas"),
        5: ("Minyak Tanah",),
        6: ("Briket",),
        7: ("Arang",),
        8: ("Kayu Bakar", "Kayu"),
        9: ("Tidak Memasak di Rumah", "Tidak Memasak"),
    },
    codes.ToiletFacility: {
        1: ("Sendiri", "Milik Sendiri", "Jamban Sendiri"),
        2: ("Bersama", "Jamban Bersama"),
        3: ("Umum", "MCK Umum", "Jamban Umum"),
        4: ("Tidak Ada", "Tidak Punya"),
    },
}


class AmbiguousSpelling(ValueError):
    """Two codes of one list claim the same spelling: a mistake in SPELLINGS (a test guards it)."""


@cache
def vocabulary(choices: type[models.IntegerChoices]) -> dict[str, int]:
    """label_key → code for one code list: the spellings above and each code's label in both languages."""
    found: dict[str, int] = {}

    def add(spelling: str, code: int) -> None:
        key = label_key(spelling)
        if key and found.setdefault(key, code) != code:
            raise AmbiguousSpelling(f"{choices.__name__}: {spelling!r} means {found[key]} and {code}")

    for code, spellings in SPELLINGS.get(choices, {}).items():
        for spelling in spellings:
            add(spelling, code)
    for language in ("id", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                # A label that repeats another code's spelling ("Lainnya") is not the user's only way in.
                key = label_key(str(label))
                if key not in found:
                    add(str(label), code)
    return found


def accepted(choices: type[models.IntegerChoices]) -> str:
    """The accepted values in words, for a message: "1 = Kepala Rumah Tangga, 2 = Istri/Suami, …"."""
    spellings = SPELLINGS.get(choices, {})
    with translation.override("id"):
        return ", ".join(
            f"{code} = {spellings[code][0] if code in spellings else label}" for code, label in choices.choices
        )


def markdown_table() -> str:
    """The accepted labels per code list as a Markdown table (docs/registry-import.md holds a copy)."""
    lines = ["| code list | code | accepted labels (besides the code itself) |", "|---|---|---|"]
    with translation.override("id"):
        for choices, spellings in SPELLINGS.items():
            for choice in choices:
                listed = ", ".join(f"`{spelling}`" for spelling in spellings.get(choice.value, ()))
                lines.append(f"| {choices.__name__} | {choice.value} = {choice.label} | {listed} |")
    return "\n".join(lines) + "\n"
