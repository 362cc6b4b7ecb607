"""Every route of the site and every API operation answers every persona as core/access_matrix.py says:
for an object inside its scope and one outside (a guessed id, a code of another kelurahan or
kab/kota, another OPD's record, a draft release's household), for GET and for each write.

The database is built once for the module (``world``: the demo, a second approved release and a draft, and
one object of every kind in each place); every request runs in a savepoint rolled back after it, so a write
that succeeds changes nothing for the next cell. A refused write must have written nothing: the statements
of the request are captured and any INSERT/UPDATE/DELETE outside the session and token bookkeeping fails
the cell. Each test is one route; its failures are listed together, each naming route | persona | where |
method.

Every answer is also read for personal identifiers (in pages, JSON and the files inside .xlsx/.docx): a NIK
or No KK of the world shown whole needs a persona that may see identifiers, and any shown, whole or masked,
needs the access entry written by that request for that persona. Routes that show people only with a
filter or as a download are sent again with it (``SHOWN_WITH``).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any
from urllib.parse import urlencode

import pytest
from auditlog.models import LogEntry
from conftest import PERSONAS as USERNAMES
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext

from dampingan.access.roles import ROLE_CAPABILITIES, Capability
from dampingan.core import access_matrix as matrix
from dampingan.core.access_matrix import Cell, Outcome, Route

from .access_world import World, build_world

# The database is the module's (fixture ``world``); pytest-django wraps each test in a savepoint of it.
pytestmark = pytest.mark.django_db

LOGIN_PATH = "/masuk/"
WRITE_SQL = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)
# Rows any request may write: the session, the API token's last use, the sign-in log of django-axes.
BOOKKEEPING = {"django_session", "accounts_apitoken", "axes_accesslog"}
# Outcomes after which nothing may have been written (an empty search is still logged as a personal data access).
NOTHING_WRITTEN = {
    Outcome.REFUSED,
    Outcome.FORBIDDEN,
    Outcome.HIDDEN,
    Outcome.LOGIN,
    Outcome.NOT_ALLOWED,
    Outcome.UNCHANGED,
}


# Whole identifiers (16 digits; only the world's NIK and No KK count) and masked ones (access.personal).
WHOLE_IDENTIFIER = re.compile(rb"(?<![0-9])[0-9]{16}(?![0-9])")
MASKED_IDENTIFIER = re.compile(rb"(?<![0-9])[0-9]{6}\*{8}[0-9]{2}(?![0-9])")
# The query strings under which a route shows people it does not show bare ({nik}: a NIK of the place).
SHOWN_WITH = {
    "page:registry:search": ["?q={nik}"],
    "page:registry:list": ["?export=csv", "?export=xlsx&level=members"],
    "page:interventions:beneficiary_list": ["?export=xlsx"],
}


# --- the value of each parameter ----------------------------------------------------------------------------


def value_of(world: World, kind: str, persona: str, where: str, first: bool = False) -> Any:
    """The value of a parameter of ``kind`` in a cell. For ``guess`` the first object of the path is the
    persona's own and the others come from outside its scope."""
    places = matrix.PLACES[persona]
    many = kind.endswith("[]")
    kind = kind.removesuffix("[]")
    if kind == "api_token":  # one's own token, or another persona's
        owner = persona if persona != "anonymous" else "tkpk"
        other = "viewer" if owner != "viewer" else "tkpk"
        return world.token_ids[owner if where == "in" else other]
    if where == "guess":
        where = "in" if first else "out"
    elif where == "body_out":
        where = "in"  # the path's objects; the body's come with where="out"
    place = places[where]
    if where == "out" and kind in matrix.UNPLACED:
        place = "X"
    value = world.ids[place][kind]
    return [value] if many else value


def _sample(schema: dict[str, Any]) -> Any:
    """The smallest value the schema accepts, so that a body reaches the operation's own checks."""
    schema = matrix.resolve_schema(schema)
    if "anyOf" in schema:
        return _sample(next(s for s in schema["anyOf"] if matrix.resolve_schema(s).get("type") != "null"))
    if "enum" in schema:
        return schema["enum"][0]
    if "pattern" in schema:
        candidates = ("2025-03", "2025-03-01", "33.75.04.1004", "3375041234560001", "x", "1")
        return next((c for c in candidates if re.search(schema["pattern"], c)), "x")
    kind = schema.get("type")
    if kind == "object":
        required = schema.get("required", [])
        return {name: _sample(sub) for name, sub in schema.get("properties", {}).items() if name in required}
    samples = {"array": [], "integer": 1, "number": 1, "boolean": False}
    if kind in samples:
        return samples[kind]
    return {"date": "2025-03-01", "date-time": "2025-03-01T09:00:00+07:00", "binary": b""}.get(
        schema.get("format", ""), "x"
    )


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.csv", b"nik;nama\n3375041234560001;Contoh\n", content_type="text/csv")


def api_request(world: World, route: Route, persona: str, where: str) -> tuple[str, Any, str]:
    """Path (with query), body and content type of an API cell."""
    operation = matrix.openapi_operations()[route.key]
    body_where = {"guess": "in", "body_out": "out"}.get(where, where)
    path = route.path
    for index, (name, kind) in enumerate(route.kinds.items()):
        path = path.replace("{" + name + "}", str(value_of(world, kind, persona, where, first=index == 0)))
    query = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query":
            continue
        kind = matrix.API_QUERY_PLACED.get(parameter["name"])
        if kind and (parameter.get("required") or route.method == "GET"):
            query[parameter["name"]] = value_of(world, kind, persona, body_where)
        elif parameter.get("required"):
            query[parameter["name"]] = _sample(parameter["schema"])
    if query:
        path = f"{path}?{urlencode(query)}"
    if "requestBody" not in operation:
        return path, None, ""
    content_type, media = next(iter(operation["requestBody"]["content"].items()))
    schema = matrix.resolve_schema(media["schema"])
    body = _sample(schema)
    for name in schema.get("properties", {}):
        if name in matrix.API_BODY_PLACED:
            body[name] = value_of(world, matrix.API_BODY_PLACED[name], persona, body_where)
    if route.key == "reports_request_report":
        body.update(kind="opd_mentoring", year=2025)
    if content_type.startswith("multipart/"):
        body = {k: (_upload(k) if isinstance(v, bytes) else v) for k, v in body.items()}
    return path, body, content_type


def page_request(world: World, route: Route, persona: str, where: str) -> tuple[str, dict[str, Any]]:
    path = route.path
    for index, (name, kind) in enumerate(route.kinds.items()):
        value = value_of(world, kind, persona, where, first=index == 0)
        path = re.sub(r"<(?:[^>:]+:)?" + name + ">", str(value), path)
    body_where = "in" if where == "guess" else where
    body = {
        name: value_of(world, value[1:-1], persona, body_where) if value.startswith("<") else value
        for name, value in matrix.PAGE_BODIES.get(route.key, {}).items()
    }
    return path, body


# --- one cell ---------------------------------------------------------------------------------------------


def _is_empty(response) -> bool:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return False
    data = response.json()
    if isinstance(data, dict):
        data = data.get("items", data.get("rows", [None]))
    return data == []


def matches(cell: Cell, response, written: set[str]) -> str:
    """ "" if the answer is the cell's, else what was seen."""
    status = response.status_code
    login = status == 401 or (status == 302 and response["Location"].startswith(LOGIN_PATH))
    answered = (200 <= status < 400 and not login) or status in (400, 409, 422)
    seen = {
        Outcome.OK: (200 <= status < 400 and not login) or (cell.verb == "write" and status in (400, 409, 422)),
        Outcome.REFUSED: answered,
        Outcome.EMPTY: _is_empty(response),
        Outcome.FORBIDDEN: status == 403,
        Outcome.HIDDEN: status == 404,
        Outcome.LOGIN: login,
        Outcome.NOT_ALLOWED: status == 405,
        Outcome.UNCHANGED: status < 500,
    }[cell.expected]
    if not seen:
        said = response.content[:160].decode(errors="replace") if "json" in response.get("Content-Type", "") else ""
        return f"expected {cell.expected}, got {status} {said}".rstrip()
    if cell.expected in NOTHING_WRITTEN and written:
        return f"{cell.expected} as expected ({status}) but wrote to {sorted(written)}"
    return ""


def _shown(response) -> bytes:
    """What the answer shows: its body, or the XML inside an .xlsx/.docx."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist() if name.endswith(".xml"))
    return content


def disclosure(world: World, cell: Cell, response, logged: bool, asked: str) -> str:
    """ "" if the identifiers the answer shows are shown as the persona may see them and logged. What the
    request itself sent (``asked``: a searched NIK) may come back whole: the persona holds it already."""
    if response.status_code >= 300 and response.status_code not in (400, 409, 422):
        return ""
    text = _shown(response)
    whole = {m.decode() for m in WHOLE_IDENTIFIER.findall(text)} & world.identifiers
    whole = {value for value in whole if value not in asked}
    masked = MASKED_IDENTIFIER.findall(text)
    if not whole and not masked:
        return ""
    role = matrix.PERSONAS[cell.persona]
    if whole and (role is None or Capability.VIEW_IDENTIFIERS not in ROLE_CAPABILITIES[role]):
        return f"shows {len(whole)} whole NIK/No KK to a persona that may see them only masked"
    if not logged:
        return f"shows {len(whole) + len(masked)} NIK/No KK and wrote no access entry for the persona"
    return ""


def send(world: World, cell: Cell, query: str = "") -> str:
    route, persona, where = cell.route, cell.persona, cell.where
    client = Client()
    headers = {}
    if persona != "anonymous":
        if route.family == "page":
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
        else:
            headers["Authorization"] = f"Bearer {world.tokens[persona]}"
    with transaction.atomic():
        last_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with CaptureQueriesContext(connection) as queries:
            try:
                if route.family == "page":
                    path, body = page_request(world, route, persona, where)
                    if cell.method == "GET":
                        response = client.get(path + query, headers=headers)
                    else:
                        response = client.post(path, body, headers=headers)
                else:
                    path, body, content_type = api_request(world, route, persona, where)
                    if content_type.startswith("multipart/"):
                        data = encode_multipart(BOUNDARY, body)
                        response = client.generic(cell.method, path, data, MULTIPART_CONTENT, headers=headers)
                    elif body is not None:
                        data = json.dumps(body)
                        response = client.generic(cell.method, path, data, "application/json", headers=headers)
                    else:
                        response = client.generic(cell.method, path, headers=headers)
            except Exception as exc:
                transaction.set_rollback(True)
                return f"expected {cell.expected}, raised {type(exc).__name__}: {exc}"[:300]
        actor = world.users.get(persona)
        logged = actor is not None and (
            LogEntry.objects.filter(pk__gt=last_entry, action=LogEntry.Action.ACCESS, actor=actor).exists()
        )
        transaction.set_rollback(True)
    written = {found[1] for q in queries.captured_queries if (found := WRITE_SQL.match(q["sql"]))} - BOOKKEEPING
    return matches(cell, response, written) or disclosure(world, cell, response, logged, query)


# --- the module's database -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    base = tmp_path_factory.mktemp("access-matrix")
    # The root conftest's settings (fast passwords, Indonesian, media and caches of the test's own) for the
    # module's whole life: its fixture is per test and the world is built before any.
    overrides = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="id",
        MEDIA_ROOT=base / "media",
        CACHES={
            **settings.CACHES,
            "progress": {**settings.CACHES["progress"], "LOCATION": str(base / "progress")},
            "uploads": {**settings.CACHES["uploads"], "LOCATION": str(base / "uploads")},
        },
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    overrides.enable()
    try:
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                built = build_world(dict(USERNAMES))
                built.media_root = base / "media"
                for key, user in built.users.items():
                    client = Client()
                    client.force_login(user)
                    built.sessions[key] = client.cookies[settings.SESSION_COOKIE_NAME].value
                yield built
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
    finally:
        overrides.disable()


@pytest.fixture(autouse=True)
def _module_media(_fast_passwords, settings, world):
    """The files of the world (photos, attachments, report files) stay where the world put them."""
    settings.MEDIA_ROOT = world.media_root


# --- the tests --------------------------------------------------------------------------------------------

ROUTES = matrix.all_routes()


def test_every_route_and_operation_is_in_the_table():
    assert matrix.undeclared() == [], "decide who may open these (core/access_matrix.py)"


def test_the_api_patterns_left_out_are_named_with_a_reason():
    left_out = set(matrix.api_patterns_without_operation())
    assert left_out <= set(matrix.EXCLUDED_PAGES), left_out - set(matrix.EXCLUDED_PAGES)


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.family}:{r.key}" for r in ROUTES])
def test_the_route_answers_each_persona_as_the_table_says(route, world):
    if (route.family == "page" and route.key not in matrix.PAGES) or (
        route.family == "api" and route.key not in matrix.API
    ):
        pytest.fail(f"{route.key} is not in the table")
    wrong = [f"{cell.name}: {problem}" for cell in matrix.cells(route) if (problem := send(world, cell))]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("key", sorted(SHOWN_WITH))
def test_the_route_masks_and_logs_the_people_it_lists_or_exports(key, world):
    route = next(r for r in ROUTES if f"{r.family}:{r.key}" == key)
    wrong = [
        f"{cell.name} {query}: {problem}"
        for cell in matrix.cells(route)
        if cell.verb == "read" and cell.where == "in"
        for query in SHOWN_WITH[key]
        if (problem := send(world, cell, query.format(nik=world.ids[matrix.PLACES[cell.persona]["in"]]["nik"])))
    ]
    assert wrong == [], "\n".join(wrong)
