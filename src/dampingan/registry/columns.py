"""The registry file's columns: each field, the header spellings of SIKS-NG, P3KE and DTSEN exports,
and how its text is parsed. Headers compare ignoring case, spaces, dots, dashes and underscores.

This table is the documentation of accepted headers (docs/registry-import.md is generated from it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from django.db import models

from . import codes
from .labels import accepted


class Kind(Enum):
    TEXT = "text"
    ID = "id"  # opaque registry identifier: kept as text, never as a number
    NIK = "nik"
    NO_KK = "no_kk"
    CODE = "code"  # an integer code from a code list
    SEX = "sex"
    DATE = "date"
    YES_NO = "yes_no"
    DECIMAL = "decimal"
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    field: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    choices: type[models.IntegerChoices] | None = None
    bounds: tuple[int, int] | None = None
    level: str = "member"  # member, family or household: where the value is stored
    required: bool = False
    # ``dataclasses.field`` in full: the attribute ``field`` above hides the bare name from mypy.
    extra: dict[str, str] = dataclasses.field(default_factory=dict)
    # A yes/no flag stored as a code in a household JSON list ("assets" or "programme_cards"), not as a field.
    flag_list: str = ""

    @property
    def flag_code(self) -> str:
        """The code this flag puts in its list: the field without its ``asset_``/``card_`` prefix."""
        return self.field.split("_", 1)[1] if self.flag_list else ""


# The asset flags and programme cards of the BDT/DTKS questionnaire as SIKS-NG, P3KE and DTSEN exports name
# them. Best knowledge, not an official list: check the headers against a real SIKS-NG export.
ASSET_ALIASES: dict[str, tuple[str, ...]] = {
    "gas_cylinder": ("ada tabung gas", "tabung gas", "sta tabung gas", "aset tabung gas"),
    "fridge": ("ada lemari es", "lemari es", "ada kulkas", "kulkas", "sta lemari es"),
    "air_conditioner": ("ada ac", "ac", "sta ac", "pendingin ruangan"),
    "water_heater": ("ada pemanas", "ada pemanas air", "pemanas air", "sta pemanas"),
    "phone": ("ada telepon", "telepon", "ada telepon rumah", "sta telepon"),
    "television": ("ada tv", "tv", "televisi", "ada televisi", "sta tv"),
    "gold": ("ada emas", "emas", "emas perhiasan", "ada emas perhiasan", "sta emas"),
    "computer": ("ada laptop", "laptop", "ada komputer", "komputer", "sta laptop"),
    "bicycle": ("ada sepeda", "sepeda", "sta sepeda"),
    "motorcycle": ("ada motor", "ada sepeda motor", "sepeda motor", "motor", "sta motor"),
    "car": ("ada mobil", "mobil", "sta mobil"),
    "boat": ("ada perahu", "perahu", "sta perahu"),
    "outboard_motor": ("ada motor tempel", "motor tempel", "sta motor tempel"),
    "motor_boat": ("ada perahu motor", "perahu motor", "sta perahu motor"),
    "ship": ("ada kapal", "kapal", "sta kapal"),
}
CARD_ALIASES: dict[str, tuple[str, ...]] = {
    "kks": ("status kks", "kks", "sta kks", "kepemilikan kks", "peserta kks"),
    "kip": ("status kip", "kip", "sta kip", "peserta kip"),
    "kis_pbi": ("status kis", "kis", "pbi", "sta kis", "status pbi", "pbi jkn", "peserta kis"),
    "bpjs_mandiri": ("bpjs mandiri", "status bpjs mandiri", "sta bpjs mandiri", "bpjs", "peserta bpjs mandiri"),
    "pkh": ("status pkh", "pkh", "sta pkh", "peserta pkh"),
    "bpnt": ("status bpnt", "bpnt", "rastra", "status rastra", "sta bpnt", "peserta bpnt", "sembako"),
    "kur": ("status kur", "kur", "sta kur", "peserta kur"),
}


COLUMNS: tuple[Column, ...] = (
    Column(
        "kelurahan_code",
        Kind.ID,
        ("kode kelurahan", "kode desa", "kode desa/kelurahan", "kddesa", "kode wilayah", "kode kel"),
        level="household",
    ),
    Column(
        "kelurahan_name",
        Kind.TEXT,
        ("kelurahan", "desa", "nama kelurahan", "nama desa", "desa/kelurahan", "nmdesa"),
        level="household",
    ),
    Column("kecamatan_name", Kind.TEXT, ("kecamatan", "nama kecamatan", "nmkec", "kec"), level="household"),
    # Checked against the deployment's kab/kota (a row of another one is an error), not stored.
    Column(
        "province",
        Kind.TEXT,
        ("provinsi", "propinsi", "nama provinsi", "nmprop", "prov", "kode provinsi", "kdprop"),
        level="household",
    ),
    Column(
        "kabupaten_kota",
        Kind.TEXT,
        ("kabupaten/kota", "kab/kota", "kabupaten", "kota", "nama kabupaten", "nmkab", "kode kabupaten", "kdkab"),
        level="household",
    ),
    Column(
        "household_id", Kind.ID, ("idbdt", "id dtks", "id bdt", "id rumah tangga", "id rt", "idrt"), level="household"
    ),
    Column("family_id", Kind.ID, ("id keluarga", "id keluarga p3ke", "idkeluarga", "id kel"), level="family"),
    Column("person_id", Kind.ID, ("idartbdt", "id art dtks", "id art", "id individu", "id individu p3ke")),
    Column("nik", Kind.NIK, ("no nik", "nomor nik", "nomor induk kependudukan"), required=True),
    Column("no_kk", Kind.NO_KK, ("nokk", "no kk", "nomor kk", "kk", "nomor kartu keluarga"), level="family"),
    Column("name", Kind.TEXT, ("nama", "nama art", "nama lengkap", "nama anggota"), required=True),
    Column("address", Kind.TEXT, ("alamat", "alamat lengkap", "jalan"), level="household"),
    Column("rt", Kind.TEXT, ("no rt",), level="household"),
    Column("rw", Kind.TEXT, ("no rw",), level="household"),
    Column(
        "relationship_to_head",
        Kind.CODE,
        ("hubungan dengan kepala rumah tangga", "hub krt", "hubkrt", "shdrt", "hubungan dengan krt"),
        choices=codes.RelationshipToHead,
    ),
    Column(
        "relationship_to_family_head",
        Kind.CODE,
        ("hubungan dengan kepala keluarga", "hub kk", "hubkk", "shdk"),
        choices=codes.RelationshipToHead,
    ),
    Column("sex", Kind.SEX, ("jenis kelamin", "jns kel", "jnskel", "jk", "kelamin")),
    Column("birth_place", Kind.TEXT, ("tempat lahir", "tmp lahir", "tmpt lahir", "tempatlahir")),
    Column("birth_date", Kind.DATE, ("tgl lahir", "tanggal lahir", "tgllahir")),
    Column(
        "marital_status", Kind.CODE, ("status kawin", "sta kawin", "status perkawinan"), choices=codes.MaritalStatus
    ),
    Column("pregnant", Kind.YES_NO, ("hamil", "sedang hamil", "sta hamil")),
    Column(
        "disability",
        Kind.CODE,
        ("jenis cacat", "disabilitas", "jenis disabilitas", "jns cacat"),
        choices=codes.Disability,
    ),
    Column(
        "chronic_illness",
        Kind.CODE,
        ("penyakit kronis", "penyakit kronis menahun", "jenis penyakit"),
        choices=codes.ChronicIllness,
    ),
    Column(
        "school_participation",
        Kind.CODE,
        ("partisipasi sekolah", "sta sekolah", "status sekolah"),
        choices=codes.SchoolParticipation,
    ),
    Column(
        "education",
        Kind.CODE,
        ("pendidikan", "pendidikan tertinggi", "ijazah tertinggi", "jenjang pendidikan"),
        choices=codes.Education,
    ),
    Column("work_status", Kind.CODE, ("status bekerja", "sta bekerja", "bekerja"), choices=codes.WorkStatus),
    Column(
        "employment_status",
        Kind.CODE,
        ("status pekerjaan", "status kedudukan dalam pekerjaan", "kedudukan dalam pekerjaan", "sta pekerjaan"),
        choices=codes.EmploymentStatus,
    ),
    Column(
        "work_sector", Kind.CODE, ("lapangan usaha", "sektor pekerjaan", "lapangan pekerjaan"), choices=codes.WorkSector
    ),
    Column(
        "desil",
        Kind.INTEGER,
        ("desil nasional", "kategori desil", "status kesejahteraan"),
        bounds=(1, 10),
        level="household",
    ),
    Column("percentile", Kind.INTEGER, ("persentil", "percentile"), bounds=(1, 100), level="household"),
    Column(
        "house_tenure",
        Kind.CODE,
        ("status bangunan", "sta bangunan", "status penguasaan bangunan"),
        choices=codes.HouseTenure,
        level="household",
    ),
    Column("floor_area", Kind.DECIMAL, ("luas lantai",), level="household"),
    Column("floor_type", Kind.CODE, ("jenis lantai", "lantai"), choices=codes.FloorType, level="household"),
    Column("wall_type", Kind.CODE, ("jenis dinding", "dinding"), choices=codes.WallType, level="household"),
    Column("wall_condition", Kind.CODE, ("kondisi dinding",), choices=codes.Condition, level="household"),
    Column("roof_type", Kind.CODE, ("jenis atap", "atap"), choices=codes.RoofType, level="household"),
    Column("roof_condition", Kind.CODE, ("kondisi atap",), choices=codes.Condition, level="household"),
    Column("rooms", Kind.INTEGER, ("jumlah kamar", "jml kamar"), bounds=(0, 99), level="household"),
    Column(
        "water_source", Kind.CODE, ("sumber air minum", "sumber airminum"), choices=codes.WaterSource, level="household"
    ),
    Column(
        "lighting_source",
        Kind.CODE,
        ("sumber penerangan", "penerangan"),
        choices=codes.LightingSource,
        level="household",
    ),
    Column(
        "power_capacity",
        Kind.CODE,
        ("daya", "daya listrik", "daya terpasang"),
        choices=codes.PowerCapacity,
        level="household",
    ),
    Column(
        "cooking_fuel",
        Kind.CODE,
        ("bahan bakar memasak", "bahan bakar", "bb masak"),
        choices=codes.CookingFuel,
        level="household",
    ),
    Column(
        "toilet_facility",
        Kind.CODE,
        ("fasilitas bab", "fasilitas buang air besar", "bab"),
        choices=codes.ToiletFacility,
        level="household",
    ),
    *(
        Column(f"asset_{code}", Kind.YES_NO, aliases, level="household", flag_list="assets")
        for code, aliases in ASSET_ALIASES.items()
    ),
    *(
        Column(f"card_{code}", Kind.YES_NO, aliases, level="household", flag_list="programme_cards")
        for code, aliases in CARD_ALIASES.items()
    ),
)
BY_FIELD = {column.field: column for column in COLUMNS}

# The header each field gets in the downloadable template and in synthetic files: SIKS-NG's spelling
# where it has one, so a file prepared from the template reads like an official export.
TEMPLATE_HEADERS = {
    "kelurahan_code": "Kode Desa",
    "kelurahan_name": "Kelurahan",
    "kecamatan_name": "Kecamatan",
    "province": "Provinsi",
    "kabupaten_kota": "Kabupaten/Kota",
    "household_id": "IDBDT",
    "family_id": "ID Keluarga",
    "person_id": "IDARTBDT",
    "nik": "NIK",
    "no_kk": "No KK",
    "name": "Nama ART",
    "address": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "relationship_to_head": "Hub KRT",
    "relationship_to_family_head": "Hub KK",
    "sex": "Jenis Kelamin",
    "birth_place": "Tempat Lahir",
    "birth_date": "Tgl Lahir",
    "marital_status": "Status Kawin",
    "pregnant": "Hamil",
    "disability": "Jenis Cacat",
    "chronic_illness": "Penyakit Kronis",
    "school_participation": "Partisipasi Sekolah",
    "education": "Pendidikan",
    "work_status": "Status Bekerja",
    "employment_status": "Status Pekerjaan",
    "work_sector": "Lapangan Usaha",
    "desil": "Desil",
    "percentile": "Persentil",
    "house_tenure": "Status Bangunan",
    "floor_area": "Luas Lantai",
    "floor_type": "Jenis Lantai",
    "wall_type": "Jenis Dinding",
    "wall_condition": "Kondisi Dinding",
    "roof_type": "Jenis Atap",
    "roof_condition": "Kondisi Atap",
    "rooms": "Jumlah Kamar",
    "water_source": "Sumber Air Minum",
    "lighting_source": "Sumber Penerangan",
    "power_capacity": "Daya",
    "cooking_fuel": "Bahan Bakar Memasak",
    "toilet_facility": "Fasilitas BAB",
    "asset_gas_cylinder": "Ada Tabung Gas",
    "asset_fridge": "Ada Lemari Es",
    "asset_air_conditioner": "Ada AC",
    "asset_water_heater": "Ada Pemanas",
    "asset_phone": "Ada Telepon",
    "asset_television": "Ada TV",
    "asset_gold": "Ada Emas",
    "asset_computer": "Ada Laptop",
    "asset_bicycle": "Ada Sepeda",
    "asset_motorcycle": "Ada Motor",
    "asset_car": "Ada Mobil",
    "asset_boat": "Ada Perahu",
    "asset_outboard_motor": "Ada Motor Tempel",
    "asset_motor_boat": "Ada Perahu Motor",
    "asset_ship": "Ada Kapal",
    "card_kks": "Status KKS",
    "card_kip": "Status KIP",
    "card_kis_pbi": "Status KIS",
    "card_bpjs_mandiri": "BPJS Mandiri",
    "card_pkh": "Status PKH",
    "card_bpnt": "Status BPNT",
    "card_kur": "Status KUR",
}
ALIASES = {column.field: column.aliases for column in COLUMNS}
# list name ("assets", "programme_cards") -> its flag columns, in questionnaire order.
FLAG_COLUMNS: dict[str, tuple[Column, ...]] = {
    name: tuple(c for c in COLUMNS if c.flag_list == name) for name in ("assets", "programme_cards")
}


def values_note(column: Column) -> str:
    """What a column accepts, in words: the code list with its Indonesian labels, or its kind."""
    from django.utils import translation

    with translation.override("id"):
        if column.choices is not None:
            return accepted(column.choices) + "; or the label (registry/labels.py)"
        notes = {
            Kind.NIK: "16 digits, as text",
            Kind.NO_KK: "16 digits, as text",
            Kind.ID: "text (kept as written)",
            Kind.SEX: "1/2, L/P, Laki-laki/Perempuan, Pria/Wanita",
            Kind.DATE: "date: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY/MM/DD or an Excel date cell",
            Kind.YES_NO: "yes/no: 1/0, 1/2 (BDT: 1 = ya, 2 = tidak), Ya/Tidak, Y/T, true/false"
            + (
                f"; stored as code `{column.flag_code}` in the household's {column.flag_list}"
                if column.flag_list
                else ""
            ),
            Kind.DECIMAL: "number",
            Kind.INTEGER: "whole number" + (f" {column.bounds[0]}-{column.bounds[1]}" if column.bounds else ""),
            Kind.TEXT: "text",
        }
        return notes.get(column.kind, column.kind.value)


def markdown_table() -> str:
    """The accepted headers as a Markdown table (docs/registry-import.md holds a copy; a test compares)."""
    lines = [
        "| field | level | required | accepted headers | values |",
        "|---|---|---|---|---|",
    ]
    for column in COLUMNS:
        headers = ", ".join(f"`{h}`" for h in (column.field, *column.aliases))
        required = "yes" if column.required else ""
        lines.append(f"| {column.field} | {column.level} | {required} | {headers} | {values_note(column)} |")
    return "\n".join(lines) + "\n"
