"""Checks a meeting attachment by its bytes, not by the name or the type the browser claims.

A meeting leaves photos (JPEG, PNG, WebP from phones) and documents: the signed attendance sheet scanned
to PDF, the presentation handed out, a table of proposals (PDF, DOCX, XLSX, ODT, ODS). The stored name
and the content type served back come from the detected format, never from the upload.
"""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dampingan.lib.file_types import (
    DOCX,
    JPEG,
    ODS,
    ODT,
    PDF,
    PNG,
    WEBP,
    XLSX,
    FileKind,
    detect_file,
    is_a_zip_bomb,
    unpacked_size,
)

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MIB
PHOTO_KINDS = (JPEG, PNG, WEBP)
DOCUMENT_KINDS = (PDF, DOCX, XLSX, ODT, ODS)
KINDS_BY_EXTENSION = {kind.extension: kind for kind in (*PHOTO_KINDS, *DOCUMENT_KINDS)}
ACCEPT = ",".join(
    [".jpg", ".jpeg", ".png", ".webp", ".pdf", ".docx", ".xlsx", ".odt", ".ods"]
    + [kind.content_type for kind in (*PHOTO_KINDS, *DOCUMENT_KINDS)]
)


def max_bytes() -> int:
    """The size limit, from ``DAMPINGAN_MEETING_ATTACHMENT_MAX_BYTES`` (10 MB unless the deployment says)."""
    return int(getattr(settings, "DAMPINGAN_MEETING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def limit_label() -> str:
    limit = max_bytes()
    return f"{limit / MIB:g} MB" if limit >= MIB else f"{limit // 1024} KB"


def check_attachment(name: str, size: int, upload: IO[bytes]) -> FileKind:
    """The format of the upload ``name``; ValidationError naming the file when it is refused."""
    if size == 0:
        raise ValidationError(_("The attachment %(name)s is empty.") % {"name": name}, code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The attachment %(name)s is larger than %(limit)s.") % {"name": name, "limit": limit_label()},
            code="too_big",
        )
    kind = detect_file(upload)
    if kind is None:
        raise ValidationError(
            _("%(name)s is neither a photo (JPEG, PNG, WebP) nor a document (PDF, DOCX, XLSX, ODT, ODS).")
            % {"name": name},
            code="not_allowed",
        )
    # DOCX, XLSX, ODT and ODS are zip archives: one that unpacks to hundreds of times its size is a zip bomb,
    # which would fill the memory of whoever opens it. Told from the archive's index alone.
    unpacked = unpacked_size(upload)
    if unpacked is not None and is_a_zip_bomb(unpacked, size):
        raise ValidationError(
            _(
                "The attachment %(name)s unpacks to %(size)s MB, %(times)s times its own size: no real document "
                "does that. Save it again and attach it."
            )
            % {"name": name, "size": f"{unpacked / 1_000_000:,.0f}", "times": f"{unpacked / max(size, 1):,.0f}"},
            code="zip_bomb",
        )
    return kind


def kind_of_stored(name: str) -> FileKind | None:
    """The format of a stored attachment, from the extension this module gave it."""
    return KINDS_BY_EXTENSION.get(name.rsplit(".", 1)[-1].lower())


def is_photo(content_type: str) -> bool:
    return content_type in {kind.content_type for kind in PHOTO_KINDS}
