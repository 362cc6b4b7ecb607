"""Requests as the type checker should see them once a user is known.

``HttpRequest.user`` is ``User | AnonymousUser``; behind ``login_required`` it is always a ``User``, and an
API operation behind the token authentication has its ``User`` in ``request.auth`` (django-ninja). Views
and operations annotate their request with these so that passing the user on needs no cast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from dampingan.accounts.models import User


class SignedInRequest(HttpRequest):
    """A request behind ``login_required``."""

    user: User


class ApiRequest(HttpRequest):
    """A request to an API operation behind the token authentication: ``auth`` is the token's user."""

    auth: User
