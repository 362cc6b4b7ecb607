"""Writes to user accounts and API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Required, TypedDict

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dampingan.access.audit import acting_as
from dampingan.access.roles import Capability, Role
from dampingan.access.scope import Scope

from .models import ApiToken, User

if TYPE_CHECKING:
    from dampingan.mentoring.models import Opd
    from dampingan.regions.models import Region


class UserFields(TypedDict, total=False):
    """An account's fields as the TKPK administrator sets them; the password is apart, never stored as given."""

    username: Required[str]
    first_name: str
    last_name: str
    email: str
    phone: str
    role: str
    opd: Opd | None
    region: Region | None
    is_active: bool


def save_user(actor: User, user: User, data: UserFields, password: str | None = None) -> User:
    """Create or change a user account; only the TKPK administrator manages accounts."""
    Scope.for_user(actor).require(Capability.MANAGE_USERS)
    with transaction.atomic(), acting_as(actor):
        for name, value in data.items():
            setattr(user, name, value)
        # Only the TKPK administrator gets into Django's admin site; a role change takes it away again.
        user.is_staff = user.is_superuser or user.role == Role.TKPK_ADMIN
        if password:
            user.set_password(password)
        elif user.pk is None:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


def issue_api_token(actor: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token for ``actor``; the returned key is shown once and never stored."""
    Scope.for_user(actor).require(Capability.USE_API)
    with transaction.atomic(), acting_as(actor):
        return ApiToken.issue(actor, name)


def revoke_api_token(actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied("token")
    with transaction.atomic(), acting_as(actor):
        token.revoke()
