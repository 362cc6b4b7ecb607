"""A synthetic registry that lives through several releases: one population followed over the years.

``synth.synth_registry`` draws a single release. A demo city needs the next ones too, so that the release
diff, the trajectories and the targeting have something true to show. Between two releases
people are born, die and move; grown children leave to found their own household (a new No KK and, in
DTKS, a new IDBDT); a family whose members change gets a new No KK, as Dukcapil reissues the card;
households leave the registry and others enter it; and every household's desil moves a little, both
ways. In the kelurahan named *improving* (where the programme worked) poor households leave desil 1-4
more often, and their houses are redrawn for their new desil.

A DTKS release is written as a SIKS-NG export (a row per member, IDBDT and IDARTBDT, codes); a DTSEN
release as a family extract (no IDBDT, keyed by No KK, labels instead of codes, "Desil Nasional"), as the
two sources ship. Every row says DATA SINTETIS and every NIK takes a serial from ``SYNTHETIC_SERIALS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal

import polars as pl
from django.db import models

from . import codes
from .labels import SPELLINGS
from .synth import (
    DESIL_WEIGHTS,
    FLAG_CHANCES,
    HEADERS,
    HOUSEHOLD_SIZE_WEIGHTS,
    MARK,
    STREETS,
    Village,
    _Generator,
    housing,
    member_shapes,
    villages_of,
)

Unit = Literal["household", "family"]
POOR = 4  # desil 1-4: the priority households of the programme


@dataclass(frozen=True)
class ReleaseShape:
    """One release of the series: the day its data describe, its unit (a DTKS household export or a DTSEN
    family extract) and the kelurahan (dotted codes) where poor households got out more often since the
    release before."""

    data_date: dt.date
    unit: Unit = "household"
    improving: frozenset[str] = frozenset()


@dataclass
class _Person:
    nik: str
    name: str
    sex: int
    birth: dt.date
    relation: int
    disability: int
    chronic: int
    education: int | None = None  # drawn when the person is first seen at seven or older


@dataclass
class _Household:
    idbdt: str
    place: Village
    address: str
    rt: str
    rw: str
    desil: int
    no_kk: str
    members: list[_Person]
    housing: dict[str, str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def kecamatan_code(self) -> str:
        return self.place.code.rsplit(".", 1)[0]


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class _Population:
    def __init__(self, seed: int, places: list[Village], first_day: dt.date) -> None:
        self.gen = _Generator(seed, first_day)
        self.rng = self.gen.rng
        self.seed = seed
        self.places = places
        self.households: list[_Household] = []
        self.numbered = 0

    # --- people and households -------------------------------------------------------------------------
    def person(self, relation: int, sex: int, birth: dt.date, kecamatan_code: str) -> _Person:
        rng = self.rng
        return _Person(
            nik=self.gen.nik(kecamatan_code, birth, sex),
            name=self.gen.name(sex),
            sex=sex,
            birth=birth,
            relation=relation,
            disability=rng.choice([1, 2, 3]) if rng.random() < 0.03 else 0,
            chronic=rng.choice([1, 2, 3]) if rng.random() < 0.08 else 0,
        )

    def _idbdt(self) -> str:
        self.numbered += 1
        return f"SIN{self.seed:03d}{self.numbered:07d}"

    def _furnish(self, household: _Household) -> None:
        household.housing = housing(self.rng, household.desil)
        household.flags = self.gen.flags(household.desil)

    def new_household(self, day: dt.date, place: Village | None = None, desil: int | None = None) -> _Household:
        """A household as the registry first sees it on ``day``: sizes, ages and sexes as ``synth_registry``."""
        rng = self.rng
        place = place or rng.choice(self.places)
        kecamatan = place.code.rsplit(".", 1)[0]
        desil = desil or rng.choices(range(1, 11), DESIL_WEIGHTS)[0]
        sizes, weights = zip(*HOUSEHOLD_SIZE_WEIGHTS.items(), strict=True)
        size = rng.choices(sizes, weights)[0]
        members = [
            self.person(relation, sex, day - dt.timedelta(days=age * 365 + rng.randint(0, 364)), kecamatan)
            for relation, sex, age in member_shapes(rng, size)
        ]
        household = _Household(
            idbdt=self._idbdt(),
            place=place,
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}",
            rt=f"{rng.randint(1, 12):03d}",
            rw=f"{rng.randint(1, 8):03d}",
            desil=desil,
            no_kk=self.gen.no_kk(kecamatan, day - dt.timedelta(days=rng.randint(30, 3650))),
            members=members,
        )
        self._furnish(household)
        return household

    # --- the years between two releases ---------------------------------------------------------------
    def live(self, start: dt.date, end: dt.date, improving: Collection[str]) -> None:
        """What happens to the population between the release of ``start`` and that of ``end``."""
        rng = self.rng
        years = (end - start).days / 365.25
        kept: list[_Household] = []
        founded: list[_Household] = []
        for household in self.households:
            if rng.random() < 0.035 * years * (0.6 + household.desil / 10):
                continue  # left the registry: moved out of the city, or no longer listed after verification
            changed = self._births_and_deaths(household, start, end, years)
            if not household.members:
                continue
            left = self._children_leaving(household, start, end, years)
            founded += left
            changed = changed or bool(left)
            if rng.random() < 0.03 * years:
                household.place = rng.choice(self.places)
                household.address = f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}"
                household.rt, household.rw = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 8):03d}"
                changed = True
            if changed:
                issued = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                household.no_kk = self.gen.no_kk(household.kecamatan_code, issued)
            self._move_desil(household, years, household.place.code in improving)
            kept.append(household)
        entrants = round(len(self.households) * 0.045 * years)
        self.households = kept + founded + [self.new_household(end) for _ in range(entrants)]

    def _births_and_deaths(self, household: _Household, start: dt.date, end: dt.date, years: float) -> bool:
        rng = self.rng
        changed = False
        survivors = []
        for person in household.members:
            age = age_on(person.birth, end)
            if age > 50 and rng.random() < years * 0.004 * (age - 50) / 2:
                changed = True
                continue
            survivors.append(person)
        if survivors and all(p.relation != codes.RelationshipToHead.HEAD for p in survivors):
            # The spouse, else the eldest, heads the household now.
            successor = next((p for p in survivors if p.relation == 2), None) or min(survivors, key=lambda p: p.birth)
            successor.relation = codes.RelationshipToHead.HEAD
        household.members = survivors
        mothers = [p for p in survivors if p.sex == 2 and p.relation in (1, 2) and 20 <= age_on(p.birth, end) <= 42]
        if mothers and rng.random() < 0.11 * years:
            birth = start + dt.timedelta(days=rng.randint(0, (end - start).days))
            household.members.append(self.person(3, rng.choice([1, 2]), birth, household.kecamatan_code))
            changed = True
        return changed

    def _children_leaving(self, household: _Household, start: dt.date, end: dt.date, years: float) -> list[_Household]:
        """A grown child (22 or older) who marries and founds a household of its own, near the parents."""
        rng = self.rng
        grown = [p for p in household.members if p.relation == 3 and age_on(p.birth, end) >= 22]
        if not grown or rng.random() >= 0.05 * years:
            return []
        child = rng.choice(grown)
        household.members.remove(child)
        child.relation = codes.RelationshipToHead.HEAD
        members = [child]
        if rng.random() < 0.7:
            spouse_age = max(19, age_on(child.birth, end) + rng.randint(-4, 3))
            spouse_birth = end - dt.timedelta(days=spouse_age * 365 + rng.randint(0, 364))
            members.append(self.person(2, 3 - child.sex, spouse_birth, household.kecamatan_code))
        issued = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        founded = _Household(
            idbdt=self._idbdt(),
            place=household.place if rng.random() < 0.7 else rng.choice(self.places),
            address=f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}",
            rt=household.rt,
            rw=household.rw,
            desil=min(10, max(1, household.desil + rng.choice([-1, 0, 0, 1]))),
            no_kk="",
            members=members,
        )
        founded.no_kk = self.gen.no_kk(founded.kecamatan_code, issued)
        self._furnish(founded)
        return [founded]

    def _move_desil(self, household: _Household, years: float, improving: bool) -> None:
        rng = self.rng
        before = household.desil
        if improving and before <= POOR and rng.random() < 0.07:
            household.desil = rng.randint(POOR + 1, POOR + 3)  # out of desil 1-4: graduated
        elif rng.random() < min(0.7, 0.3 * years):
            step = rng.choice([-2, -1, -1, 1, 1, 2])
            household.desil = min(10, max(1, before + step))
        if household.desil != before and rng.random() < 0.6:
            self._furnish(household)

    # --- files ---------------------------------------------------------------------------------------
    def rows(self, shape: ReleaseShape) -> pl.DataFrame:
        """The population as a release on ``shape.data_date``: a DTKS export or a DTSEN family extract."""
        rng = self.rng
        day = shape.data_date
        family = shape.unit == "family"
        rows: list[dict[str, object]] = []
        for household in self.households:
            common = {
                "household_id": household.idbdt,
                "kecamatan_name": household.place.kecamatan,
                "kelurahan_code": household.place.code.replace(".", ""),
                "kelurahan_name": household.place.name,
                "address": household.address,
                "rt": household.rt,
                "rw": household.rw,
                "no_kk": household.no_kk,
                "desil": str(household.desil),
                **household.housing,
                **household.flags,
                "note": MARK,
            }
            for index, person in enumerate(sorted(household.members, key=_member_order), start=1):
                age = age_on(person.birth, day)
                if person.education is None and age >= 7:
                    person.education = min(5, max(0, int(rng.gauss(1 + household.desil * 0.25, 1.0))))
                works = 18 <= age <= 64 and rng.random() < (0.45 + 0.04 * household.desil)
                school = 1 if 7 <= age <= 18 and rng.random() < 0.6 + 0.04 * household.desil else (0 if age < 7 else 2)
                marital = 2 if person.relation in (1, 2) else 1
                rows.append(
                    {
                        **common,
                        "person_id": f"{household.idbdt}{index:02d}",
                        "nik": person.nik,
                        "name": person.name,
                        "relationship_to_head": _shown(codes.RelationshipToHead, person.relation, family),
                        "relationship_to_family_head": _shown(codes.RelationshipToHead, person.relation, family),
                        "sex": ("Laki-laki" if person.sex == 1 else "Perempuan") if family else str(person.sex),
                        "birth_date": person.birth.strftime("%d-%m-%Y") if family else person.birth.isoformat(),
                        "marital_status": _shown(codes.MaritalStatus, marital, family),
                        "school_participation": _shown(codes.SchoolParticipation, school, family),
                        "education": _shown(codes.Education, person.education or 0, family),
                        "work_status": str(int(works)),
                        "work_sector": str(rng.choice([2, 2, 4, 4, 7, 3, 5, 1])) if works else "",
                        "disability": str(person.disability),
                        "chronic_illness": str(person.chronic),
                    }
                )
        fields = [name for name in HEADERS if name in rows[0]] if rows else list(HEADERS)
        frame = pl.DataFrame(rows).select(fields)
        if family:
            # A DTSEN extract: families keyed by No KK, the family head only, the national desil.
            frame = frame.drop("household_id", "person_id", "relationship_to_head")
            return frame.rename({**{name: HEADERS[name] for name in frame.columns}, **DTSEN_HEADERS})
        return frame.rename({name: HEADERS[name] for name in frame.columns})


# The headers a DTSEN family extract uses where they differ from a SIKS-NG export (registry.columns aliases).
DTSEN_HEADERS = {
    "relationship_to_family_head": "Hubungan Dengan Kepala Keluarga",
    "desil": "Desil Nasional",
    "no_kk": "Nomor KK",
    "kelurahan_code": "Kode Desa/Kelurahan",
}


def _member_order(person: _Person) -> tuple[int, dt.date]:
    return (0 if person.relation == codes.RelationshipToHead.HEAD else 1, person.birth)


def _shown(choices: type[models.IntegerChoices], code: int, as_label: bool) -> str:
    """A code as a SIKS-NG export writes it, or as the label a DTSEN extract writes instead."""
    return SPELLINGS[choices][code][0] if as_label and code in SPELLINGS.get(choices, {}) else str(code)


def synth_history(
    persons: int,
    region: str,
    seed: int,
    shapes: Sequence[ReleaseShape],
    *,
    villages: list[Village] | None = None,
    assets_and_cards: bool = True,
) -> list[pl.DataFrame]:
    """About ``persons`` member rows in the first release of kab/kota ``region``, then the same population in
    each later release of ``shapes`` (in date order), lived through the years between them."""
    if list(shapes) != sorted(shapes, key=lambda s: s.data_date):
        raise ValueError("release shapes must be in date order")
    population = _Population(seed, villages or villages_of(region), shapes[0].data_date)
    counted = 0
    while counted < persons:
        household = population.new_household(shapes[0].data_date)
        population.households.append(household)
        counted += len(household.members)
    frames = []
    for number, shape in enumerate(shapes):
        if number:
            population.live(shapes[number - 1].data_date, shape.data_date, shape.improving)
        frame = population.rows(shape)
        if not assets_and_cards:
            frame = frame.drop([HEADERS[name] for name in FLAG_CHANCES], strict=False)
        frames.append(frame)
    return frames
