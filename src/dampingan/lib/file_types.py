"""What an uploaded file is, by its first bytes (its "magic number"), never by the name or the content type
the browser claims. One table for every upload of the app: decree PDFs, progress attachments, visit photos,
meeting documents.

Office Open XML (.docx, .xlsx) and OpenDocument (.odt, .ods) files are zip archives, so their first bytes
only say "zip": ``detect_file`` opens the archive and reads the part that names the document type
(``[Content_Types].xml``, or the ``mimetype`` entry), so a renamed plain zip, or a macro-enabled
document, is not taken for a document.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", "pdf")
JPEG = FileKind("image/jpeg", "jpg")
PNG = FileKind("image/png", "png")
WEBP = FileKind("image/webp", "webp")
DOCX = FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileKind("application/vnd.oasis.opendocument.text", "odt")
ODS = FileKind("application/vnd.oasis.opendocument.spreadsheet", "ods")
HEAD_BYTES = 12  # enough for every signature below
ZIP_SIGNATURE = b"PK\x03\x04"

# The content type of the main part, as [Content_Types].xml declares it; macro-enabled variants
# (.docm, .xlsm) declare another one and are not accepted.
_OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": XLSX,
}
_OPENDOCUMENT_MIMETYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
# The parts read are a few kilobytes in a real document; a larger one is not read (a zip bomb stays shut).
_MAX_PART_BYTES = 256 * 1024
# A real workbook or document unpacks to 5-20 times its size (a 200,000-row registry export: 12 times); a zip
# bomb to hundreds of times (4.75 MB grew the web process by 2.1 GB).
MAX_EXPANSION = 100
MAX_UNPACKED_BYTES = 3 * 1024**3
_CONTENT_TYPE_ATTR = re.compile(rb'ContentType\s*=\s*"([^"]+)"')


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


def detect_file(upload: IO[bytes]) -> FileKind | None:
    """The format of a whole file, looking inside zip containers for the Office and OpenDocument types.

    ``upload`` must be seekable; it is left at its start.
    """
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head.startswith(ZIP_SIGNATURE):
        return detect(head)
    try:
        return _office_kind(upload)
    finally:
        upload.seek(0)


def unpacked_size(upload: IO[bytes]) -> int | None:
    """What the members of a zip archive unpack to, as its index says (nothing is unpacked), or None when
    ``upload`` is not a zip. ``upload`` must be seekable; it is left at its start."""
    upload.seek(0)
    if upload.read(len(ZIP_SIGNATURE)) != ZIP_SIGNATURE:
        upload.seek(0)
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        upload.seek(0)


def is_a_zip_bomb(unpacked: int, packed: int) -> bool:
    """Whether an archive of ``packed`` bytes that unpacks to ``unpacked`` is far beyond a real document."""
    return unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_EXPANSION * max(packed, 1)


def _office_kind(upload: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # OpenDocument: an uncompressed first entry holding the media type and nothing else.
                mimetype = _read_part(archive, "mimetype").decode("ascii", "replace").strip()
                return _OPENDOCUMENT_MIMETYPES.get(mimetype)
            if "[Content_Types].xml" in names:
                declared = _CONTENT_TYPE_ATTR.findall(_read_part(archive, "[Content_Types].xml"))
                kinds = {_OOXML_MAIN_PARTS.get(t.decode("ascii", "replace")) for t in declared} - {None}
                return kinds.pop() if len(kinds) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    return None


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > _MAX_PART_BYTES:
        return b""
    with archive.open(info) as part:
        return part.read(_MAX_PART_BYTES)
