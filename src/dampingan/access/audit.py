"""Audit entries as people read them, and the actor of the entries a block writes. Changes are logged by
django-auditlog's model registry; readings of personal data by ``access.personal``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry

if TYPE_CHECKING:
    from dampingan.accounts.models import User

# django-auditlog writes "None" for a missing value and "app.Model.None" for an empty reverse relation.
_EMPTY_RELATION = re.compile(r"^\w+\.\w+\.None$")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    @property
    def value(self) -> str:
        """The value worth showing for a created (new) or deleted (old) record."""
        return self.new or self.old


def field_changes(entry: LogEntry) -> list[FieldChange]:
    """The fields an entry touched, for people: labels translated, empty values as "".

    An update lists the fields whose value changed; a creation or deletion lists the fields that held a
    value, so the audit page can fold them into a count. Empty reverse relations are left out.
    """

    def clean(value: object) -> str:
        text = "" if value is None else str(value)
        return "" if text == "None" or _EMPTY_RELATION.match(text) else text

    changes = []
    for field, values in entry.changes_display_dict.items():
        padded = [*values, None, None]
        old, new = clean(padded[0]), clean(padded[1])
        if old != new:
            changes.append(FieldChange(str(field), old, new))
    return changes


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
