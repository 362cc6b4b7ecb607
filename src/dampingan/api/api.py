"""The JSON API (OpenAPI at /api/docs). Endpoints call the same querysets and services as the pages."""

from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaRefusal
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from dampingan.access.requests import ApiRequest
from dampingan.registry.services import RegistryImportError

from . import action_items as action_items_api
from . import baseline, decrees, opds, refusals, regions, registry, visits
from . import beneficiaries as beneficiaries_api
from . import dashboard as dashboard_api
from . import indicators as indicators_api
from . import interventions as interventions_api
from . import measures as measures_api
from . import meetings as meetings_api
from . import partners as partners_api
from . import reports as reports_api
from . import tkpk as tkpk_api
from .auth import SessionAuth, TokenAuth
from .schemas import NO_NUL, ErrorOut, MeOut

# The error answers every operation can give, whatever its own `response=` names (schemathesis found
# 401, 404 and 422 answered by operations whose published schema listed only their 200). Each is
# ``{"detail": ...}`` (ErrorOut): a message, a list of messages, or the fields with their messages.
ERROR_ANSWERS = {
    "400": "The body is not JSON, or not a readable multipart form",
    "401": "No valid API token was sent",
    "403": "The role of the token's user does not allow this action",
    "404": "Not found, or outside the work area of the token's user",
    "409": "Conflicts with what is stored: a name or number another record holds, or a state that forbids it",
    "413": "The body is larger than the upload limit",
    "422": (
        "A parameter or a field of the body is invalid: `detail` maps each field (`limit`, `targets.0.target`) "
        "to its sentences, in the language chosen on the site (Bahasa Indonesia by default)"
    ),
}


_Schema = TypeVar("_Schema", bound=dict)


def declare_error_answers(schema: _Schema) -> _Schema:
    """Add to each operation of ``schema`` the error answers it can give and does not list yet: 401 and 403
    where a token is required, 404 where the path names a record, 422 where there are parameters or a body,
    400, 409 and 413 where there is a body."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}"))
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            parameters = operation.get("parameters", [])
            codes = set()
            if operation.get("security"):
                codes |= {"401", "403"}
            if any(p.get("in") == "path" for p in parameters):
                codes.add("404")
            if parameters or "requestBody" in operation:
                codes.add("422")
            if "requestBody" in operation:
                codes |= {"400", "409", "413"}
            responses = operation.setdefault("responses", {})
            for code in sorted(codes - {str(code) for code in responses}):
                responses[code] = {
                    "description": ERROR_ANSWERS[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                }
    return schema


def _without_nul(schema: Any) -> None:
    """Say in every free text of ``schema`` that it holds no NUL character: PostgreSQL cannot store one, and the
    API refuses it (422) in a body (schemas.BodyIn), a form or a query string (TextParser), a path (PathText)."""
    if isinstance(schema, list):
        for item in schema:
            _without_nul(item)
        return
    if not isinstance(schema, dict):
        return
    if schema.get("type") == "string" and not {"enum", "const", "format", "anyOf"} & set(schema):
        pattern = schema.get("pattern")
        if pattern is None:
            schema["pattern"] = NO_NUL
        elif "\\u0000" not in pattern:
            schema.setdefault("allOf", []).append({"pattern": NO_NUL})
    for key, value in schema.items():
        if key not in {"enum", "const", "default", "examples", "example"}:
            _without_nul(value)


class TextWithNul:
    """A query or form value holding a NUL character: not a string to the parameter's validation, so a declared
    parameter refuses it (422) while an undeclared one is ignored as before."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return "text with a NUL character"


class TextParser(Parser):
    """Ninja's parser, keeping a NUL character of a form or a query string from the database: PostgreSQL
    cannot store one, and answered 500. A JSON body is checked by its schema (schemas.BodyIn)."""

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict:
        parsed = super().parse_querydict(data, list_fields, request)
        return {key: _marked(value) for key, value in parsed.items()}


def _marked(value: Any) -> Any:
    if isinstance(value, list):
        return [_marked(v) for v in value]
    return TextWithNul(value) if isinstance(value, str) and "\x00" in value else value


class DampinganAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> OpenAPISchema:
        schema = declare_error_answers(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if isinstance(operation, dict):
                    _without_nul([operation.get("parameters", []), operation.get("requestBody", {})])
        for name, component in schema.get("components", {}).get("schemas", {}).items():
            if not name.endswith("Out"):  # what is sent; an answer says what is stored
                _without_nul(component)
        return schema


api = DampinganAPI(
    title="Dampingan API",
    version="1",
    description=(
        "Regions, OPDs, the household registry and the programme records, with the same role scopes, "
        "identifier masking and audit log as the web pages."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=TextParser(),
)
api.add_router("/regions", regions.router)
api.add_router("/opds", opds.router)
api.add_router("/registry", registry.router)
api.add_router("/decrees", decrees.router)
api.add_router("/assignments", decrees.assignments_router)
api.add_router("/baseline", baseline.router)
api.add_router("/visits", visits.router)
api.add_router("/interventions", interventions_api.router)
api.add_router("/partners", partners_api.router)
api.add_router("/interventions", beneficiaries_api.router)  # /interventions/{id}/beneficiaries
api.add_router("/meetings", meetings_api.router)
api.add_router("/action-items", action_items_api.router)
api.add_router("/tkpk", tkpk_api.router)
api.add_router("/indicators", indicators_api.router)
api.add_router("/measures", measures_api.router)
api.add_router("/dashboard", dashboard_api.router)
api.add_router("/public", dashboard_api.public_router)
api.add_router("/reports", reports_api.router)


@api.get("/me", response=MeOut, tags=["account"])
def me(request: ApiRequest) -> dict:
    user = request.auth
    scope = request.scope.describe()
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "role": scope["role"],
        "opd": user.opd.abbreviation if user.opd else None,
        "region_code": user.region_id,
        **{k: scope[k] for k in ("city_wide", "region_codes", "capabilities")},
    }


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Authentication required: send a valid API token.")}, status=401)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Your role does not allow this action.")}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found, or outside your work area.")}, status=404)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_000_000
    message = _("The request body is larger than %(mb)s MB; send a file as a multipart upload.") % {"mb": f"{limit:g}"}
    return api.create_response(request, {"detail": message}, status=413)


# Model validation's codes for a value another record already holds: the request conflicts with what is
# stored (409), it is not malformed (422).
CONFLICT_CODES = {"unique", "unique_together"}


def _codes(exc: ValidationError) -> set[str | None]:
    errors = [e for es in exc.error_dict.values() for e in es] if hasattr(exc, "error_dict") else exc.error_list
    return {e.code for e in errors}


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    codes = _codes(exc)
    status = 409 if codes and codes <= CONFLICT_CODES else 422
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(SchemaRefusal)
def refused_by_schema(request: HttpRequest, exc: SchemaRefusal) -> HttpResponse:
    # The services' shape and language, not pydantic's English list (refusals.py).
    return api.create_response(request, {"detail": refusals.by_field(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja raises one itself: 400 when the body cannot be parsed, with an English sentence.
    unreadable = _("The request body cannot be read: send JSON or a multipart form.")
    message = unreadable if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(RegistryImportError)
def import_refused(request: HttpRequest, exc: RegistryImportError) -> HttpResponse:
    # Already imported, another import running, a file that is not checked yet: the request conflicts
    # with the state of the registry, not with its own shape.
    return api.create_response(request, {"detail": str(exc)}, status=409)
