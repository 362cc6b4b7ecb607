"""Checks an uploaded visit photo by its bytes, not by the name or type the browser claims.

Pillow is not a dependency, so the check is on the file signature ("magic bytes") of the three formats
phones and cameras produce; anything else (a PDF, a renamed executable, HEIC) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIB = 1024 * 1024
MAX_PHOTO_BYTES = 5 * MIB
MAX_PHOTOS_PER_VISIT = 10


@dataclass(frozen=True)
class PhotoKind:
    content_type: str
    extension: str


JPEG = PhotoKind("image/jpeg", "jpg")
PNG = PhotoKind("image/png", "png")
WEBP = PhotoKind("image/webp", "webp")


def detect(head: bytes) -> PhotoKind | None:
    """The image format whose signature ``head`` (the first 12 bytes or more) starts with, if any."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def check_photo(name: str, size: int, head: bytes) -> PhotoKind:
    """The format of the upload ``name``; ValidationError (Indonesian via the catalogue) when refused."""
    if size == 0:
        raise ValidationError(_("The photo %(name)s is empty.") % {"name": name}, code="empty")
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo %(name)s is larger than %(limit)s MB.") % {"name": name, "limit": MAX_PHOTO_BYTES // MIB},
            code="too_big",
        )
    kind = detect(head)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP image.") % {"name": name},
            code="not_an_image",
        )
    return kind
