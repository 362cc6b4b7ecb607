"""Audit entries for reading personal data; changes are logged by django-auditlog's model registry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.db.models import Model

if TYPE_CHECKING:
    from .models import User


def record_personal_data_access(
    actor: User, instance: Model, *, purpose: str, detail: str = "", count: int | None = None
) -> LogEntry:
    """Log that ``actor`` viewed (``purpose="view"``) or exported (``"export"``) personal data of ``instance``.

    For a list or an export, ``instance`` is the object the data hangs on (a kelurahan, a release) and
    ``count`` the number of persons shown. Call it where the data is rendered, not where it is queried.
    """
    data: dict[str, object] = {"purpose": purpose}
    if detail:
        data["detail"] = detail
    if count is not None:
        data["count"] = count
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=actor,
        changes={},
        additional_data=data,
    )


@contextmanager
def acting_as(actor: User) -> Iterator[None]:
    """Attribute every audit entry written inside the block to ``actor``.

    The request middleware already does this for session logins; API calls authenticate by token after
    the middleware ran, so services wrap their writes in this to name the actor either way.
    """
    try:
        outer = auditlog_value.get()
    except LookupError:
        outer = None
    context = {k: v for k, v in (outer or {}).items() if k != "signal_duid"}
    context["actor"] = actor
    with set_extra_data(context_data=context):
        yield
    if outer is not None:
        auditlog_value.set(outer)
