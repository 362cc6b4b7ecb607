"""Fixtures of the visits tests: photo bytes as cameras write them, and users of the demo OPDs."""

from __future__ import annotations

import struct
import zlib

import pytest

from dampingan.access.roles import Role
from dampingan.accounts.models import User
from dampingan.mentoring.models import Opd

JENGGOT, BANYURIP = "33.75.04.1004", "33.75.04.1002"


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, decodable PNG (grey pixels), built with zlib because Pillow is not installed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


# The start of a JPEG as a phone camera writes it (SOI + APP0/JFIF) followed by padding.
JPEG_BYTES = bytes.fromhex("ffd8ffe000104a46494600010100000100010000") + b"\x00" * 200 + b"\xff\xd9"
# A lossless WebP: RIFF container, WEBP form type, VP8L chunk.
WEBP_BYTES = b"RIFF" + struct.pack("<I", 26) + b"WEBPVP8L" + struct.pack("<I", 14) + b"\x2f\x00\x00\x00" + b"\x00" * 10
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def opd_user(pekalongan):
    """``opd_user("DLH", "dlh.dua")`` → an OPD mentor of that OPD."""

    def make(abbreviation: str, username: str) -> User:
        return User.objects.create_user(
            username=username,
            password="x",
            first_name=username.title(),
            role=Role.OPD_MENTOR,
            opd=Opd.objects.get(abbreviation=abbreviation),
        )

    return make
