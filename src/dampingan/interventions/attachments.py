"""Checks a progress report's attachment by its bytes, not by the name or type the browser claims.

Reports come with a scanned minute, a signed letter or a photo from the field: PDF, JPEG or PNG. The
stored name and the content type served back come from the detected format, never from the upload.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dampingan.lib.file_types import JPEG, PDF, PNG, FileKind, detect

MIB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * MIB
ACCEPT = "application/pdf,image/jpeg,image/png"


# The kinds a progress report may carry; KINDS_BY_EXTENSION serves the stored file back with its type.
AttachmentKind = FileKind
KINDS_BY_EXTENSION = {kind.extension: kind for kind in (PDF, JPEG, PNG)}


def check_attachment(name: str, size: int, head: bytes) -> AttachmentKind:
    """The format of the upload ``name``; ValidationError naming the file when it is refused."""
    if size == 0:
        raise ValidationError(_("The attachment %(name)s is empty.") % {"name": name}, code="empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The attachment %(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": MAX_ATTACHMENT_BYTES // MIB},
            code="too_big",
        )
    kind = detect(head)
    if kind not in (PDF, JPEG, PNG):
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name},
            code="not_allowed",
        )
    return kind


def kind_of_stored(name: str) -> AttachmentKind | None:
    """The format of a stored attachment, from the extension this module gave it."""
    return KINDS_BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower())
