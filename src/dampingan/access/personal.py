"""The one door to personal data: a reading is allowed by capability, written to the access log, and
shows NIK and No KK whole or masked by capability, in one call.

Each kind of personal record has its access functions in the app that keeps it (``registry/personal.py``
for households, members and upload findings; ``interventions/personal.py`` for beneficiaries and targeting
lists; ``accounts/personal.py`` for user accounts and the audit log). They find the records inside the
reader's scope and call :func:`disclose`; views, API handlers and exports call only them. No other module
masks an identifier or writes an access entry (``core/tests/test_personal_data_has_one_door.py``).

A masked model instance is for showing: saving it would store the mask, so ``Disclosure.mask_fields`` marks
it and a ``pre_save`` receiver of this module refuses to write it (connected on import, and every module that
masks imports this one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import polars as pl
from auditlog.models import LogEntry
from django.db.models import Model
from django.db.models.signals import pre_save

from .roles import Capability
from .scope import Scope

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# The region part (first six digits) stays, so a mentor can still tell a newcomer from elsewhere; the
# birth-date part and the serial, which identify the person, are hidden except for the last two digits.
VISIBLE_PREFIX = 6
VISIBLE_SUFFIX = 2
_HIDDEN = "*" * (16 - VISIBLE_PREFIX - VISIBLE_SUFFIX)
MASKED_MARK = "_personal_data_masked"


class Purpose(StrEnum):
    VIEW = "view"
    EXPORT = "export"


def mask_identifier(value: str | None) -> str | None:
    """``3375014107850012`` → ``337501********12``; blanks stay blank, odd values are hidden whole."""
    if not value or _is_masked(value):
        return value
    if len(value) != 16 or not value.isdigit():
        return "*" * len(value)
    return value[:VISIBLE_PREFIX] + _HIDDEN + value[-VISIBLE_SUFFIX:]


def _is_masked(value: str) -> bool:
    return "*" in value


def _refuse_masked(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if getattr(instance, MASKED_MARK, False):
        raise ValueError(f"{sender.__name__} {instance.pk} holds masked identifiers: it is for showing only")


pre_save.connect(_refuse_masked, dispatch_uid="dampingan.access.personal.refuse_masked")


def _mask_expr(column: str) -> pl.Expr:
    value = pl.col(column)
    return (
        pl.when(value.is_null() | (value == ""))
        .then(value)
        .when(value.str.contains(r"^\d{16}$"))
        .then(value.str.slice(0, VISIBLE_PREFIX) + pl.lit(_HIDDEN) + value.str.slice(16 - VISIBLE_SUFFIX))
        .otherwise(pl.lit("*").repeat_by(value.str.len_chars()).list.join(""))
        .alias(column)
    )


@dataclass(frozen=True)
class Disclosure:
    """A reading that was allowed and logged; it shows identifiers whole or masked, as the reader may."""

    full_identifiers: bool

    def identifier(self, value: str | None) -> str | None:
        return value if self.full_identifiers else mask_identifier(value)

    def frame(self, frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
        """``frame`` with the identifier ``columns`` masked (exports)."""
        if self.full_identifiers or not columns:
            return frame
        return frame.with_columns(_mask_expr(c) for c in columns)

    def mask_fields(self, instances: Iterable[Any], *fields: str) -> None:
        """Mask the identifier ``fields`` of ``instances`` in place, for showing; a dotted name reaches a
        related object (``family.no_kk``). Masked model instances can no longer be saved."""
        if self.full_identifiers:
            return
        for instance in instances:
            for dotted in fields:
                *path, name = dotted.split(".")
                target = instance
                for step in path:
                    target = getattr(target, step)
                setattr(target, name, mask_identifier(getattr(target, name)))
                if isinstance(target, Model):
                    setattr(target, MASKED_MARK, True)
            if isinstance(instance, Model):
                setattr(instance, MASKED_MARK, True)


def disclose(
    reader: User,
    subject: Model,
    *,
    detail: str,
    count: int | None = None,
    purpose: Purpose = Purpose.VIEW,
    needs: Capability = Capability.VIEW_PERSONAL_DATA,
) -> Disclosure:
    """Allow ``reader`` to see personal data of ``subject`` (403 without ``needs``) and log it.

    For a list or an export, ``subject`` is the object the data hangs on (a kelurahan, a release, an
    intervention) and ``count`` the number of persons or rows shown. Call it where the records are
    prepared for showing: the entry says what was shown, not what was queried.
    """
    scope = Scope.for_user(reader)
    scope.require(needs)
    full = scope.can(Capability.VIEW_IDENTIFIERS)
    if purpose == Purpose.EXPORT and not full:
        detail += " (identifiers masked)"
    data: dict[str, object] = {"purpose": str(purpose)}
    if detail:
        data["detail"] = detail
    if count is not None:
        data["count"] = count
    LogEntry.objects.log_create(
        subject,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=reader,
        changes={},
        additional_data=data,
    )
    return Disclosure(full_identifiers=full)
