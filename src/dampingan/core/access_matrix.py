"""Who may open and change what: the one declared table of every route of the site and every operation of
the API, for every persona, on an object inside and one outside its scope, for reading and for writing.

``accounts/tests/test_every_route_answers_each_persona_as_the_table_says.py`` sends every cell and fails on a
route or operation this table does not name, so no page is added without deciding who may open it. The role
table of ``docs/roles.md`` is generated from here (``render_markdown``; ``dampingan access-matrix --write``).

Reading the table
-----------------
A *cell* is (route, persona, where, verb). ``verb`` is ``read`` (GET) or ``write`` (POST on a page; the
operation's own method on the API). ``where`` says which object the request names:

- ``in``: an object inside the persona's scope (its kelurahan, its OPD's record, its own token…);
- ``out``: one outside it: a record of another kelurahan or kecamatan and another OPD for a region-bound
  persona; for a city-wide persona a guessed id or a kelurahan code of another kab/kota (there is nothing of
  the city outside its scope), or a *draft* release or household, which no one opens by id but who checks it;
- ``other_opd`` (mentor_dlh only): a record of its own kelurahan written by another OPD;
- ``guess``: a path naming two objects (a kelurahan and a record, an intervention and a budget line…) with
  the persona's own first object and the others from outside its scope: the record must not open under a
  parent the persona may see;
- ``body_out``: an API write on the persona's own object whose body names objects from outside its scope
  (households, kelurahan, an OPD, an intervention): unless the table says why, it answers as it likes but
  writes nothing (``unchanged``).

The places behind these words are built by ``core/tests/access_world.py``.

Each route has a rule per verb (``Rule``): the capability or role it asks for, whether the object is seen by
scope (``sees="scope"``: outside → 404) or by everyone signed in (``sees="all"``: only a missing id → 404), and
whether a missing capability is refused before the object is looked up (``first="capability"``: 403 even for
an object outside the scope) or after (``first="object"``: 404 outside, 403 inside). Anything a rule does not
produce is an ``Exception`` with its reason. Writes by a mentor are limited to its own OPD's and its
kelurahan's records unless the rule's text or an exception says otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, TypedDict

from dampingan.access.roles import ROLE_CAPABILITIES, Capability, Role


class Outcome(StrEnum):
    OK = "ok"  # 2xx/3xx; for a write also 400/409/422: the minimal body sent passed the checks, not the form
    REFUSED = "refused"  # answered (2xx/3xx with the page's message, or 400/409/422) and nothing was written
    EMPTY = "empty"  # 200 with an empty list: a filter naming a kelurahan outside the scope finds nothing
    FORBIDDEN = "forbidden"  # 403
    HIDDEN = "hidden"  # 404: as if it did not exist
    LOGIN = "login"  # redirect to the login page (pages) or 401 (API)
    NOT_ALLOWED = "not_allowed"  # 405: the route does not serve this method
    UNCHANGED = "unchanged"  # any answer but a server error, and nothing written


SYMBOLS = {
    Outcome.OK: "ok",
    Outcome.REFUSED: "no-op",
    Outcome.EMPTY: "∅",
    Outcome.FORBIDDEN: "403",
    Outcome.HIDDEN: "404",
    Outcome.LOGIN: "login",
    Outcome.NOT_ALLOWED: "405",
    Outcome.UNCHANGED: "unchanged",
}

PERSONAS: dict[str, Role | None] = {
    "tkpk": Role.TKPK_ADMIN,
    "mentor_dlh": Role.OPD_MENTOR,
    "mentor_dindagkop": Role.OPD_MENTOR,
    "camat_selatan": Role.CAMAT,
    "lurah_banyurip": Role.LURAH,
    "operator": Role.DINSOS_OPERATOR,
    "viewer": Role.VIEWER,
    "anonymous": None,
}
# The place (core/tests/access_world.py) of each persona's object for each ``where``. J Jenggot (DLH),
# K Kuripan Kertoharjo (Dindagkop-UKM), B Banyurip (BPBD), M Medono (another kecamatan), O Jenggot's records
# of another OPD, X a guessed id / another kab/kota's code / a draft release.
PLACES: dict[str, dict[str, str]] = {
    "tkpk": {"in": "J", "out": "X"},
    "mentor_dlh": {"in": "J", "out": "K", "other_opd": "O"},
    "mentor_dindagkop": {"in": "K", "out": "J"},
    "camat_selatan": {"in": "J", "out": "M"},
    "lurah_banyurip": {"in": "B", "out": "J"},
    "operator": {"in": "J", "out": "X"},
    "viewer": {"in": "J", "out": "X"},
    "anonymous": {"in": "J"},
}
WHERE = ("in", "out", "other_opd", "guess", "body_out")

# Routes of the URL conf that are not in the matrix, with the reason.
EXCLUDED_PAGES: dict[str, str] = {
    "admin:*": "Django's admin site, for staff accounts only: core/tests/test_django_admin_is_for_staff.py",
    "api:openapi-json": "the OpenAPI schema (public: it names the operations, no data); the matrix reads it",
    "api:openapi-view": "/api/docs, the Swagger UI of that schema (tests/browser checks it)",
    "api:api-root": "django-ninja's empty index of /api/",
}

# --- which object each route parameter names --------------------------------------------------------------

# Pages: by the parameter's name, then (``pk``, ``code``) by the path segment before it.
PAGE_PARAM_BY_NAME = {
    "photo_pk": "photo",
    "year": "report_year",
    "month": "report_month",
    "line_pk": "budget_line",
    "report_pk": "progress",
    "pledge_pk": "pledge",
    "beneficiary_pk": "beneficiary",
    "attachment_pk": "attachment",
    "decision_pk": "decision",
    "file_pk": "report_file",
    "uidb64": "uidb64",
    "token": "token",
}
PAGE_PARAM_BY_SEGMENT = {
    "wilayah": "kelurahan",
    "kelurahan": "kelurahan",
    "indikator": "indicator",
    "nama-lain": "alias",
    "rumah-tangga": "household",
    "impor": "upload",
    "rilis": "release",
    "opd": "opd",
    "sk": "decree",
    "masalah": "problem",
    "potensi": "potential",
    "kunjungan": "visit",
    "tim": "team_member",
    "intervensi": "intervention",
    "mitra": "partner",
    "rapat": "meeting",
    "keputusan": "decision",
    "tindak-lanjut": "action_item",
    "periode": "team",
    "laporan": "report",
    "token": "api_token",
    "pengguna": "user",
}
API_PARAM_BY_NAME = {
    "opd_id": "opd",
    "release_id": "release",
    "old_id": "release_old",
    "new_id": "release",
    "household_id": "household",
    "upload_id": "upload",
    "decree_id": "decree",
    "problem_id": "problem",
    "potential_id": "potential",
    "visit_id": "visit",
    "intervention_id": "intervention",
    "line_id": "budget_line",
    "partner_id": "partner",
    "pledge_id": "pledge",
    "beneficiary_id": "beneficiary",
    "meeting_id": "meeting",
    "item_id": "action_item",
    "team_id": "team",
    "job_id": "job",
    "file_format": "file_format",
}
# API body fields and query parameters that name an object of a place (a GET's ``kelurahan`` filter too).
API_BODY_PLACED = {
    "kelurahan_code": "kelurahan",
    "region_code": "kelurahan",
    "kelurahan_codes": "kelurahan[]",
    "household_ids": "household[]",
    "decision_id": "decision",
    "intervention_id": "intervention",
    "lead_opd_id": "opd",
    "owner_opd_id": "opd",
    "opd_id": "opd",
    "indicator": "indicator",
}
API_QUERY_PLACED = {"nik": "nik", "kelurahan": "kelurahan"}
# Page forms whose check reads the body: a body that passes the form, so that the check is reached.
# ``<kind>`` is the place's object of that kind.
PAGE_BODIES: dict[str, dict[str, str]] = {
    "registry:approve": {"sk_number": "SK/MATRIKS/2", "sk_date": "2025-05-06"},
    "interventions:intervention_status": {"status": "selesai"},
    "reports:request": {"kind": "opd_mentoring", "year": "2025", "opd": "<opd>"},
}
# Parameters that name no object: the same value inside and outside the scope.
FIXED = {"uidb64", "token", "file_format", "report_year", "report_month"}
# Objects tied to no region: outside is place X (a missing id, a draft release) for every persona.
UNPLACED = {
    "release",
    "release_old",
    "lp2kd",
    "partner",
    "team",
    "decree",
    "upload",
    "figure_value",
    "figure_target",
    "indicator",
    "alias",
    "user",
}
# Records an OPD writes: for these mentor_dlh is also asked about its kelurahan's records of another OPD.
OPD_OWNED = {
    "problem",
    "potential",
    "visit",
    "photo",
    "monthly_report",
    "report_year",
    "team_member",
    "intervention",
    "budget_line",
    "progress",
    "beneficiary",
    "action_item",
    "report",
    "report_file",
    "opd",
    "job",
}


@dataclass(frozen=True)
class Route:
    key: str
    family: str  # "page" or "api"
    path: str  # the URL pattern (pages) or the OpenAPI path (API)
    method: str  # the API operation's method; "" for a page

    @property
    def kinds(self) -> dict[str, str]:
        return page_kinds(self) if self.family == "page" else api_kinds(self)


_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def page_kinds(route: Route) -> dict[str, str]:
    kinds = {}
    for found in _PARAM.finditer(route.path):
        name = found["name"]
        if "teks-lp2kd" in route.path and name == "pk":
            kinds[name] = "lp2kd"  # the LP2KD's own text: only that kind of report has one
        elif name in PAGE_PARAM_BY_NAME:
            kinds[name] = PAGE_PARAM_BY_NAME[name]
        else:
            segment = route.path[: found.start()].rstrip("/").rsplit("/", 1)[-1]
            kinds[name] = PAGE_PARAM_BY_SEGMENT[segment]
    return kinds


def api_kinds(route: Route) -> dict[str, str]:
    kinds = {}
    for name in re.findall(r"\{([^}]+)\}", route.path):
        if name == "report_id":
            kinds[name] = "monthly_report" if route.path.startswith("/api/visits/") else "report"
        elif name == "figure_id":
            kinds[name] = "figure_value" if "/values/" in route.path else "figure_target"
        elif name == "code":
            kinds[name] = "indicator" if route.path.startswith("/api/indicators/") else "kelurahan"
        else:
            kinds[name] = API_PARAM_BY_NAME[name]
    return kinds


def _walk(resolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    from django.urls import URLResolver

    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, prefix + str(pattern.pattern), full)
        else:
            name = pattern.name or ""
            yield prefix + str(pattern.pattern), f"{namespace}:{name}" if namespace else name


@cache
def url_conf() -> tuple[tuple[str, str], ...]:
    """(path, URL name) of every route of the URL conf, recursively."""
    from django.urls import get_resolver

    return tuple(_walk(get_resolver()))


@cache
def page_routes() -> tuple[Route, ...]:
    """Every route of the URL conf but the API's (they answer as OpenAPI operations) and the admin site's."""
    names = [name for _path, name in url_conf()]
    routes = []
    for path, name in url_conf():
        if path.startswith(("api/", "admin/")):
            continue
        key = name if names.count(name) == 1 else f"{name} /{path}"
        routes.append(Route(key, "page", "/" + path, ""))
    return tuple(routes)


@cache
def openapi_schema() -> dict[str, Any]:
    # Imported here: loading the API builds every router and schema, which only the matrix's checks need.
    from dampingan.api.api import api

    return api.get_openapi_schema()


@cache
def openapi_operations() -> dict[str, dict[str, Any]]:
    return {
        op["operationId"].removeprefix("dampingan_api_"): op
        for operations in openapi_schema()["paths"].values()
        for op in operations.values()
    }


@cache
def api_routes() -> tuple[Route, ...]:
    routes = []
    for path, operations in openapi_schema()["paths"].items():
        for method, operation in operations.items():
            routes.append(Route(operation["operationId"].removeprefix("dampingan_api_"), "api", path, method.upper()))
    return tuple(routes)


def api_patterns_without_operation() -> list[str]:
    """URL names under api/ that no OpenAPI operation answers (each must be excluded with a reason)."""
    paths = set(openapi_schema()["paths"])
    found = []
    for path, name in url_conf():
        if path.startswith("api/"):
            openapi_path = "/" + _PARAM.sub(lambda m: "{" + m["name"] + "}", path)
            if openapi_path not in paths:
                found.append(name)
    return found


def resolve_schema(schema: dict[str, Any]) -> dict[str, Any]:
    components = openapi_schema()["components"]["schemas"]
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _api_named_fields(route: Route) -> set[str]:
    """Body fields and query parameters of an operation that name an object of a place."""
    operation = openapi_operations()[route.key]
    names: set[str] = set()
    if "requestBody" in operation:
        media = next(iter(operation["requestBody"]["content"].values()))
        names |= set(resolve_schema(media["schema"]).get("properties", {})) & set(API_BODY_PLACED)
    for parameter in operation.get("parameters", []):
        named = parameter["in"] == "query" and parameter["name"] in API_QUERY_PLACED
        if named and (parameter.get("required") or route.method == "GET"):
            names.add(parameter["name"])
    return names


def named_kinds(route: Route) -> set[str]:
    """The kinds of object a request to ``route`` names (path, body, query)."""
    kinds = {kind for kind in route.kinds.values() if kind not in FIXED}
    if route.family == "page":
        kinds |= {v.strip("<>") for v in PAGE_BODIES.get(route.key, {}).values() if v.startswith("<")}
    else:
        placed = {**API_BODY_PLACED, **API_QUERY_PLACED}
        kinds |= {placed[name].removesuffix("[]") for name in _api_named_fields(route)}
    return kinds


def placement(route: Route) -> str:
    """Where the route names its object: "path", "body" (a body field or query parameter) or "" (none)."""
    if any(kind not in FIXED for kind in route.kinds.values()):
        return "path"
    return "body" if named_kinds(route) else ""


def guessable(route: Route) -> bool:
    return len([kind for kind in route.kinds.values() if kind not in FIXED]) >= 2


def owned_by_an_opd(route: Route) -> bool:
    return bool((named_kinds(route) | set(route.kinds.values())) & OPD_OWNED)


def outside_is_missing(route: Route, persona: str) -> bool:
    """Whether the object outside the scope is place X (a missing id, another kab/kota's code, a draft):
    always for a city-wide persona; for every persona when the path's first object is of no region, or the
    route names only objects of no region."""
    path_kinds = [kind for kind in route.kinds.values() if kind not in FIXED]
    if path_kinds:
        return PLACES[persona].get("out") == "X" or path_kinds[0] in UNPLACED
    return PLACES[persona].get("out") == "X" or named_kinds(route) <= UNPLACED


def places_of(route: Route, persona: str) -> list[str]:
    """The ``where`` of the cells of ``route`` for ``persona``."""
    if persona == "anonymous" or not placement(route):
        return ["in"]
    found = ["in", "out"]
    if "other_opd" in PLACES[persona] and owned_by_an_opd(route):
        found.append("other_opd")
    if guessable(route):
        found.append("guess")
    if body_names_another(route):
        found.append("body_out")
    return found


def body_names_another(route: Route) -> bool:
    """An API write on an object of the path whose body names other objects (kelurahan, households, OPDs…):
    the ``body_out`` cell sends the persona's own object with the body's objects taken from outside its scope."""
    if route.family != "api" or route.method == "GET":
        return False
    path_kinds = {kind for kind in route.kinds.values() if kind not in FIXED}
    return bool(path_kinds) and bool(named_kinds(route) - path_kinds)


# --- rules ---------------------------------------------------------------------------------------------

Predicate = Callable[[str, str], bool]  # (persona, where) → bool


def _role(persona: str) -> Role | None:
    return PERSONAS[persona]


def _has(persona: str, capability: Capability) -> bool:
    role = _role(persona)
    return role is not None and capability in ROLE_CAPABILITIES[role]


@dataclass(frozen=True)
class Rule:
    """How one verb of a route answers. ``text`` is what docs/roles.md prints."""

    text: str
    capability: Capability | None = None
    roles: frozenset[Role] | None = None  # instead of a capability
    owner: Predicate | None = None  # beyond the capability: whose object it is (mentor's own OPD…)
    owner_text: str = ""
    # Who sees the object: "scope" (outside → 404), "all" (every signed-in user: only a missing id → 404),
    # "opd" (as "scope", and a mentor sees only its own OPD's: reports).
    sees: str = "scope"
    first: str = "object"  # "capability": a missing capability answers 403 before the object is looked up
    # A mentor's write on another OPD's record of its own kelurahan: refused (403) unless this says why not.
    by_kelurahan: str = ""
    unknown: Outcome | None = None  # the answer to a missing id / another kab/kota's code named in the body
    outside: Outcome | None = None  # the answer, instead of 404, to an object named in the body outside the scope
    refusal: Outcome | None = None  # the answer instead of 403/404 (a page that refuses with a message)
    # A guessed child under a parent the persona sees: the capability (and owner) is asked on the parent first,
    # so whoever lacks it gets 403 before the child is looked up; otherwise the child is not found (404).
    parent_first: bool = False
    public: bool = False
    fixed: Outcome | None = None  # the same answer for every signed-in persona (405, logging out)
    anonymous: Outcome = Outcome.LOGIN

    def allowed(self, persona: str) -> bool:
        if self.roles is not None:
            return _role(persona) in self.roles
        return self.capability is None or _has(persona, self.capability)

    def outcome(self, route: Route, persona: str, where: str, verb: str) -> Outcome:
        if self.fixed is not None and (persona != "anonymous" or self.public):
            return self.fixed
        if self.public:
            return Outcome.OK
        if persona == "anonymous":
            return self.anonymous
        found = self._decide(route, persona, where, verb)
        if self.refusal is not None and found in (Outcome.FORBIDDEN, Outcome.HIDDEN):
            return self.refusal
        return found

    def _decide(self, route: Route, persona: str, where: str, verb: str) -> Outcome:
        placed = bool(placement(route))
        if placed and where in ("out", "guess") and self.unknown and outside_is_missing(route, persona):
            return self.unknown
        if self.first == "capability" and not self.allowed(persona):
            return Outcome.FORBIDDEN
        if where == "guess":
            refused = not self.allowed(persona) or (self.owner is not None and not self.owner(persona, "in"))
            return Outcome.FORBIDDEN if self.parent_first and refused else Outcome.HIDDEN
        if placed and not self._visible(route, persona, where):
            return self.outside or Outcome.HIDDEN
        if not self.allowed(persona) or (self.owner is not None and not self.owner(persona, where)):
            return Outcome.FORBIDDEN
        if where == "other_opd" and verb == "write" and not self.by_kelurahan:
            return Outcome.FORBIDDEN
        return Outcome.OK

    def _visible(self, route: Route, persona: str, where: str) -> bool:
        if where == "in":
            return True
        if where == "other_opd":
            return self.sees != "opd"
        return self.sees == "all" and not outside_is_missing(route, persona)


def _as(rule: Rule, **changes: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, **changes)


PUBLIC = Rule("anyone, signed in or not", public=True)
NOT_SERVED = Rule("not served (405)", fixed=Outcome.NOT_ALLOWED, public=True)
NOT_SERVED_SIGNED_IN = Rule("not served (405); login first", fixed=Outcome.NOT_ALLOWED)
SIGNED_IN = Rule("every signed-in user")
SCOPE = Rule("whoever's scope holds it")
ALL_SEE = Rule("every signed-in user (the object is the city's, not a region's)", sees="all")


def cap(capability: Capability, **options: Any) -> Rule:
    first = options.get("first", "object")
    text = f"`{capability.value}`" + (", checked before the object" if first == "capability" else "")
    if options.get("sees") == "all":
        text += "; any object of the city"
    if "owner_text" in options:
        text += f"; {options['owner_text']}"
    if options.get("by_kelurahan"):
        text += "; a mentor also another OPD's record of its kelurahan (why: below)"
    return Rule(text, capability=capability, **options)


def only(role: Role, **options: Any) -> Rule:
    first = options.get("first", "object")
    text = f"the `{role.value}` role only" + (", checked before the object" if first == "capability" else "")
    if options.get("sees") == "all":
        text += "; any object of the city"
    if "owner_text" in options:
        text += f"; {options['owner_text']}"
    return Rule(text, roles=frozenset({role}), **options)


def _own_opd(persona: str, where: str) -> bool:
    """A mentor's own OPD; the TKPK admin any."""
    return _role(persona) == Role.TKPK_ADMIN or (_role(persona) == Role.OPD_MENTOR and where == "in")


def _runs_meeting(persona: str, where: str) -> bool:
    # The meetings of the matrix are musyawarah kelurahan: run by their lurah and the TKPK admin. The camat
    # runs its kecamatan's Catur Pilar (coordination/access.py), not the musyawarah of its kelurahan.
    return _role(persona) == Role.TKPK_ADMIN or (_role(persona) == Role.LURAH and where == "in")


def _updates_item(persona: str, where: str) -> bool:
    # The item's owner (the users of the owner OPD) and who runs its meeting.
    return _runs_meeting(persona, where) or (_role(persona) == Role.OPD_MENTOR and where == "in")


def _approves_report(persona: str, where: str) -> bool:
    # The reports of the matrix are OPD mentoring reports: approved by a user of that OPD only
    # (reports/access.py; the TKPK admin approves the LP2KD, the lurah the kelurahan profile).
    return _role(persona) == Role.OPD_MENTOR and where == "in"


def _own(persona: str, where: str) -> bool:
    return where == "in"


OWN_OPD = {"owner": _own_opd, "owner_text": "a mentor its own OPD only"}
RUNS_MEETING = {
    "owner": _runs_meeting,
    "owner_text": "who runs the meeting: the TKPK admin, the lurah its musyawarah (the camat runs its "
    "kecamatan's Catur Pilar, not a kelurahan's musyawarah)",
}


class _Owner(TypedDict):
    """The owner part of a rule, spelled once for the page and the API operation."""

    owner: Predicate
    owner_text: str


UPDATES_ITEM: _Owner = {
    "owner": _updates_item,
    "owner_text": "the owner (users of the owner OPD) and who runs the meeting",
}
APPROVES_REPORT: _Owner = {
    "owner": _approves_report,
    "owner_text": "who answers for the figures: a user of the report's OPD (the TKPK admin approves only the "
    "LP2KD, the lurah only the kelurahan profile)",
}

WHY_DRAFT = (
    "outside is a draft release (or its household): those who import (operator) and approve (TKPK admin) "
    "releases check it before approval; no one else opens it"
)
WHY_BY_KELURAHAN = (
    "any OPD's record of the mentor's kelurahan: an intervention is managed by its kelurahan, not by its lead "
    "OPD (interventions/access.py); problems, potentials, monthly reports and comments belong to the kelurahan, "
    "so its mentor keeps a former OPD's records up to date"
)
WHY_UNKNOWN = (
    "the code or id is a field of the body: one of another kab/kota or a missing id is refused as invalid "
    "(422) before the capability is asked; codes and OPD ids are public, nothing leaks"
)
WHY_PERSONAL_FIRST = (
    "a beneficiary is personal data: `view_personal_data` is asked on the intervention before the beneficiary "
    "is looked up, so the viewer gets 403 for any id"
)
WHY_OWN_LEAD = (
    "a mentor plans interventions led by its own OPD: another lead OPD is refused as invalid (422); the TKPK "
    "admin names another"
)
WHY_CALCULATOR = "every signed-in user: a calculator on the rows sent, reads no record, writes nothing"

MENTORING = cap(Capability.RECORD_MENTORING)
MENTORING_BY_KELURAHAN = cap(Capability.RECORD_MENTORING, by_kelurahan=WHY_BY_KELURAHAN)
COMMENTING = cap(Capability.COMMENT_MENTORING, by_kelurahan=WHY_BY_KELURAHAN)
PERSONAL = cap(Capability.VIEW_PERSONAL_DATA)
IMPORTING = cap(Capability.IMPORT_REGISTRY, first="capability", sees="all")
DECREES = cap(Capability.MANAGE_DECREES, first="capability", sees="all")
MEETINGS = cap(Capability.RUN_MEETINGS, **RUNS_MEETING)
INDICATORS = cap(Capability.MANAGE_INDICATORS, first="capability")
USERS = cap(Capability.MANAGE_USERS, first="capability", sees="all")
REPORTS = Rule("the OPD's own users and whoever's scope the OPD mentors now (reports/access.py)", sees="opd")
LISTED = Rule("every signed-in user; filtered by a kelurahan outside the scope, an empty list", outside=Outcome.EMPTY)
TKPK_ONLY = only(Role.TKPK_ADMIN)


@dataclass(frozen=True)
class Exception_:
    persona: str
    where: str
    verb: str  # "read" or "write"
    outcome: Outcome
    why: str


def ex(persona: str, where: str, verb: str, outcome: Outcome, why: str) -> Exception_:
    return Exception_(persona, where, verb, outcome, why)


@dataclass(frozen=True)
class Entry:
    read: Rule | None = None  # None: the route has no GET (an API write) or the page takes no POST
    write: Rule | None = None
    exceptions: tuple[Exception_, ...] = ()
    why: str = ""  # a note on the route as a whole


def page(read: Rule | None, write: Rule | None = None, *exceptions: Exception_, why: str = "") -> Entry:
    return Entry(read, write, exceptions, why)


def post_only(write: Rule, *exceptions: Exception_, why: str = "") -> Entry:
    return Entry(NOT_SERVED, write, exceptions, why)


def op(rule: Rule, *exceptions: Exception_, why: str = "") -> Entry:
    """An API operation: one method, so one rule (read for GET, write otherwise)."""
    return Entry(rule, rule, exceptions, why)


X = Outcome
DRAFT_CHECKERS = (ex("tkpk", "out", "read", X.OK, WHY_DRAFT), ex("operator", "out", "read", X.OK, WHY_DRAFT))

PAGES: dict[str, Entry] = {
    "home": page(SIGNED_IN),
    "healthz": page(PUBLIC, NOT_SERVED, why="the load balancer's probe: no data"),
    "login": page(PUBLIC, PUBLIC),
    "logout": page(NOT_SERVED, _as(PUBLIC, fixed=X.LOGIN, text="signs out, to the login page")),
    "password_change": page(SIGNED_IN, SIGNED_IN),
    "password_change_done": page(SIGNED_IN, NOT_SERVED_SIGNED_IN),
    "password_reset": page(PUBLIC, PUBLIC),
    "password_reset_done": page(PUBLIC, NOT_SERVED),
    "password_reset_confirm": page(PUBLIC, PUBLIC, why="a wrong link answers with Django's invalid-link page"),
    "password_reset_complete": page(PUBLIC, NOT_SERVED),
    "set_language": page(PUBLIC, PUBLIC),
    # regions
    "regions:list": page(SIGNED_IN, why="lists the kelurahan of the user's scope only"),
    "regions:aliases": page(cap(Capability.MANAGE_PLACE_NAMES), cap(Capability.MANAGE_PLACE_NAMES)),
    "regions:alias_delete": post_only(cap(Capability.MANAGE_PLACE_NAMES, first="capability", sees="all")),
    "regions:detail": page(SCOPE),
    "regions:office_edit": page(cap(Capability.EDIT_REGION_OFFICE), cap(Capability.EDIT_REGION_OFFICE)),
    # registry
    "registry:home": page(SIGNED_IN),
    "registry:search": page(PERSONAL),
    "registry:list": page(PERSONAL),
    "registry:household": page(_as(PERSONAL, first="capability"), None, *DRAFT_CHECKERS),
    "registry:releases": page(SIGNED_IN),
    "registry:diff": page(SIGNED_IN, why="compares the releases' figures of the user's scope only"),
    "registry:upload_start": page(cap(Capability.IMPORT_REGISTRY), cap(Capability.IMPORT_REGISTRY)),
    "registry:template": page(SIGNED_IN),
    "registry:upload": page(IMPORTING),
    "registry:upload_map": post_only(IMPORTING),
    "registry:upload_confirm": post_only(IMPORTING),
    "registry:upload_report": page(IMPORTING),
    "registry:approve": post_only(
        cap(Capability.APPROVE_RELEASES, first="capability", sees="all"), ex("tkpk", "out", "write", X.OK, WHY_DRAFT)
    ),
    "measures:index": page(SIGNED_IN, why="measures of the user's scope only"),
    "measures:fgt": page(SIGNED_IN, _as(SIGNED_IN, text=WHY_CALCULATOR)),
    # OPDs and decrees
    "mentoring:opd_list": page(SIGNED_IN),
    "mentoring:opd_create": page(cap(Capability.MANAGE_OPDS), cap(Capability.MANAGE_OPDS)),
    "mentoring:opd_import": page(cap(Capability.MANAGE_OPDS), cap(Capability.MANAGE_OPDS)),
    "mentoring:opd_import_cancel": post_only(
        _as(SIGNED_IN, text="every signed-in user: forgets its own pending import, kept in its session")
    ),
    "mentoring:opd_template": page(SIGNED_IN),
    "mentoring:opd_export": page(SIGNED_IN, why="the OPD directory is the city's, open to every signed-in user"),
    "mentoring:opd_detail": page(ALL_SEE),
    "mentoring:opd_edit": page(
        cap(Capability.EDIT_OWN_OPD, sees="all", **OWN_OPD), cap(Capability.EDIT_OWN_OPD, sees="all", **OWN_OPD)
    ),
    "mentoring:mapping": page(SIGNED_IN),
    "mentoring:matcher": page(cap(Capability.MANAGE_DECREES)),
    "mentoring:matcher_draft": post_only(cap(Capability.MANAGE_DECREES)),
    "mentoring:programme_settings": page(cap(Capability.MANAGE_DECREES), cap(Capability.MANAGE_DECREES)),
    "mentoring:decree_create": page(cap(Capability.MANAGE_DECREES), cap(Capability.MANAGE_DECREES)),
    "mentoring:decree_detail": page(ALL_SEE, why="decrees are public acts"),
    "mentoring:decree_edit": page(DECREES, DECREES),
    "mentoring:decree_import": page(DECREES, DECREES),
    "mentoring:decree_sign": post_only(cap(Capability.MANAGE_DECREES, sees="all")),
    "mentoring:decree_pdf": page(ALL_SEE),
    # kelurahan records
    "profiles:detail": page(SCOPE),
    "baseline:problem_list": page(SCOPE, MENTORING),
    "baseline:problem_detail": page(SCOPE),
    "baseline:problem_edit": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "baseline:problem_update": post_only(MENTORING_BY_KELURAHAN),
    "baseline:problem_comment": post_only(COMMENTING),
    "baseline:potential_list": page(SCOPE, MENTORING),
    "baseline:potential_detail": page(SCOPE),
    "baseline:potential_edit": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "baseline:potential_update": post_only(MENTORING_BY_KELURAHAN),
    "baseline:potential_comment": post_only(COMMENTING),
    "baseline:export_kelurahan": page(SCOPE),
    "baseline:mapping": page(SIGNED_IN, why="lists the kelurahan of the user's scope only"),
    "baseline:export_all": page(SIGNED_IN, why="exports the kelurahan of the user's scope only"),
    # visits and monthly reports
    "visits:visit_list": page(SCOPE, MENTORING),
    "visits:visit_detail": page(SCOPE),
    "visits:visit_photo": page(SCOPE),
    "visits:report_months": page(SCOPE),
    "visits:report_detail": page(SCOPE, MENTORING_BY_KELURAHAN),
    "visits:report_review": post_only(cap(Capability.REVIEW_MENTORING)),
    "visits:team": page(SCOPE, MENTORING),
    "visits:team_end": post_only(
        cap(Capability.RECORD_MENTORING, owner=_own_opd, owner_text="a mentor its own OPD's team only")
    ),
    "visits:review_queue": page(SIGNED_IN, why="lists the monthly reports of the user's scope only"),
    # interventions
    "interventions:intervention_list": page(SIGNED_IN, why="lists the interventions of the user's scope only"),
    "interventions:intervention_create": page(MENTORING, MENTORING),
    "interventions:intervention_detail": page(SCOPE),
    "interventions:intervention_edit": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "interventions:intervention_status": post_only(MENTORING_BY_KELURAHAN),
    "interventions:intervention_budget": page(SCOPE, MENTORING_BY_KELURAHAN),
    "interventions:budget_line_edit": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "interventions:intervention_progress": page(SCOPE, MENTORING_BY_KELURAHAN),
    "interventions:progress_attachment": page(SCOPE),
    "interventions:partner_list": page(SIGNED_IN),
    "interventions:partner_create": page(MENTORING, MENTORING),
    "interventions:partner_detail": page(
        ALL_SEE,
        _as(MENTORING, sees="all", text="`record_mentoring` (a pledge, to a kelurahan the user mentors)"),
        why="the partner directory is the city's",
    ),
    "interventions:partner_edit": page(_as(MENTORING, sees="all"), _as(MENTORING, sees="all")),
    "interventions:pledge_fulfil": post_only(MENTORING),
    "interventions:beneficiary_list": page(PERSONAL, MENTORING_BY_KELURAHAN),
    "interventions:beneficiary_add": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "interventions:beneficiary_import": page(MENTORING_BY_KELURAHAN, MENTORING_BY_KELURAHAN),
    "interventions:beneficiary_detail": page(
        _as(PERSONAL, parent_first=True),
        MENTORING_BY_KELURAHAN,
        ex("viewer", "guess", "write", X.FORBIDDEN, WHY_PERSONAL_FIRST),
    ),
    "interventions:targeting": page(SIGNED_IN, why="counts of the user's scope only"),
    "interventions:targeting_export": page(SIGNED_IN, why="counts of the user's scope only"),
    # maps
    "geo:map": page(SIGNED_IN, why="the city's map to every role, small cells hidden"),
    "geo:boundaries": page(cap(Capability.MANAGE_BOUNDARIES), cap(Capability.MANAGE_BOUNDARIES)),
    # coordination
    "coordination:meeting_list": page(SIGNED_IN, why="lists the meetings of the user's scope only"),
    "coordination:meeting_create": page(cap(Capability.RUN_MEETINGS), cap(Capability.RUN_MEETINGS)),
    "coordination:meeting_detail": page(SCOPE),
    "coordination:meeting_edit": page(MEETINGS, MEETINGS),
    "coordination:meeting_status": post_only(MEETINGS),
    "coordination:meeting_attendance": page(MEETINGS, MEETINGS),
    "coordination:meeting_minutes": page(MEETINGS, MEETINGS),
    "coordination:decision_create": page(MEETINGS, MEETINGS),
    "coordination:decision_edit": page(MEETINGS, MEETINGS),
    "coordination:attachment_upload": page(MEETINGS, MEETINGS),
    "coordination:attachment_download": page(SCOPE),
    "coordination:attachment_delete": post_only(_as(MEETINGS, parent_first=True)),
    "coordination:meeting_attendance_pdf": page(SCOPE),
    "coordination:meeting_minutes_pdf": page(SCOPE),
    "coordination:meeting_ics": page(SCOPE),
    "coordination:action_item_list": page(SIGNED_IN, why="lists the items of the user's scope and its own"),
    "coordination:action_item_detail": page(SCOPE, Rule(UPDATES_ITEM["owner_text"], **UPDATES_ITEM)),
    "coordination:action_item_edit": page(MEETINGS, MEETINGS),
    "coordination:action_item_create": page(MEETINGS, MEETINGS),
    "coordination:tkpk_team": page(SIGNED_IN),
    "coordination:tkpk_team_period": page(ALL_SEE),
    "coordination:tkpk_team_edit /tkpk/baru/": page(
        TKPK_ONLY, TKPK_ONLY, why="the TKPK structure: city-wide and `run_meetings`"
    ),
    "coordination:tkpk_team_edit /tkpk/periode/<int:pk>/ubah/": page(
        only(Role.TKPK_ADMIN, first="capability", sees="all"), only(Role.TKPK_ADMIN, first="capability", sees="all")
    ),
    # indicators
    "indicators:index": page(SIGNED_IN),
    "indicators:entry": page(INDICATORS, INDICATORS),
    "indicators:import": page(INDICATORS, INDICATORS),
    "indicators:import_template": page(SIGNED_IN),
    "indicators:approve": page(NOT_SERVED_SIGNED_IN, INDICATORS, why="the second TKPK administrator's approval"),
    "indicators:series": page(ALL_SEE),
    "indicators:series_csv": page(ALL_SEE),
    # dashboards
    "dashboard:index": page(SIGNED_IN, why="figures of the user's scope only"),
    "dashboard:public": page(PUBLIC, NOT_SERVED, why="the public page: aggregates, small cells hidden"),
    # reports
    "reports:list": page(SIGNED_IN, why="lists the reports the user may see only"),
    "reports:request": post_only(
        cap(Capability.REQUEST_REPORTS, refusal=X.REFUSED, **OWN_OPD),
        why="a request the role may not make is refused with a message (302) and nothing is requested",
    ),
    "reports:detail": page(REPORTS),
    "reports:review": post_only(cap(Capability.REVIEW_REPORTS, sees="opd")),
    "reports:approve": post_only(cap(Capability.APPROVE_REPORTS, sees="opd", **APPROVES_REPORT)),
    "reports:preview": page(REPORTS),
    "reports:difference": page(REPORTS),
    "reports:file": page(REPORTS),
    "reports:lp2kd_narrative": post_only(
        only(Role.TKPK_ADMIN, sees="all", owner_text="who may request the LP2KD; the LP2KD is seen by everyone")
    ),
    # accounts
    "accounts:account": page(SIGNED_IN, SIGNED_IN, why="one's own account and API tokens"),
    "accounts:token_revoke": post_only(Rule("one's own tokens: another user's token is not found", owner=_own)),
    "accounts:user_list": page(cap(Capability.MANAGE_USERS)),
    "accounts:user_create": page(cap(Capability.MANAGE_USERS), cap(Capability.MANAGE_USERS)),
    "accounts:user_detail": page(USERS),
    "accounts:user_edit": page(USERS, USERS),
    "accounts:audit_log": page(cap(Capability.VIEW_AUDIT_LOG)),
}

API: dict[str, Entry] = {
    "api_me": op(SIGNED_IN),
    "regions_list_regions": op(SIGNED_IN, why="the regions of the user's scope only"),
    "regions_get_region": op(SCOPE),
    "opds_list_opds": op(SIGNED_IN),
    "opds_create_opd": op(cap(Capability.MANAGE_OPDS)),
    "opds_get_opd": op(ALL_SEE),
    "opds_update_opd": op(cap(Capability.EDIT_OWN_OPD, sees="all", **OWN_OPD)),
    "registry_list_releases": op(SIGNED_IN, why="drafts only to who imports or approves releases"),
    "registry_get_release": op(ALL_SEE, *DRAFT_CHECKERS),
    "registry_approve_release": op(
        cap(Capability.APPROVE_RELEASES, sees="all"),
        ex("tkpk", "out", "write", X.OK, WHY_DRAFT),
        ex(
            "operator",
            "out",
            "write",
            X.FORBIDDEN,
            "the operator sees the draft it imported; approving is the TKPK admin's (maker-checker)",
        ),
    ),
    "registry_release_desil": op(ALL_SEE, *DRAFT_CHECKERS, why="the desil counts of the user's scope only"),
    "registry_release_diff": op(
        ALL_SEE,
        *DRAFT_CHECKERS,
        ex("tkpk", "guess", "read", X.OK, WHY_DRAFT),
        ex("operator", "guess", "read", X.OK, WHY_DRAFT),
        why="the differences in the user's scope only",
    ),
    "registry_list_households": op(
        _as(
            PERSONAL,
            first="capability",
            outside=X.REFUSED,
            text="`view_personal_data`, checked first; a kelurahan filter outside the scope is refused as invalid",
        )
    ),
    "registry_get_household": op(_as(PERSONAL, first="capability"), *DRAFT_CHECKERS),
    "registry_find_members": op(
        _as(
            PERSONAL,
            first="capability",
            outside=X.EMPTY,
            unknown=X.REFUSED,
            text="`view_personal_data`, checked first; a NIK outside the scope finds nobody",
        ),
    ),
    "registry_start_import": op(cap(Capability.IMPORT_REGISTRY)),
    "registry_import_status": op(IMPORTING),
    "registry_confirm_import": op(IMPORTING),
    "decrees_list_decrees": op(SIGNED_IN),
    "decrees_create_decree": op(cap(Capability.MANAGE_DECREES)),
    "decrees_get_decree": op(ALL_SEE),
    "decrees_sign_decree": op(cap(Capability.MANAGE_DECREES, sees="all")),
    "decrees_list_assignments": op(
        _as(
            ALL_SEE,
            outside=X.EMPTY,
            text="every signed-in user (decrees are public acts); a code of another kab/kota finds nothing",
        )
    ),
    "baseline_list_problems": op(LISTED),
    "baseline_create_problem": op(_as(MENTORING, unknown=X.REFUSED), why=WHY_UNKNOWN),
    "baseline_get_problem": op(SCOPE),
    "baseline_patch_problem": op(MENTORING_BY_KELURAHAN),
    "baseline_add_problem_update": op(MENTORING_BY_KELURAHAN),
    "baseline_list_potentials": op(LISTED),
    "baseline_create_potential": op(_as(MENTORING, unknown=X.REFUSED), why=WHY_UNKNOWN),
    "baseline_get_potential": op(SCOPE),
    "baseline_patch_potential": op(MENTORING_BY_KELURAHAN),
    "baseline_add_potential_update": op(MENTORING_BY_KELURAHAN),
    "visits_list_reports": op(LISTED),
    "visits_save_report": op(MENTORING),
    "visits_get_report": op(SCOPE),
    "visits_submit_report": op(MENTORING_BY_KELURAHAN),
    "visits_review_report": op(cap(Capability.REVIEW_MENTORING)),
    "visits_list_visits": op(LISTED),
    "visits_create_visit": op(MENTORING),
    "visits_get_visit": op(SCOPE),
    "interventions_list_interventions": op(LISTED),
    "interventions_create_intervention": op(
        _as(
            MENTORING,
            unknown=X.REFUSED,
            outside=X.FORBIDDEN,
            text="`record_mentoring`; a kelurahan the user does not mentor is refused with 403",
        ),
        ex("mentor_dlh", "other_opd", "write", X.REFUSED, WHY_OWN_LEAD),
        why=WHY_UNKNOWN,
    ),
    "interventions_budget_by_source": op(LISTED),
    "interventions_get_intervention": op(SCOPE),
    "interventions_patch_intervention": op(MENTORING_BY_KELURAHAN),
    "interventions_list_budget_lines": op(SCOPE),
    "interventions_add_budget_line": op(MENTORING_BY_KELURAHAN),
    "interventions_patch_budget_line": op(MENTORING_BY_KELURAHAN),
    "interventions_delete_budget_line": op(MENTORING_BY_KELURAHAN),
    "interventions_list_progress": op(SCOPE),
    "interventions_add_progress": op(MENTORING_BY_KELURAHAN),
    "partners_list_partners": op(SIGNED_IN),
    "partners_create_partner": op(MENTORING),
    "partners_get_partner": op(ALL_SEE),
    "partners_patch_partner": op(_as(MENTORING, sees="all")),
    "partners_create_pledge": op(
        _as(MENTORING_BY_KELURAHAN, sees="all", text="`record_mentoring` (to a kelurahan it mentors)")
    ),
    "partners_fulfil_pledge": op(MENTORING),
    "beneficiaries_list_beneficiaries": op(PERSONAL),
    "beneficiaries_add_beneficiaries": op(MENTORING_BY_KELURAHAN),
    "beneficiaries_beneficiary_counts": op(SCOPE),
    "beneficiaries_import_beneficiaries": op(MENTORING_BY_KELURAHAN),
    "beneficiaries_get_beneficiary": op(_as(PERSONAL, parent_first=True)),
    "beneficiaries_change_status": op(
        MENTORING_BY_KELURAHAN, ex("viewer", "guess", "write", X.FORBIDDEN, WHY_PERSONAL_FIRST)
    ),
    "beneficiaries_list_receipts": op(_as(PERSONAL, parent_first=True)),
    "beneficiaries_add_receipt": op(
        MENTORING_BY_KELURAHAN, ex("viewer", "guess", "write", X.FORBIDDEN, WHY_PERSONAL_FIRST)
    ),
    "meetings_list_meetings": op(SIGNED_IN, why="the meetings of the user's scope only"),
    "meetings_create_meeting": op(
        cap(
            Capability.RUN_MEETINGS,
            first="capability",
            outside=X.REFUSED,
            owner_text="a region it does not run is refused as invalid (422)",
        ),
    ),
    "meetings_get_meeting": op(SCOPE),
    "meetings_patch_meeting": op(MEETINGS),
    "meetings_take_attendance": op(MEETINGS),
    "meetings_list_decisions": op(SCOPE),
    "meetings_create_decision": op(MEETINGS),
    "action_items_list_items": op(
        _as(
            SIGNED_IN,
            outside=X.OK,
            text="every signed-in user: the items of the meetings of its scope and those it owns, wherever they "
            "are (coordination.md); a kelurahan filter keeps both",
        )
    ),
    "action_items_create_item": op(MEETINGS),
    "action_items_get_item": op(SCOPE),
    "action_items_edit_item": op(MEETINGS),
    "action_items_add_update": op(Rule(UPDATES_ITEM["owner_text"], **UPDATES_ITEM)),
    "tkpk_team_in_force": op(SIGNED_IN),
    "tkpk_list_teams": op(SIGNED_IN),
    "tkpk_get_team": op(ALL_SEE),
    "indicators_list_indicators": op(SIGNED_IN),
    "indicators_list_values": op(SIGNED_IN),
    "indicators_create_value": op(INDICATORS),
    "indicators_list_targets": op(SIGNED_IN),
    "indicators_create_target": op(INDICATORS),
    "indicators_update_value": op(INDICATORS),
    "indicators_update_target": op(INDICATORS),
    "indicators_series": op(ALL_SEE),
    "measures_mpi_measures": op(_as(SCOPE, text="every signed-in user, for the areas of its scope")),
    "measures_desil_measures": op(_as(SCOPE, text="every signed-in user, for the areas of its scope")),
    "measures_fgt_measures": op(_as(SIGNED_IN, text=WHY_CALCULATOR)),
    "measures_fgt_table_measures": op(_as(SIGNED_IN, text=WHY_CALCULATOR)),
    "dashboard_ranking_api": op(SIGNED_IN, why="the kelurahan of the user's scope only"),
    "dashboard_public_summary_api": op(PUBLIC, why="the public page's aggregates"),
    "reports_request_report": op(
        cap(Capability.REQUEST_REPORTS, unknown=X.REFUSED, outside=X.FORBIDDEN, **OWN_OPD), why=WHY_UNKNOWN
    ),
    "reports_list_reports": op(SIGNED_IN, why="the reports the user may see only"),
    "reports_get_job": op(REPORTS),
    "reports_get_report": op(REPORTS),
    "reports_review_report": op(cap(Capability.REVIEW_REPORTS, sees="opd")),
    "reports_approve_report": op(cap(Capability.APPROVE_REPORTS, sees="opd", **APPROVES_REPORT)),
    "reports_fetch_file": op(REPORTS),
}


# --- the cells --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    route: Route
    persona: str
    where: str
    verb: str  # "read" or "write"
    method: str
    expected: Outcome
    why: str

    @property
    def name(self) -> str:
        return f"{self.route.family}:{self.route.key} | {self.persona} | {self.where} | {self.method}"


def entry_of(route: Route) -> Entry:
    return (PAGES if route.family == "page" else API)[route.key]


def verbs_of(route: Route) -> list[tuple[str, str]]:
    """(verb, method) pairs the matrix sends to ``route``."""
    entry = entry_of(route)
    if route.family == "api":
        return [("read" if route.method == "GET" else "write", route.method)]
    return [
        (verb, method) for verb, method, rule in (("read", "GET", entry.read), ("write", "POST", entry.write)) if rule
    ]


def expected(route: Route, persona: str, where: str, verb: str) -> tuple[Outcome, str]:
    entry = entry_of(route)
    for exception in entry.exceptions:
        if exception.persona in (persona, "*") and exception.where in (where, "*") and exception.verb == verb:
            return exception.outcome, exception.why
    rule = entry.read if verb == "read" else entry.write
    assert rule is not None, (route, verb)
    if where == "body_out":  # the capability is the in-cell's; here: whatever the answer, nothing written
        return Outcome.UNCHANGED, ""
    return rule.outcome(route, persona, where, verb), ""


def cells(route: Route) -> list[Cell]:
    found = []
    for verb, method in verbs_of(route):
        for persona in PERSONAS:
            for where in places_of(route, persona):
                outcome, why = expected(route, persona, where, verb)
                found.append(Cell(route, persona, where, verb, method, outcome, why))
    return found


def all_routes() -> list[Route]:
    return [*page_routes(), *api_routes()]


def undeclared() -> list[str]:
    """Routes and operations the table does not name (and names the table holds that no longer exist)."""
    pages = {r.key for r in page_routes()}
    ops = {r.key for r in api_routes()}
    missing = [f"page {k}" for k in sorted(pages - set(PAGES))] + [f"api {k}" for k in sorted(ops - set(API))]
    stale = [f"stale page {k}" for k in sorted(set(PAGES) - pages)] + [f"stale api {k}" for k in sorted(set(API) - ops)]
    unexplained = [f"api pattern {n}" for n in api_patterns_without_operation() if n not in EXCLUDED_PAGES]
    return missing + stale + unexplained


def families() -> Counter[str]:
    """Cells per family: pages GET, pages write, API GET, API write."""
    counts: Counter[str] = Counter()
    for route in all_routes():
        for cell in cells(route):
            family = "pages" if route.family == "page" else "API"
            counts[f"{family} {'GET' if cell.verb == 'read' else 'write'}"] += 1
    return counts


# --- docs/roles.md --------------------------------------------------------------------------------------

DOC_START = "<!-- access-matrix:start -->"
DOC_END = "<!-- access-matrix:end -->"
SHORT = {
    "tkpk": "TKPK",
    "mentor_dlh": "mentor DLH",
    "mentor_dindagkop": "mentor Dindagkop",
    "camat_selatan": "camat",
    "lurah_banyurip": "lurah",
    "operator": "operator",
    "viewer": "viewer",
    "anonymous": "anonymous",
}


def _cell_text(found: dict[str, Outcome], flagged: set[str]) -> str:
    def show(where: str) -> str:
        return SYMBOLS[found[where]] + ("*" if where in flagged else "")

    text = show("in")
    if "out" in found:
        text += f" / {show('out')}"
    if "other_opd" in found:
        text += f" o:{show('other_opd')}"
    if "guess" in found:
        text += f" g:{show('guess')}"
    if "body_out" in found:
        text += f" b:{show('body_out')}"
    return text


def _rows(routes: list[Route]) -> list[str]:
    lines = [
        "| route | | " + " | ".join(SHORT[p] for p in PERSONAS) + " | rule |",
        "|---|---|" + "---|" * len(PERSONAS) + "---|",
    ]
    for route in routes:
        entry = entry_of(route)
        by_verb: dict[str, dict[str, dict[str, Outcome]]] = {}
        flagged: dict[tuple[str, str], set[str]] = {}
        methods: dict[str, str] = {}
        for cell in cells(route):
            by_verb.setdefault(cell.verb, {}).setdefault(cell.persona, {})[cell.where] = cell.expected
            methods[cell.verb] = cell.method
            if cell.why:
                flagged.setdefault((cell.verb, cell.persona), set()).add(cell.where)
        for verb, personas in by_verb.items():
            rule = entry.read if verb == "read" else entry.write
            note = rule.text if rule else ""
            if entry.why and verb == next(iter(by_verb)):
                note += f" — {entry.why}"
            name = route.key if route.family == "api" else f"{route.key} `{route.path}`"
            shown = " | ".join(_cell_text(personas[p], flagged.get((verb, p), set())) for p in PERSONAS)
            lines.append(f"| {name} | {methods[verb]} | {shown} | {note} |")
    return lines


def render_markdown() -> str:
    """The generated section of docs/roles.md, markers included."""
    counts = families()
    total = sum(counts.values())
    exceptions = sorted(
        {
            (c.route.family, c.route.key, c.persona, c.where, c.verb, c.expected.value, c.why)
            for route in all_routes()
            for c in cells(route)
            if c.why
        }
    )
    lines = [
        DOC_START,
        "<!-- Generated from src/dampingan/core/access_matrix.py by `dampingan access-matrix --write`: "
        "edit the table there, not here. -->",
        "",
        "## Who may open and change what: the access matrix",
        "",
        "Every route of the site and every operation of the API, for every persona, on an object inside its "
        "scope and one outside it. The test "
        "`accounts/tests/test_every_route_answers_each_persona_as_the_table_says.py` sends each cell and "
        "fails on a route the table does not name. A cell reads *inside / outside*; "
        "`o:` is mentor DLH's answer for another OPD's record of its own kelurahan, `g:` a path pairing the "
        "persona's own first object with another place's id (a guessed child), `b:` a write on the persona's own "
        "object whose body names objects outside its scope (`unchanged`: any answer, nothing written). "
        "Outside is another kelurahan "
        "and OPD for a region-bound persona; for a city-wide one a guessed id, a code of another kab/kota or a "
        "draft release. Answers: `ok` (2xx/3xx; for a write also a 400/422 of the minimal body after the "
        "checks), `403`, `404`, `login` (the login page; 401 on the API), `405`, `no-op` (answered, nothing "
        "written), `∅` (an empty list). `*` marks an exception to the route's rule, listed with its reason "
        "below. A refused write is checked to have written nothing.",
        "",
        f"Cells sent: pages GET {counts['pages GET']}, pages write {counts['pages write']}, "
        f"API GET {counts['API GET']}, API write {counts['API write']}: {total} in all "
        f"({len(page_routes())} routes, {len(api_routes())} API operations).",
        "",
        "Personas (the demo's users): TKPK admin; the mentors of DLH (Jenggot) and Dindagkop-UKM (Kuripan "
        "Kertoharjo); the camat of Pekalongan Selatan; the lurah of Banyurip; the Dinsos operator; a viewer.",
        "",
        "### Pages",
        "",
        *_rows(list(page_routes())),
        "",
        "### API",
        "",
        *_rows(list(api_routes())),
        "",
        "### Why a mentor may write another OPD's record",
        "",
        f"Where a rule says so (`o:ok` on a write): {WHY_BY_KELURAHAN}. Everywhere else a mentor's write on "
        "another OPD's record answers 403: its OPD's details, its team, the action items its OPD owns, its "
        "OPD's reports.",
        "",
        "### Exceptions and their reasons",
        "",
        *[
            f"- {key} | {SHORT[persona]} | {where} | {verb} → `{outcome}`: {why}"
            for _family, key, persona, where, verb, outcome, why in exceptions
        ],
        "",
        "### Not in the matrix",
        "",
        *[f"- `{name}`: {why}" for name, why in EXCLUDED_PAGES.items()],
        DOC_END,
    ]
    return "\n".join(lines)


def replace_section(document: str) -> str:
    """``document`` with its generated section replaced (appended if the markers are not there yet)."""
    section = render_markdown()
    if DOC_START in document and DOC_END in document:
        before, rest = document.split(DOC_START, 1)
        _old, after = rest.split(DOC_END, 1)
        return before + section + after
    return document.rstrip("\n") + "\n\n" + section + "\n"
