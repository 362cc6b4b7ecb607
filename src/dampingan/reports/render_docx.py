"""A ``Document`` as an editable Word file (python-docx): real headings, real tables whose header rows repeat
on every page, A4 portrait, page numbers in the footer, Indonesian as the proofing language."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from .document import NUMERIC_KINDS, Document, FrontMatter, Heading, Note, PageBreak, Paragraph, Row, Signature, Table

FONT = "Arial"  # present in Word; LibreOffice draws it with the metric-compatible Liberation Sans
HEADER_FILL = "D9D9D9"


def render_docx(document: Document, *, status: Sequence[str] = ()) -> bytes:
    """The DOCX bytes of ``document``; ``status`` lines (draft, approved by whom and when) go on the cover."""
    docx = new_docx()
    _page_setup(docx)
    _styles(docx)
    _footer(docx, document.title)
    if document.front is not None:
        _front_matter(docx, document, document.front, status)
    else:
        _cover(docx, document, status)
    numbers = document.numbered_tables()
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = docx.add_heading(block.text, level=min(max(block.level, 1), 9))
            # A bound document starts each chapter on a new page, as the PDF does.
            heading.paragraph_format.page_break_before = document.front is not None and block.level == 1
        elif isinstance(block, Paragraph):
            docx.add_paragraph(block.text)
        elif isinstance(block, Note):
            _note(docx, block.text)
        elif isinstance(block, PageBreak):
            docx.add_page_break()
        elif isinstance(block, Table):
            _table(docx, block, numbers[block.key])
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


def _page_setup(docx: DocxDocument) -> None:
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _styles(docx: DocxDocument) -> None:
    normal = docx.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    r_pr = normal.element.get_or_add_rPr()
    # East-Asian and complex-script fonts too, or Word falls back to its theme font for some characters.
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "id-ID")
    r_pr.append(language)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = docx.styles[name]
        style.font.name = FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
    docx.styles["Title"].font.size = Pt(18)
    docx.styles["Caption"].font.size = Pt(9)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the page out."""
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _footer(docx: DocxDocument, title: str) -> None:
    paragraph = docx.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lead = paragraph.add_run(f"{title} — {_('Page')} ")
    lead.font.size = Pt(8)
    _field(paragraph, "PAGE")
    paragraph.add_run(f" {_('of')} ").font.size = Pt(8)
    _field(paragraph, "NUMPAGES")


def _cover(docx: DocxDocument, document: Document, status: Sequence[str]) -> None:
    docx.add_heading(document.title, level=0)
    if document.subtitle:
        docx.add_paragraph(document.subtitle).runs[0].bold = True
    if document.parameters:
        table = docx.add_table(rows=0, cols=2)
        for label, value in document.parameters:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    for line in status:
        paragraph = docx.add_paragraph()
        paragraph.add_run(line).bold = True


def _centred(docx: DocxDocument, text: str, *, size: float, bold: bool = True, after: float = 2) -> None:
    paragraph = docx.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _bottom_border(paragraph: DocxParagraph) -> None:
    """The double rule under a kop surat."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _front_matter(docx: DocxDocument, document: Document, front: FrontMatter, status: Sequence[str]) -> None:
    """Cover with the kop, foreword with its signature block, and a Word table of contents (a field Word fills
    in with page numbers when it opens the file; until then it lists the headings)."""
    _bound_cover(docx, document, front, status)
    docx.add_page_break()
    if front.foreword:
        _foreword(docx, front)
        docx.add_page_break()
    _centred(docx, _("Contents").upper(), size=13, after=12)
    _contents_field(docx, document)
    docx.add_page_break()


def _bound_cover(docx: DocxDocument, document: Document, front: FrontMatter, status: Sequence[str]) -> None:
    """The cover of a bound document: the kop, the title, its status and parameters, and who issues it."""
    docx.sections[0].different_first_page_header_footer = True  # no page number on the cover
    for line in front.kop:
        _centred(docx, line, size=13, after=0)
    if front.kop_address:
        _centred(docx, front.kop_address, size=8.5, bold=False, after=0)
    _bottom_border(docx.paragraphs[-1])
    docx.add_paragraph().paragraph_format.space_after = Pt(60)
    for line in front.cover_lines:
        _centred(docx, line, size=16, after=4)
    for line in status:
        _centred(docx, line, size=10, after=2)
    if document.parameters:
        _centred_parameters(docx, document.parameters)
    docx.add_paragraph().paragraph_format.space_after = Pt(80)
    for line in front.issuer_lines:
        _centred(docx, line, size=12, after=2)


def _centred_parameters(docx: DocxDocument, parameters: Sequence[tuple[str, str]]) -> None:
    table = docx.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in parameters:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _foreword(docx: DocxDocument, front: FrontMatter) -> None:
    _centred(docx, front.foreword_title.upper(), size=13, after=12)
    for text in front.foreword:
        paragraph = docx.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if front.signature is not None:
        _signature(docx, front.signature)


def _signature(docx: DocxDocument, signature: Signature) -> None:
    day = f", {formats.date_format(signature.date, 'j F Y')}" if signature.date else ""
    lines = [f"{signature.place}{day}", f"{signature.office},", signature.position, "", "", ""]
    for text in lines:
        paragraph = docx.add_paragraph(text)
        paragraph.paragraph_format.left_indent = Cm(8.5)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name = docx.add_paragraph()
    name.paragraph_format.left_indent = Cm(8.5)
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.paragraph_format.space_after = Pt(0)
    run = name.add_run(signature.name or "……………………………………")
    run.bold = run.underline = True
    if signature.nip:
        nip = docx.add_paragraph(f"NIP. {signature.nip}")
        nip.paragraph_format.left_indent = Cm(8.5)
        nip.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _contents_field(docx: DocxDocument, document: Document) -> None:
    """A TOC field over heading levels 1-2 whose shown result is the list of headings; Word updates it (with
    page numbers) on opening, as ``updateFields`` asks."""
    entries = document.contents()
    paragraph = docx.add_paragraph()
    begin, separate, end = (OxmlElement("w:fldChar") for _n in range(3))
    begin.set(qn("w:fldCharType"), "begin")
    separate.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-2" \\h \\z \\u'
    for element in (begin, instruction, separate):
        run = OxmlElement("w:r")
        run.append(element)
        paragraph._p.append(run)
    for number, (_index, level, text) in enumerate(entries):
        target = paragraph if number == 0 else docx.add_paragraph()
        target.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        target.paragraph_format.space_after = Pt(1)
        target.add_run(text)
    closing = OxmlElement("w:r")
    closing.append(end)
    (docx.paragraphs[-1] if entries else paragraph)._p.append(closing)
    settings = docx.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _note(docx: DocxDocument, text: str) -> None:
    docx.add_paragraph().add_run(text).italic = True


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _row_property(row: _Row, name: str) -> None:
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _write(cell: _Cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(9)


def _table(docx: DocxDocument, table: Table, number: int) -> None:
    caption = docx.add_paragraph(f"{_('Table')} {number}. {table.caption}", style="Caption")
    caption.paragraph_format.keep_with_next = True
    body: list[Row] = table.rows + ([table.total] if table.total else [])
    grid = docx.add_table(rows=len(table.header) + len(body), cols=table.width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = [kind in NUMERIC_KINDS for kind in table.column_kinds()]
    for r, labels in enumerate(table.header):
        row = grid.rows[r]
        _row_property(row, "w:tblHeader")  # repeated at the top of every page the table runs onto
        _row_property(row, "w:cantSplit")
        for c, label in enumerate(labels):
            _write(row.cells[c], label, bold=True)
            _shade(row.cells[c], HEADER_FILL)
    for offset, source in enumerate(body):
        row = grid.rows[len(table.header) + offset]
        _row_property(row, "w:cantSplit")
        is_total = source is table.total
        for c, cell in enumerate(source.cells):
            _write(row.cells[c], cell.display(), bold=is_total, right=cell.is_numeric or numeric[c])
    if not table.rows and table.empty_note:
        _note(docx, table.empty_note)
    if table.source:
        docx.add_paragraph(table.source, style="Caption")
    else:
        docx.add_paragraph()
