"""API authentication: a personal bearer token, or the browser session (for /api/docs)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from dampingan.access.roles import Capability
from dampingan.access.scope import Scope
from dampingan.accounts.models import ApiToken, User


def _allowed(request: HttpRequest, user: User) -> User | None:
    """``user`` when it may use the API, with its scope set on the request for the operation to read with."""
    scope = Scope.for_user(user)
    if not (user.is_active and scope.can(Capability.USE_API)):
        return None
    request.scope = scope  # type: ignore[attr-defined]  # ApiRequest declares it for the operations
    return user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.find_active(token)
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return _allowed(request, found.user)


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return _allowed(request, user)
