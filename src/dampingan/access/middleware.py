"""The reader's scope, built once per request and carried on it: ``request.scope``.

Views and API operations pass ``request.scope`` to the queries they call, never the user (docs/roles.md, "One
scoping convention"). The scope is built on first use, so a page that never reads scoped data (the login page, a
static file) does not pay for it, and ``Scope.for_user`` keeps it on the user object, so a service that writes on
the same request as ``request.user`` finds the very same scope.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from .scope import Scope


class ScopeMiddleware:
    """Sets ``request.scope``; after Django's AuthenticationMiddleware, which sets ``request.user``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Read at first use, not now: the API's token authentication replaces request.user after this runs.
        request.scope = SimpleLazyObject(lambda: Scope.for_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
