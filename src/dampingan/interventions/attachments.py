"""Checks a progress report's attachment by its bytes, not by the name or type the browser claims.

Reports come with a scanned minute, a signed letter or a photo from the field: PDF, JPEG or PNG. The
stored name and the content type served back come from the detected format, never from the upload.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 10 * MIB
ACCEPT = "application/pdf,image/jpeg,image/png"


@dataclass(frozen=True)
class AttachmentKind:
    content_type: str
    extension: str


PDF = AttachmentKind("application/pdf", "pdf")
JPEG = AttachmentKind("image/jpeg", "jpg")
PNG = AttachmentKind("image/png", "png")
KINDS_BY_EXTENSION = {kind.extension: kind for kind in (PDF, JPEG, PNG)}


def detect(head: bytes) -> AttachmentKind | None:
    """The format whose signature ``head`` (the first 8 bytes or more) starts with, if any."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


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
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name},
            code="not_allowed",
        )
    return kind


def kind_of_stored(name: str) -> AttachmentKind | None:
    """The format of a stored attachment, from the extension this module gave it."""
    return KINDS_BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower())
