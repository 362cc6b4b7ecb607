"""A file a user uploaded, kept between its check and the user's confirmation.

Every file import in the app goes upload → check → preview → confirm: nothing is written before the user has
seen, row by row, what the file would change (indicator figures, beneficiaries, boundaries, OPDs). Between the
preview and the confirmation the file waits here, the same way for all of them:

- on the default storage, under ``staging/<kind>/`` and a random token, so the bytes confirmed are the bytes
  checked (the browser does not send the file twice) and a session does not carry megabytes;
- listed in the uploader's session, so only the session that uploaded a file can confirm it, download its
  report or cancel it, and a token guessed or copied into another session is simply not found;
- one file per slot (the kind, or the kind and one record, such as an intervention): a new upload replaces the
  file staged before it, so abandoned previews of personal data do not pile up. A file older than a session
  (``SESSION_COOKIE_AGE``) can no longer be confirmed; it is deleted at the next upload of its kind.

The registry's own upload is different (a background job checks and imports it; registry/uploads.py): it is a
record, kept with the release it produces.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ROOT = "staging"
# What a confirmation of a file that no longer waits is told (then sent back to upload it again).
GONE = _(
    "The uploaded file is no longer waiting for confirmation: a later upload replaced it, it was cancelled, "
    "or it is older than a session. Upload it again."
)


@dataclass(frozen=True)
class StagedFile:
    token: str
    name: str  # the file name as uploaded
    content: bytes
    # What the user chose beside the file at upload (JSON values), given back at confirmation.
    context: dict[str, Any] = field(default_factory=dict)


class Staging:
    """The files of one kind of import staged in one session; ``slot`` narrows it to one record."""

    def __init__(self, session: SessionBase, kind: str, *, slot: str | int = "") -> None:
        self.session = session
        self.kind = kind
        self.slot = str(slot)
        self._key = f"staged:{kind}"

    def stage(self, content: bytes, name: str, **context: Any) -> str:
        """Keep ``content`` until it is confirmed or cancelled; return the token that names it."""
        self.forget()
        _remove_expired(self.kind)
        token = secrets.token_hex(16)
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "bin"
        path = default_storage.save(f"{ROOT}/{self.kind}/{token}.{suffix}", ContentFile(content))
        entries = self._entries()
        entries[token] = {"slot": self.slot, "path": path, "name": name, "context": context}
        self.session[self._key] = entries
        return token

    def load(self, token: str) -> StagedFile | None:
        """The file staged under ``token`` in this slot, or None (unknown, another slot, expired, removed)."""
        entry = self._entries().get(token)
        if entry is None or entry["slot"] != self.slot or not default_storage.exists(entry["path"]):
            return None
        if _expired(entry["path"]):
            return None
        with default_storage.open(entry["path"], "rb") as handle:
            content = handle.read()
        return StagedFile(token=token, name=entry["name"], content=content, context=entry["context"])

    def forget(self, token: str | None = None) -> None:
        """Delete the file staged under ``token`` (all of this slot's when None)."""
        entries = self._entries()
        for staged_token, entry in list(entries.items()):
            if entry["slot"] == self.slot and token in (None, staged_token):
                default_storage.delete(entry["path"])
                del entries[staged_token]
        if entries:
            self.session[self._key] = entries
        else:
            self.session.pop(self._key, None)

    def _entries(self) -> dict[str, dict[str, Any]]:
        return dict(self.session.get(self._key, {}))


def _max_age() -> dt.timedelta:
    return dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def _expired(path: str) -> bool:
    return timezone.now() - default_storage.get_modified_time(path) > _max_age()


def _remove_expired(kind: str) -> None:
    """Delete the files of ``kind`` staged longer ago than a session lasts: their sessions cannot confirm them."""
    directory = f"{ROOT}/{kind}"
    if not default_storage.exists(directory):
        return
    for name in default_storage.listdir(directory)[1]:
        path = f"{directory}/{name}"
        if _expired(path):
            default_storage.delete(path)
