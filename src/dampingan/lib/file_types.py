"""What an uploaded file is, by its first bytes (its "magic number"), never by the name or the content type
the browser claims. One table for every upload of the app: decree PDFs, progress attachments, visit photos.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", "pdf")
JPEG = FileKind("image/jpeg", "jpg")
PNG = FileKind("image/png", "png")
WEBP = FileKind("image/webp", "webp")
HEAD_BYTES = 12  # enough for every signature below


def detect(head: bytes) -> FileKind | None:
    """The format whose signature ``head`` (at least the first 12 bytes of the file) starts with, if any."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= HEAD_BYTES and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None
