"""Requests as the type checker should see them once a user is known.

``HttpRequest.user`` is ``User | AnonymousUser``; behind ``login_required`` it is always a ``User``, and an
API operation behind the token authentication has its ``User`` in ``request.auth`` (django-ninja). Views
and operations annotate their request with these so that passing the user or its scope on needs no cast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from dampingan.accounts.models import User

    from .scope import Scope


class SignedInRequest(HttpRequest):
    """A request behind ``login_required``; ``scope`` is the user's (``access.middleware``)."""

    user: User
    scope: Scope


class ApiRequest(HttpRequest):
    """A request to an API operation behind the token authentication: ``auth`` is the token's user and ``scope``
    its scope (set by the authentication, as the token's user is known only then)."""

    auth: User
    scope: Scope


def scope_of(request: HttpRequest) -> Scope:
    """The scope ``access.middleware`` put on ``request``, for code typed with any request (a page section)."""
    return cast(SignedInRequest, request).scope
