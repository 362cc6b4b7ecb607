"""Checks an uploaded visit photo by its bytes, not by the name or type the browser claims.

Pillow is not a dependency, so the check is on the file signature ("magic bytes") of the three formats
phones and cameras produce; anything else (a PDF, a renamed executable, HEIC) is refused.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dampingan.lib.file_types import JPEG, PNG, WEBP, FileKind, detect

MIB = 1024 * 1024
MAX_PHOTO_BYTES = 5 * MIB
MAX_PHOTOS_PER_VISIT = 10


PhotoKind = FileKind
PHOTO_KINDS = (JPEG, PNG, WEBP)


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
    if kind not in PHOTO_KINDS:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP image.") % {"name": name},
            code="not_an_image",
        )
    return kind
