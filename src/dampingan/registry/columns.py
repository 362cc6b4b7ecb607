"""The registry file's columns: each field, the header spellings of SIKS-NG, P3KE and DTSEN exports,
and how its text is parsed. Headers compare ignoring case, spaces, dots, dashes and underscores.

This table is the documentation of accepted headers (docs/registry-import.md is generated from it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from django.db import models

from . import codes


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
    extra: dict[str, str] = field(default_factory=dict)


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
    Column("kecamatan_name", Kind.TEXT, ("kecamatan", "nama kecamatan", "nmkec"), level="household"),
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
)
BY_FIELD = {column.field: column for column in COLUMNS}
ALIASES = {column.field: column.aliases for column in COLUMNS}
