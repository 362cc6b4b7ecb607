"""The JSON API (OpenAPI at /api/docs). Endpoints call the same querysets and services as the pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from dampingan.accounts.scopes import Scope
from dampingan.registry.services import RegistryImportError

from . import action_items as action_items_api
from . import baseline, decrees, opds, regions, registry, visits
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
from .schemas import MeOut

api = NinjaAPI(
    title="Dampingan API",
    version="1",
    description=(
        "Regions, OPDs, the household registry and the programme records, with the same role scopes, "
        "identifier masking and audit log as the web pages."
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
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
def me(request: HttpRequest) -> dict:
    user = request.auth
    scope = Scope.for_user(user).describe()
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


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(RegistryImportError)
def import_refused(request: HttpRequest, exc: RegistryImportError) -> HttpResponse:
    # Already imported, another import running, a file that is not checked yet: the request conflicts
    # with the state of the registry, not with its own shape.
    return api.create_response(request, {"detail": str(exc)}, status=409)
