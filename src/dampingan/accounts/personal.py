"""User accounts and the audit log as a reader may see them: the accounts' door to personal data.

An account holds a person's name, e-mail and telephone; the audit log keeps the values of every change,
NIKs and names among them. Both are read through here, which checks the capability and writes the access
entry (``access.personal.disclose``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from dampingan.access.personal import disclose
from dampingan.access.roles import Capability

from .models import User


def account(reader: User, pk: int) -> User:
    """The account ``pk`` for a reader who manages users (403 otherwise, 404 for no such account)."""
    person = get_object_or_404(User.objects.select_related("opd", "region"), pk=pk)
    disclose(reader, person, detail="user account", needs=Capability.MANAGE_USERS)
    return person


def audit_log(reader: User, shown: int, text: str = "") -> None:
    """Log a page of the audit log: its changes hold NIKs and names, and a text search of it is a lookup
    (logged with what was searched, found or not)."""
    # A page's count is of entries, not persons: only a search, which looks for someone, names how many it found.
    if text:
        disclose(reader, reader, detail=f"audit log search {text!r}", count=shown, needs=Capability.VIEW_AUDIT_LOG)
    elif shown:
        disclose(reader, reader, detail="audit log", needs=Capability.VIEW_AUDIT_LOG)
