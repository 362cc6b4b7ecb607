"""Baseline endpoints: problems and potentials of the kelurahan in the caller's scope, and their monitoring.

The same querysets and services as the pages: records outside the scope are 404, a missing capability
is 403, and a refused record is 422 with the service's message, nothing half-saved.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from dampingan.access.requests import ApiRequest
from dampingan.baseline import services
from dampingan.baseline.models import Potential, PotentialUpdate, Problem, ProblemUpdate
from dampingan.baseline.queries import visible_potentials, visible_problems
from dampingan.baseline.services import PotentialFields, PotentialUpdateFields, ProblemFields, ProblemUpdateFields
from dampingan.lib import deployment
from dampingan.lib.service_input import service_input
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions
from dampingan.registry.kelurahan_indicators import indicator_labels
from dampingan.registry.queries import current_release

from .schemas import BodyIn, Bool, Column, Day, ErrorOut, PatchIn, published

router = Router(tags=["baseline"])


class ProblemUpdateOut(Schema):
    id: int
    on: dt.date
    movement: str
    narrative: str
    indicator_value: int | None
    indicator_denominator: int | None
    indicator_release_id: int | None
    recorded_by: str


class ProblemOut(Schema):
    id: int
    kelurahan_code: str
    category: str
    title: str
    description: str
    root_cause: str
    severity: int
    priority: int
    status: str
    evidence_indicator: str
    evidence_release_id: int | None
    evidence_value: int | None
    evidence_denominator: int | None
    evidence_on: dt.date | None
    evidence_is_current: bool
    recorded_on: dt.date
    recorded_by: str
    opd: str | None
    updates: list[ProblemUpdateOut]


# A kelurahan of another kab/kota is refused (422); one of this kab/kota outside the caller's scope is 404.
KelurahanCode = Annotated[str, published(pattern=rf"^{re.escape(deployment.code())}\.[^\u0000]*$")]
EvidenceIndicator = Annotated[str, published(enum=["", *indicator_labels()])]


class ProblemIn(BodyIn):
    kelurahan_code: KelurahanCode
    category: Annotated[str, Column(Problem, "category")]
    title: Annotated[str, Column(Problem, "title")]
    description: Annotated[str, Column(Problem, "description")] = ""
    root_cause: Annotated[str, Column(Problem, "root_cause")] = ""
    severity: Annotated[int, Column(Problem, "severity")] = 2
    priority: Annotated[int, Column(Problem, "priority")] = 1
    evidence_indicator: EvidenceIndicator = ""
    recorded_on: Day | None = None


class ProblemPatch(PatchIn):
    category: Annotated[str | None, Column(Problem, "category")] = None
    title: Annotated[str | None, Column(Problem, "title")] = None
    description: Annotated[str | None, Column(Problem, "description")] = None
    root_cause: Annotated[str | None, Column(Problem, "root_cause")] = None
    severity: Annotated[int | None, Column(Problem, "severity")] = None
    priority: Annotated[int | None, Column(Problem, "priority")] = None
    status: Annotated[str | None, Column(Problem, "status")] = None
    evidence_indicator: EvidenceIndicator = None  # type: ignore[assignment]
    recorded_on: Day = None  # type: ignore[assignment]
    refresh_evidence: Bool = False


class ProblemUpdateIn(BodyIn):
    movement: Annotated[str, Column(ProblemUpdate, "movement")]
    on: Day | None = None
    narrative: Annotated[str, Column(ProblemUpdate, "narrative")] = ""


class PotentialUpdateOut(Schema):
    id: int
    on: dt.date
    enterprises: int
    workers: int
    narrative: str
    recorded_by: str


class PotentialOut(Schema):
    id: int
    kelurahan_code: str
    sector: str
    name: str
    enterprises: int
    workers: int
    markets: str
    notes: str
    recorded_on: dt.date
    recorded_by: str
    opd: str | None
    updates: list[PotentialUpdateOut]


class PotentialIn(BodyIn):
    kelurahan_code: KelurahanCode
    sector: Annotated[str, Column(Potential, "sector")]
    name: Annotated[str, Column(Potential, "name")]
    enterprises: Annotated[int, Column(Potential, "enterprises")] = 0
    workers: Annotated[int, Column(Potential, "workers")] = 0
    markets: Annotated[str, Column(Potential, "markets")] = ""
    notes: Annotated[str, Column(Potential, "notes")] = ""
    recorded_on: Day | None = None


class PotentialPatch(PatchIn):
    sector: Annotated[str | None, Column(Potential, "sector")] = None
    name: Annotated[str | None, Column(Potential, "name")] = None
    enterprises: Annotated[int | None, Column(Potential, "enterprises")] = None
    workers: Annotated[int | None, Column(Potential, "workers")] = None
    markets: Annotated[str | None, Column(Potential, "markets")] = None
    notes: Annotated[str | None, Column(Potential, "notes")] = None
    recorded_on: Day = None  # type: ignore[assignment]


class PotentialUpdateIn(BodyIn):
    enterprises: Annotated[int, Column(PotentialUpdate, "enterprises")]
    workers: Annotated[int, Column(PotentialUpdate, "workers")]
    on: Day | None = None
    narrative: Annotated[str, Column(PotentialUpdate, "narrative")] = ""


def _kelurahan(request: ApiRequest, code: str) -> Region:
    """The kelurahan ``code`` for a new record: another kab/kota is a bad request, outside the scope is 404."""
    if not deployment.holds(code):
        raise ValidationError({"kelurahan_code": [_("%(code)s is not a kelurahan of this kab/kota.") % {"code": code}]})
    return get_object_or_404(visible_regions(request.scope).villages(), code=code)


def _name(user: object) -> str:
    return getattr(user, "username", "")


def _problem_update_out(u: ProblemUpdate) -> dict[str, object]:
    return {
        "id": u.pk,
        "on": u.on,
        "movement": u.movement,
        "narrative": u.narrative,
        "indicator_value": u.indicator_value,
        "indicator_denominator": u.indicator_denominator,
        "indicator_release_id": u.indicator_release_id,
        "recorded_by": _name(u.recorded_by),
    }


def _current_release_id() -> int | None:
    release = current_release()
    return release.pk if release else None


def _problem_out(p: Problem, current_id: int | None) -> dict[str, object]:
    return {
        **{
            f: getattr(p, f)
            for f in (
                "id",
                "category",
                "title",
                "description",
                "root_cause",
                "severity",
                "priority",
                "status",
                "evidence_indicator",
                "evidence_release_id",
                "evidence_value",
                "evidence_denominator",
                "evidence_on",
                "recorded_on",
            )
        },
        "kelurahan_code": p.kelurahan_id,
        "evidence_is_current": p.evidence_release_id is not None and p.evidence_release_id == current_id,
        "recorded_by": _name(p.recorded_by),
        "opd": p.opd.abbreviation if p.opd else None,
        # Sorted here so that a prefetched list is used as is.
        "updates": [_problem_update_out(u) for u in sorted(p.updates.all(), key=lambda u: (u.on, u.pk))],
    }


def _potential_update_out(u: PotentialUpdate) -> dict[str, object]:
    return {
        "id": u.pk,
        "on": u.on,
        "enterprises": u.enterprises,
        "workers": u.workers,
        "narrative": u.narrative,
        "recorded_by": _name(u.recorded_by),
    }


def _potential_out(p: Potential) -> dict[str, object]:
    return {
        **{
            f: getattr(p, f)
            for f in ("id", "sector", "name", "enterprises", "workers", "markets", "notes", "recorded_on")
        },
        "kelurahan_code": p.kelurahan_id,
        "recorded_by": _name(p.recorded_by),
        "opd": p.opd.abbreviation if p.opd else None,
        "updates": [_potential_update_out(u) for u in sorted(p.updates.all(), key=lambda u: (u.on, u.pk))],
    }


def _problem(request: ApiRequest, problem_id: int) -> Problem:
    problems = visible_problems(request.scope).with_people().prefetch_related("updates__recorded_by")
    return get_object_or_404(problems, pk=problem_id)


def _potential(request: ApiRequest, potential_id: int) -> Potential:
    potentials = visible_potentials(request.scope).with_people().prefetch_related("updates__recorded_by")
    return get_object_or_404(potentials, pk=potential_id)


# Problems ----------------------------------------------------------------------------------------------


@router.get("/problems", response=list[ProblemOut], summary="Problems in the caller's scope, by priority")
def list_problems(request: ApiRequest, kelurahan: str | None = None) -> list[dict]:
    problems = visible_problems(request.scope).with_people().prefetch_related("updates__recorded_by")
    if kelurahan:
        problems = problems.in_kelurahan(kelurahan)
    current_id = _current_release_id()
    return [_problem_out(p, current_id) for p in problems.order_by("kelurahan_id", "priority", "pk")]


@router.get("/problems/{problem_id}", response={200: ProblemOut, 404: ErrorOut})
def get_problem(request: ApiRequest, problem_id: int) -> dict:
    return _problem_out(_problem(request, problem_id), _current_release_id())


@router.post(
    "/problems",
    response={201: ProblemOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record a problem; evidence_indicator freezes the value of the current registry release",
)
def create_problem(request: ApiRequest, payload: ProblemIn) -> Status[dict]:
    kelurahan = _kelurahan(request, payload.kelurahan_code)
    data = payload.dict(exclude={"kelurahan_code"})
    if data["recorded_on"] is None:
        del data["recorded_on"]
    problem = services.create_problem(request.auth, kelurahan, service_input(ProblemFields, data))
    return Status(201, _problem_out(_problem(request, problem.pk), _current_release_id()))


@router.patch("/problems/{problem_id}", response={200: ProblemOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def patch_problem(request: ApiRequest, problem_id: int, payload: ProblemPatch) -> dict:
    problem = _problem(request, problem_id)
    data = payload.dict(exclude_unset=True)
    refresh = data.pop("refresh_evidence", False)
    services.update_problem(
        request.auth, problem, service_input(ProblemFields, data, partial=True), refresh_evidence=refresh
    )
    return _problem_out(_problem(request, problem_id), _current_release_id())


@router.post(
    "/problems/{problem_id}/updates",
    response={201: ProblemOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a monitoring entry (movement: worse, no_change, improving, resolved)",
)
def add_problem_update(request: ApiRequest, problem_id: int, payload: ProblemUpdateIn) -> Status[dict]:
    problem = _problem(request, problem_id)
    services.add_problem_update(request.auth, problem, service_input(ProblemUpdateFields, payload.dict()))
    return Status(201, _problem_out(_problem(request, problem_id), _current_release_id()))


# Potentials --------------------------------------------------------------------------------------------


@router.get("/potentials", response=list[PotentialOut], summary="Potentials in the caller's scope")
def list_potentials(request: ApiRequest, kelurahan: str | None = None) -> list[dict]:
    potentials = visible_potentials(request.scope).with_people().prefetch_related("updates__recorded_by")
    if kelurahan:
        potentials = potentials.in_kelurahan(kelurahan)
    return [_potential_out(p) for p in potentials.order_by("kelurahan_id", "sector", "pk")]


@router.get("/potentials/{potential_id}", response={200: PotentialOut, 404: ErrorOut})
def get_potential(request: ApiRequest, potential_id: int) -> dict:
    return _potential_out(_potential(request, potential_id))


@router.post("/potentials", response={201: PotentialOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def create_potential(request: ApiRequest, payload: PotentialIn) -> Status[dict]:
    kelurahan = _kelurahan(request, payload.kelurahan_code)
    data = payload.dict(exclude={"kelurahan_code"})
    if data["recorded_on"] is None:
        del data["recorded_on"]
    potential = services.create_potential(request.auth, kelurahan, service_input(PotentialFields, data))
    return Status(201, _potential_out(_potential(request, potential.pk)))


@router.patch("/potentials/{potential_id}", response={200: PotentialOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut})
def patch_potential(request: ApiRequest, potential_id: int, payload: PotentialPatch) -> dict:
    potential = _potential(request, potential_id)
    services.update_potential(
        request.auth, potential, service_input(PotentialFields, payload.dict(exclude_unset=True), partial=True)
    )
    return _potential_out(_potential(request, potential_id))


@router.post(
    "/potentials/{potential_id}/updates",
    response={201: PotentialOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a monitoring entry: enterprises and workers now",
)
def add_potential_update(request: ApiRequest, potential_id: int, payload: PotentialUpdateIn) -> Status[dict]:
    potential = _potential(request, potential_id)
    services.add_potential_update(request.auth, potential, service_input(PotentialUpdateFields, payload.dict()))
    return Status(201, _potential_out(_potential(request, potential_id)))
