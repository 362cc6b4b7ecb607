"""The Django side of the matcher: each kelurahan's problem profile and each OPD's categories as frames for
``analytics.opd_matching``, and its proposal laid out for the page.

Problem profile of a kelurahan = weight per problem category, from two sources that add up:

1. **The current registry release**, through ``registry.kelurahan_indicators.kelurahan_indicators`` (the same numbers
   the kelurahan profile shows). Each deprivation's share s_d (households deprived / households) goes to the
   categories of ``DEPRIVATION_CATEGORIES``, split equally when it names several (so a deprivation counts
   once in total, however many categories it touches), and is scaled by (1 + p), p being the share of
   households in desil 1-4:

       weight(k, c) = (1 + p_k) * sum over deprivations d of c of s_d(k) / |categories(d)|

   The deprivation says what kind of help is needed; p says how poor the kelurahan is overall, so that when
   OPDs are scarce the poorer kelurahan get the better-fitting ones. (1 + p) rather than p keeps a release
   without desil ranks usable.

   Why these categories: an unfit house is a housing matter (RTLH repairs, Disperkim); a toilet is both the
   house's and the neighbourhood's sanitation (communal septic tanks and MCK are public works); unsafe water
   is piped-water infrastructure and the protection of wells and rivers (environment); electricity is
   infrastructure (the provincial programme counts households connected); children out of school are
   education; adults without work are economy (training, business capital); disability and the elderly
   living alone need social assistance and health care; female-headed households are the classic target
   of social protection (PKH, women's empowerment). Disaster has no registry indicator: only recorded
   problems feed it.

2. **Problems recorded in the kelurahan baseline** (``dampingan.baseline.Problem``), when that app is
   installed and its model has ``kelurahan``, ``category`` and ``priority``: each problem not resolved adds
   severity / 4 / priority to its category (a critical problem of first priority counts 1.0, a medium one of
   second priority 0.25). Problems are what the kelurahan and its OPD found on the ground, so they count on
   the same scale as a deprivation shared by every household. The baseline app is being built alongside
   the matcher; without it (or with a different shape) the profile is the registry's alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.apps import apps
from django.utils.translation import gettext as _

from dampingan.analytics.opd_matching import Proposal, propose
from dampingan.regions.models import Region
from dampingan.registry import statistics
from dampingan.registry.kelurahan_indicators import kept_indicators
from dampingan.registry.models import RegistryRelease
from dampingan.registry.queries import current_release

from .models import Assignment, Opd, OpdKind, ProblemCategory

C = ProblemCategory
DEPRIVATION_CATEGORIES: dict[str, tuple[str, ...]] = {
    "unfit_house": (C.HOUSING,),
    "no_own_toilet": (C.HOUSING, C.INFRASTRUCTURE),
    "unsafe_water": (C.INFRASTRUCTURE, C.ENVIRONMENT),
    "low_electricity": (C.INFRASTRUCTURE,),
    "child_out_of_school": (C.EDUCATION,),
    "adult_without_work": (C.ECONOMY,),
    "disability": (C.SOCIAL_PROTECTION, C.HEALTH),
    "elderly_alone": (C.SOCIAL_PROTECTION, C.HEALTH),
    "female_head": (C.SOCIAL_PROTECTION,),
}
# OPDs that take part by default: agencies of the city, not the kecamatan and kelurahan offices themselves.
DEFAULT_KINDS = (OpdKind.DINAS, OpdKind.BADAN, OpdKind.KANTOR, OpdKind.BAGIAN)

PROFILE_SCHEMA = {"kelurahan": pl.String, "category": pl.String, "weight": pl.Float64, "source": pl.String}


def registry_profile(release: RegistryRelease, villages: list[Region]) -> pl.DataFrame:
    """Rows kelurahan, category, weight, source (the deprivation's label and share) from ``release``."""
    rows: list[tuple[str, str, float, str]] = []
    kept = kept_indicators(statistics.stored(release), [village.code for village in villages])
    for village in villages:
        indicators = {i.key: i for i in kept[village.code]}
        poor = indicators["desil_1_4"].share or 0.0
        for key, categories in DEPRIVATION_CATEGORIES.items():
            indicator = indicators.get(key)
            if indicator is None or not indicator.share:
                continue
            label = f"{indicator.label} {100 * indicator.share:.0f}%"
            weight = (1 + poor) * indicator.share / len(categories)
            rows.extend((village.code, str(category), weight, label) for category in categories)
    return pl.DataFrame(rows, schema=PROFILE_SCHEMA, orient="row")


def baseline_problem_model() -> Any | None:
    """``baseline.Problem`` if that app is installed and has the fields the profile reads, else None."""
    if not apps.is_installed("dampingan.baseline"):
        return None
    try:
        model = apps.get_model("baseline", "Problem")
    except LookupError:
        return None
    fields = {f.name for f in model._meta.get_fields()}
    return model if {"kelurahan", "category", "priority"} <= fields else None


def problem_profile(villages: list[Region]) -> pl.DataFrame:
    """Rows kelurahan, category, weight, source (the problem's title) from the baseline's open problems."""
    model = baseline_problem_model()
    if model is None:
        return pl.DataFrame(schema=PROFILE_SCHEMA)
    fields = {f.name for f in model._meta.get_fields()}
    problems = model.objects.filter(kelurahan_id__in=[v.code for v in villages])
    if "status" in fields:
        problems = problems.exclude(status="resolved")
    optional = [name for name in ("severity", "title") if name in fields]
    rows = []
    for row in problems.values("kelurahan_id", "category", "priority", *optional):
        severity = row.get("severity") or 2  # the baseline's default, medium, when the field is absent
        weight = severity / 4 / max(row["priority"] or 1, 1)
        label = _("Problem: %(title)s (priority %(priority)s)") % {
            "title": row.get("title") or row["category"],
            "priority": row["priority"],
        }
        rows.append((row["kelurahan_id"], row["category"], weight, label))
    return pl.DataFrame(rows, schema=PROFILE_SCHEMA, orient="row")


def opd_capabilities(opds: list[Opd]) -> pl.DataFrame:
    """Rows opd, category from each OPD's ``problem_categories`` (unknown codes ignored)."""
    known = set(ProblemCategory.values)
    rows = [(o.pk, code) for o in opds for code in o.problem_categories if code in known]
    return pl.DataFrame(rows, schema={"opd": pl.Int64, "category": pl.String}, orient="row")


@dataclass
class Reason:
    category: str
    weight: float
    sources: list[tuple[str, float]]  # what built the category's weight, largest first


@dataclass
class MatcherResult:
    villages: list[Region]
    opds: list[Opd]  # taking part, in column order
    proposal: Proposal
    release: RegistryRelease | None
    uses_problems: bool
    busy_elsewhere: list[Opd]  # left out: they mentor a kelurahan outside the scope under a decree in force
    rows: list[dict[str, Any]] = field(default_factory=list)  # one per village, for the proposal table
    matrix: list[dict[str, Any]] = field(default_factory=list)  # one per village, with a cell per OPD

    @property
    def lines(self) -> list[tuple[str, int]]:
        return list(self.proposal.assignment.select("kelurahan", "opd").iter_rows())

    @property
    def unassigned(self) -> list[Region]:
        by_code = {v.code: v for v in self.villages}
        return [by_code[c] for c in self.proposal.unassigned]

    @property
    def idle(self) -> list[Opd]:
        by_id = {o.pk: o for o in self.opds}
        return [by_id[i] for i in self.proposal.idle]


def in_force_pairs(on: dt.date) -> list[Assignment]:
    """Assignments in force on ``on`` whose OPD is still active: the pairs the page offers to lock."""
    return list(
        Assignment.objects.in_force(on)
        .filter(opd__is_active=True)
        .select_related("opd", "kelurahan__parent")
        .order_by("kelurahan_id")
    )


def run_matcher(villages: list[Region], opds: list[Opd], locked: list[tuple[str, int]], on: dt.date) -> MatcherResult:
    """Propose OPDs for ``villages`` from ``opds``, keeping ``locked`` (kelurahan code, OPD id) pairs.

    OPDs mentoring a kelurahan outside ``villages`` under a decree in force are left out (they are not
    free); the OPD of a locked pair takes part even when not chosen. Locks outside ``villages`` are ignored.
    """
    codes = {v.code for v in villages}
    elsewhere = {a.opd_id for a in Assignment.objects.in_force(on).exclude(kelurahan_id__in=codes)}
    locks = [(code, opd_id) for code, opd_id in locked if code in codes]
    locked_ids = {opd_id for _code, opd_id in locks}
    chosen = {o.pk: o for o in opds}
    for opd in Opd.objects.filter(pk__in=locked_ids - chosen.keys()):
        chosen[opd.pk] = opd
    busy = sorted((o for o in chosen.values() if o.pk in elsewhere and o.pk not in locked_ids), key=str)
    taking_part = sorted((o for o in chosen.values() if o not in busy), key=lambda o: o.pk)

    release = current_release()
    profile = registry_profile(release, villages) if release else pl.DataFrame(schema=PROFILE_SCHEMA)
    problems = problem_profile(villages)
    profile = pl.concat([profile, problems])
    proposal = propose(
        profile,
        opd_capabilities(taking_part),
        kelurahan=sorted(codes),
        opds=[o.pk for o in taking_part],
        locked=locks,
    )
    result = MatcherResult(
        villages=villages,
        opds=sorted(taking_part, key=lambda o: o.abbreviation.lower()),
        proposal=proposal,
        release=release,
        uses_problems=baseline_problem_model() is not None,
        busy_elsewhere=busy,
    )
    _lay_out(result, profile)
    return result


def _lay_out(result: MatcherResult, profile: pl.DataFrame) -> None:
    """The proposal table and the fit matrix as plain rows for the template."""
    labels = dict(ProblemCategory.choices)
    sources: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    for code, category, weight, source in profile.iter_rows():
        sources[(code, category)].append((source, weight))
    for found in sources.values():
        found.sort(key=lambda s: (-s[1], s[0]))
    by_id = {o.pk: o for o in result.opds}

    def reasons(code: str, terms: list[dict[str, Any]]) -> list[Reason]:
        return [
            Reason(str(labels.get(t["category"], t["category"])), t["weight"], sources[(code, t["category"])])
            for t in terms
        ]

    chosen = {row["kelurahan"]: row for row in result.proposal.assignment.iter_rows(named=True)}
    cells: dict[tuple[str, int], dict[str, Any]] = {
        (row["kelurahan"], row["opd"]): row for row in result.proposal.fit.iter_rows(named=True)
    }
    for village in result.villages:
        pick = chosen.get(village.code)
        result.rows.append(
            {
                "village": village,
                "opd": by_id[pick["opd"]] if pick else None,
                "fit": pick["fit"] if pick else None,
                "locked": bool(pick and pick["locked"]),
                "reasons": reasons(village.code, pick["reasons"]) if pick else [],
            }
        )
        row_cells = [cells[(village.code, o.pk)] for o in result.opds]
        best = max((c["fit"] for c in row_cells), default=0.0)
        result.matrix.append(
            {
                "village": village,
                "cells": [
                    {
                        "opd": opd,
                        "fit": cell["fit"],
                        "best": best > 0 and cell["fit"] >= best - 1e-9,
                        "chosen": bool(pick and pick["opd"] == opd.pk),
                        "title": ", ".join(
                            f"{labels.get(t['category'], t['category'])} {t['weight']:.2f}" for t in cell["reasons"]
                        ),
                    }
                    for opd, cell in zip(result.opds, row_cells, strict=True)
                ],
            }
        )
