"""The kop surat (letterhead) of a region's documents: the government of the kab/kota, the office below it,
and the address line, as pemda documents print them (meeting sheets, minutes, the LP2KD)."""

from __future__ import annotations

from .models import Region, RegionKind, RegionLevel, RegionOffice

# Kop surat words stay Indonesian whatever the interface language: they are the government's name.
_GOVERNMENT_OF: dict[str, str] = {RegionKind.KOTA: "KOTA", RegionKind.KABUPATEN: "KABUPATEN"}
_OFFICE_OF: dict[str, str] = {
    RegionKind.KECAMATAN: "KECAMATAN",
    RegionKind.DISTRIK: "DISTRIK",
    RegionKind.KELURAHAN: "KELURAHAN",
    RegionKind.DESA: "DESA",
    RegionKind.DESA_ADAT: "DESA ADAT",
}


def region_letterhead(region: Region | None, *, tkpk: bool = False) -> list[str]:
    """The kop of a document of ``region``: the government of the kab/kota, then the office of the kecamatan
    or kelurahan below it, and the TKPK's name for a document of the team."""
    lines = []
    chain: list[Region] = []
    while region is not None and region.level >= RegionLevel.KABUPATEN_KOTA:
        chain.insert(0, region)
        region = region.parent
    for place in chain:
        name = place.name.upper()
        if place.level == RegionLevel.KABUPATEN_KOTA:
            word = _GOVERNMENT_OF.get(place.kind, "")
            lines.append(
                f"PEMERINTAH {name}" if not word or name.startswith(f"{word} ") else f"PEMERINTAH {word} {name}"
            )
        else:
            word = _OFFICE_OF.get(place.kind, "")
            lines.append(f"{word} {name}".strip())
    if tkpk:
        lines.append("TIM KOORDINASI PENANGGULANGAN KEMISKINAN")
    return lines


def region_office_line(region: Region) -> str:
    """The office's address, phone and e-mail as recorded (regions.RegionOffice), on one line."""
    try:
        office = region.office
    except RegionOffice.DoesNotExist:
        return ""
    parts = [office.address, f"Telp. {office.phone}" if office.phone else "", office.email]
    return " · ".join(p for p in parts if p)
