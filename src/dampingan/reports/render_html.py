"""A ``Document`` as HTML: the page's preview and, through WeasyPrint, the PDF. One template fragment
(``reports/_document.html``) draws the blocks for both, from the same display strings as the DOCX."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from .document import NUMERIC_KINDS, Document, Heading, Note, PageBreak, Paragraph, Table


@dataclass(frozen=True)
class HtmlCell:
    text: str
    numeric: bool


def blocks_for_template(document: Document) -> list[dict[str, Any]]:
    """Each block as a dict the template can branch on (``type``), tables with their display strings."""
    numbers = document.numbered_tables()
    out: list[dict[str, Any]] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            level = min(max(block.level, 1), 4) + 1
            out.append({"type": "heading", "text": block.text, "level": level, "anchor": f"h-{index}"})
        elif isinstance(block, Paragraph):
            out.append({"type": "paragraph", "text": block.text})
        elif isinstance(block, Note):
            out.append({"type": "note", "text": block.text})
        elif isinstance(block, PageBreak):
            out.append({"type": "page_break"})
        elif isinstance(block, Table):
            numeric = [kind in NUMERIC_KINDS for kind in block.column_kinds()]

            def cells(row: Any, numeric: list[bool] = numeric) -> list[HtmlCell]:
                return [HtmlCell(c.display(), c.is_numeric or numeric[i]) for i, c in enumerate(row.cells)]

            out.append(
                {
                    "type": "table",
                    "key": block.key,
                    "number": numbers[block.key],
                    "caption": block.caption,
                    "header": block.header,
                    "rows": [cells(r) for r in block.rows],
                    "total": cells(block.total) if block.total else None,
                    "empty_note": block.empty_note,
                    "source": block.source,
                }
            )
    return out


def document_context(document: Document, status: Sequence[str]) -> dict[str, Any]:
    return {
        "document": document,
        "blocks": blocks_for_template(document),
        "status": list(status),
        # The table of contents and the list of tables of a document with front matter (the LP2KD).
        "contents": [{"anchor": f"h-{n}", "level": level, "text": text} for n, level, text in document.contents()],
        "table_list": [(number, table) for number, table in enumerate(document.tables(), start=1)],
    }


def render_print_html(document: Document, *, status: Sequence[str] = ()) -> str:
    """The whole HTML page WeasyPrint draws: A4 portrait, page numbers in the footer, header rows repeated."""
    return render_to_string(
        "reports/document_print.html", {**document_context(document, status), "printed_at": timezone.localtime()}
    )


def render_pdf(document: Document, *, status: Sequence[str] = ()) -> bytes:
    # The coordination app's converter: WeasyPrint imported only when needed, fetching nothing from outside.
    from dampingan.coordination.printables import html_to_pdf

    return html_to_pdf(render_print_html(document, status=status))
