"""A report as plain data: a list of blocks (headings, paragraphs, tables of typed cells, notes, page breaks).

Builders (``builders/``) make a ``Document`` from the records; the renderers (``render_docx``,
``render_xlsx``, ``render_html`` for the PDF) turn the same ``Document`` into files, so the three formats
cannot disagree. Approval stores ``Document.to_json()`` and every later file is rendered from that, never
from today's records; ``compare`` lists the cells in which two documents differ.

Cells carry their type and exact value (``Decimal`` for money and percentages, never float), so the XLSX
holds real numbers and the DOCX and PDF show them the Indonesian way: 1.234.567 and 7,59 %.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils import formats

from dampingan.lib.money import format_number

SCHEMA_VERSION = 1
CellKind = Literal["text", "integer", "number", "money", "percent", "date"]
NUMERIC_KINDS = frozenset({"integer", "number", "money", "percent"})
BLANK = "—"


@dataclass(frozen=True)
class Cell:
    """One table cell. ``percent`` holds percentage points (7.59 means 7,59 %); None is an empty cell."""

    kind: CellKind
    value: str | int | Decimal | dt.date | None

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def number(self) -> Decimal:
        """The value of a filled numeric cell (integer, money, number, percent)."""
        if self.value is None or isinstance(self.value, dt.date):
            raise TypeError(f"a {self.kind} cell without a number: {self.value!r}")
        return Decimal(self.value)

    def day(self) -> dt.date:
        """The value of a filled date cell."""
        if not isinstance(self.value, dt.date):
            raise TypeError(f"a {self.kind} cell without a date: {self.value!r}")
        return self.value

    def display(self) -> str:
        """The value as the documents print it (Indonesian separators whatever the interface language)."""
        value = self.value
        if value is None or value == "":
            return BLANK if self.kind != "text" else ""
        if self.kind == "integer":
            return format_number(int(self.number()), decimals=0)
        if self.kind == "money":
            amount = self.number()
            return format_number(amount, decimals=0 if amount == amount.to_integral_value() else 2)
        if self.kind == "number":
            return format_number(self.number(), decimals=_places(self.number()))
        if self.kind == "percent":
            return f"{format_number(self.number(), decimals=_places(self.number()))} %"
        if self.kind == "date":
            return formats.date_format(self.day(), "j F Y")
        return str(value)

    def to_json(self) -> list[Any]:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        return [self.kind, value]

    @classmethod
    def from_json(cls, data: list[Any]) -> Cell:
        kind, value = data
        if value is not None and kind in ("number", "money", "percent"):
            value = Decimal(value)
        elif value is not None and kind == "date":
            value = dt.date.fromisoformat(value)
        return cls(kind, value)


def _places(value: Decimal) -> int:
    """The decimal places a number is printed with: those it was rounded to, so that a column of percentages
    reads "7,00 %" beside "7,59 %" and never "7 %"."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def text(value: object) -> Cell:
    return Cell("text", "" if value is None else str(value))


def integer(value: int | None) -> Cell:
    return Cell("integer", None if value is None else int(value))


def number(value: Decimal | int | None, places: int | None = None) -> Cell:
    """A quantity that may have decimals: printed with ``places`` decimals (an index: 0,30), or with those it
    needs (an output target of 12,5 km; 40 units, not 40,00)."""
    if value is None:
        return Cell("number", None)
    amount = Decimal(value)
    if places is not None:
        return Cell("number", amount.quantize(Decimal(1).scaleb(-places)))
    return Cell("number", amount.normalize() if amount != amount.to_integral_value() else amount.quantize(Decimal(1)))


def money(value: Decimal | int | None) -> Cell:
    return Cell("money", None if value is None else Decimal(value))


def percent(value: Decimal | float | int | None, places: int = 2) -> Cell:
    """Percentage points rounded to ``places``; a float (a ratio computed by a query) goes through str()."""
    if value is None:
        return Cell("percent", None)
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return Cell("percent", amount.quantize(Decimal(1).scaleb(-places)))


def share(part: int | Decimal, whole: int | Decimal, places: int = 2) -> Cell:
    """``part`` as a percentage of ``whole``; empty when the whole is zero."""
    if not whole:
        return Cell("percent", None)
    return percent(Decimal(part) * 100 / Decimal(whole), places)


def date(value: dt.date | None) -> Cell:
    return Cell("date", value)


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    # What the row is about, to match it across two versions of a document; the first cell by default.
    key: str = ""

    @property
    def label(self) -> str:
        return self.key or (self.cells[0].display() if self.cells else "")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"cells": [c.to_json() for c in self.cells]}
        if self.key:
            data["key"] = self.key
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        return cls([Cell.from_json(c) for c in data["cells"]], data.get("key", ""))


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Note:
    """Something said in place of figures: "No visits were recorded in 2024." Printed in italics."""

    text: str


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Table:
    """A table with header rows (the last names the columns), body rows and an optional total row.

    ``key`` identifies the table across versions of the document (and names nothing a reader sees);
    ``empty_note`` is printed in place of the body when there are no rows.
    """

    key: str
    caption: str
    header: list[list[str]]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    empty_note: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        width = self.width
        for row in [*self.rows, *([self.total] if self.total else [])]:
            if len(row.cells) != width:
                raise ValueError(f"table {self.key}: a row of {len(row.cells)} cells under {width} columns")

    @property
    def width(self) -> int:
        return len(self.header[-1]) if self.header else 0

    @property
    def columns(self) -> list[str]:
        return self.header[-1] if self.header else []

    def column_kinds(self) -> list[str]:
        """The kind of each column: that of its first non-empty body cell (text when the column is empty)."""
        kinds = ["text"] * self.width
        for index in range(self.width):
            for row in self.rows:
                if row.cells[index].value not in (None, ""):
                    kinds[index] = row.cells[index].kind
                    break
        return kinds


Block = Heading | Paragraph | Note | PageBreak | Table
_BLOCK_TYPES: dict[str, type] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "note": Note,
    "page_break": PageBreak,
    "table": Table,
}
_TYPE_NAMES = {cls: name for name, cls in _BLOCK_TYPES.items()}


@dataclass(frozen=True)
class Signature:
    """Who signs a document, as a pemda's signature block reads: place and date, the office signing
    ("Ketua TKPK Kota Pekalongan"), the position of who holds it, the name, and the NIP of a civil servant
    (an elected official has none)."""

    place: str
    date: dt.date | None
    office: str
    name: str
    position: str = ""
    nip: str = ""

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "date": self.date.isoformat() if self.date else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Signature:
        day = dt.date.fromisoformat(data["date"]) if data.get("date") else None
        return cls(**{**data, "date": day})


@dataclass(frozen=True)
class FrontMatter:
    """What a pemda's report opens with: a cover with the letterhead (kop), the title lines and the
    body that issues it; a foreword with its signature block; and a table of contents with the list of tables
    (each renderer lays those out from the headings and tables)."""

    kop: list[str]
    kop_address: str
    cover_lines: list[str]
    issuer_lines: list[str]
    foreword_title: str = ""
    foreword: list[str] = field(default_factory=list)
    signature: Signature | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kop": self.kop,
            "kop_address": self.kop_address,
            "cover_lines": self.cover_lines,
            "issuer_lines": self.issuer_lines,
            "foreword_title": self.foreword_title,
            "foreword": self.foreword,
            "signature": self.signature.to_json() if self.signature else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FrontMatter:
        signature = data.get("signature")
        return cls(
            kop=list(data.get("kop", [])),
            kop_address=data.get("kop_address", ""),
            cover_lines=list(data.get("cover_lines", [])),
            issuer_lines=list(data.get("issuer_lines", [])),
            foreword_title=data.get("foreword_title", ""),
            foreword=list(data.get("foreword", [])),
            signature=Signature.from_json(signature) if signature else None,
        )


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    subtitle: str = ""
    # What the document was made for, as printed on its cover: (label, value) pairs.
    parameters: list[tuple[str, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    built_at: dt.datetime | None = None
    # Cover, foreword and contents of a document a pemda submits (the LP2KD); None for the working reports.
    front: FrontMatter | None = None

    def contents(self) -> list[tuple[int, int, str]]:
        """(index in ``blocks``, level, text) of each heading of levels 1 and 2: the table of contents."""
        return [(n, b.level, b.text) for n, b in enumerate(self.blocks) if isinstance(b, Heading) and b.level <= 2]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def table(self, key: str) -> Table:
        for table in self.tables():
            if table.key == key:
                return table
        raise KeyError(key)

    def numbered_tables(self) -> dict[str, int]:
        """Table key → its number in the document (Tabel 1, 2, …), the same in every format."""
        return {t.key: n for n, t in enumerate(self.tables(), start=1)}

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "kind": self.kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "parameters": [list(p) for p in self.parameters],
            "built_at": self.built_at.isoformat() if self.built_at else None,
            "blocks": [_block_json(b) for b in self.blocks],
            **({"front": self.front.to_json()} if self.front else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        if data.get("schema") != SCHEMA_VERSION:
            raise ValueError(f"report document schema {data.get('schema')!r} is not {SCHEMA_VERSION}")
        return cls(
            kind=data["kind"],
            title=data["title"],
            subtitle=data.get("subtitle", ""),
            parameters=[(str(a), str(b)) for a, b in data.get("parameters", [])],
            blocks=[_block_from_json(b) for b in data["blocks"]],
            built_at=dt.datetime.fromisoformat(data["built_at"]) if data.get("built_at") else None,
            front=FrontMatter.from_json(data["front"]) if data.get("front") else None,
        )


def _block_json(block: Block) -> dict[str, Any]:
    name = _TYPE_NAMES[type(block)]
    if isinstance(block, Table):
        return {
            "type": name,
            "key": block.key,
            "caption": block.caption,
            "header": block.header,
            "rows": [r.to_json() for r in block.rows],
            "total": block.total.to_json() if block.total else None,
            "empty_note": block.empty_note,
            "source": block.source,
        }
    if isinstance(block, Heading):
        return {"type": name, "text": block.text, "level": block.level}
    if isinstance(block, Paragraph | Note):
        return {"type": name, "text": block.text}
    return {"type": name}


def _block_from_json(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind == "table":
        return Table(
            key=data["key"],
            caption=data["caption"],
            header=[list(h) for h in data["header"]],
            rows=[Row.from_json(r) for r in data["rows"]],
            total=Row.from_json(data["total"]) if data.get("total") else None,
            empty_note=data.get("empty_note", ""),
            source=data.get("source", ""),
        )
    if kind == "heading":
        return Heading(data["text"], int(data.get("level", 1)))
    if kind == "paragraph":
        return Paragraph(data["text"])
    if kind == "note":
        return Note(data["text"])
    if kind == "page_break":
        return PageBreak()
    raise ValueError(f"unknown report block {kind!r}")
