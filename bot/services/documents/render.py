"""A drafted :class:`~bot.services.documents.model.Document` as a Word file
(python-docx), laid out as Nghị định 30/2020/NĐ-CP (Phụ lục I) sets an
administrative document: A4 portrait; margins top and bottom 20 mm, left
30 mm, right 15 mm (the decree's ranges: 20–25, 20–25, 30–35, 15–20); Times
New Roman; body 14 pt, justified, first line indented 1 cm; the header block
as two columns — the issuing body (capitals, bold, under the body above it)
and the number line left, Quốc hiệu (12 pt bold capitals) and Tiêu ngữ
(13 pt bold, a solid line under it as long as it: a paragraph's bottom
border, not underscores) and the place-and-date line (italic) right; the
document type and subject centred in bold; "Nơi nhận" (12 pt bold italic,
recipients 11 pt) left of the signer block; page numbers at the top centre
from the second page."""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from bot.services.documents.model import Block, Document, Heading, PageBreak, Para, Table

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Under the issuing body's name and under the subject, a solid line 1/3 to 1/2
# as long as the line of text above it, centred (Nghị định 30/2020/NĐ-CP, Phụ
# lục I). Without font metrics here, a line of text is estimated at EM_SHARE of
# an em a character (Times New Roman, capitals and bold included), at most the
# width it may take; the rule is RULE_SHARE of that.
EM_SHARE, RULE_SHARE, PT_MM = 0.6, 0.4, 0.3528
BODY_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]  # the text width on A4
HEADER_MM = (68, 100)  # the header block's two columns
CELL_PAD_MM = 1.9  # a table cell's default inner margin each side (Word, LibreOffice)
# The Tiêu ngữ "Độc lập - Tự do - Hạnh phúc" at 13 pt bold Times New Roman is
# 53 mm wide (measured with Liberation Serif, which has its metrics); the decree
# draws a solid line under it as long as the line of text.
MOTTO_LINE_MM = 53
# What may follow w:pBdr in a paragraph's properties (ECMA-376 CT_PPr order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
               "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _run(p: Paragraph, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False) -> None:
    run = p.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(container: object, text: str = "", *, align: str = "center", size: float = BODY_PT, bold: bool = False,
          italic: bool = False, after: float = 0, first: Paragraph | None = None) -> Paragraph:
    p = first if first is not None else container.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = ALIGN[align]
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if text:
        _run(p, text, size=size, bold=bold, italic=italic)
    return p


def rule_mm(text: str, size: float, room_mm: float) -> float:
    """How long the short line under ``text`` (at ``size`` pt, in ``room_mm``) is drawn."""
    longest = min(len(text) * size * EM_SHARE * PT_MM, room_mm)
    return round(max(10.0, longest * RULE_SHARE), 1)


def _line_under(container: object, width_mm: float, box_mm: float, *, pad_mm: float = CELL_PAD_MM,
                after: float = 6) -> Paragraph:
    """A solid line ``width_mm`` long, centred in a box ``box_mm`` wide (less
    ``pad_mm`` each side: a table cell's margin), drawn as the bottom border of
    an empty paragraph right under the text above it: a real line, the length
    the decree gives, whatever font renders it."""
    p = _para(container, "", after=after)
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # an empty line would take 14 pt
    p.paragraph_format.line_spacing = Pt(2)
    side = Mm(max(0.0, (box_mm - 2 * pad_mm - width_mm) / 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
    return p


def _borderless(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def _widths(table: object, widths_mm: tuple[float, ...]) -> None:
    """Fixed column widths (Word and LibreOffice both honour a fixed layout's grid)."""
    table.autofit = False  # type: ignore[attr-defined]
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)  # type: ignore[attr-defined]
    for column, w in zip(table.columns, widths_mm, strict=True):  # type: ignore[attr-defined]
        column.width = Mm(w)
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, w in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(w)


def _two_columns(doc: object, left_mm: float, right_mm: float) -> tuple[_Cell, _Cell]:
    """A borderless row of two blocks side by side, never split across pages."""
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borderless(table)
    _widths(table, (left_mm, right_mm))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = table.rows[0].cells
    return left, right


def _header_block(doc: object, d: Document) -> None:
    left, right = _two_columns(doc, *HEADER_MM)
    h = d.header
    first = left.paragraphs[0]
    if h.parent:
        _para(left, h.parent, size=13, first=first)
        first = None  # type: ignore[assignment]
    _para(left, h.issuer, size=13, bold=True, first=first)
    _line_under(left, rule_mm(h.issuer, 13, HEADER_MM[0] - 2 * CELL_PAD_MM), HEADER_MM[0])
    _para(left, h.number, size=13)
    _para(right, h.motto[0], size=12, bold=True, first=right.paragraphs[0])
    _para(right, h.motto[1], size=13, bold=True)
    _line_under(right, MOTTO_LINE_MM, HEADER_MM[1])
    _para(right, h.place_date, size=14, italic=True)


def _title(doc: object, d: Document) -> None:
    _para(doc, "", after=6)
    _para(doc, d.doc_type, size=14, bold=True)
    _para(doc, d.subject, size=14, bold=True)
    _line_under(doc, rule_mm(d.subject, 14, BODY_MM), BODY_MM, pad_mm=0, after=12)


def _cell_text(cell: _Cell, text: str, *, bold: bool = False, align: str = "left") -> None:
    _para(cell, text, align=align, size=TABLE_PT, bold=bold, first=cell.paragraphs[0])


def _table(doc: object, t: Table) -> None:
    table = doc.add_table(rows=1, cols=len(t.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, t.headers, strict=True):
        _cell_text(cell, text, bold=True, align="center")
    for row in t.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell_text(cell, text, align="left" if i == 1 else "center")
    if t.widths_mm:
        _widths(table, t.widths_mm)
    _para(doc, "", after=6)


def _block(doc: object, b: Block) -> None:
    match b:
        case Heading(text=text, level=level):
            p = _para(doc, text, align="justify", bold=True, italic=level >= 3, after=6)
            p.paragraph_format.first_line_indent = Mm(10)
            p.paragraph_format.keep_with_next = True
        case Para(text=text, bold=bold, italic=italic, align=align, indent=indent):
            p = _para(doc, text, align=align, bold=bold, italic=italic, after=6)
            if indent:
                p.paragraph_format.first_line_indent = Mm(10)
        case Table():
            _table(doc, b)
        case PageBreak():
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # type: ignore[attr-defined]


def _closing(doc: object, d: Document) -> None:
    _para(doc, "", after=6)
    left, right = _two_columns(doc, 80, 85)
    _para(left, d.recipients_title, align="left", size=12, bold=True, italic=True, first=left.paragraphs[0])
    for line in d.recipients:
        _para(left, line, align="left", size=11)
    _para(right, d.signer.title, size=14, bold=True, first=right.paragraphs[0])
    _para(right, d.signer.hint, size=13, italic=True, after=60)
    _para(right, d.signer.name, size=14, bold=True)


def _page_numbers(section: object) -> None:
    """Arabic page numbers at the top centre, none on the first page."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    p = section.header.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    run.font.name, run.font.size = FONT, Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def docx_bytes(d: Document) -> bytes:
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)  # type: ignore[attr-defined]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # type: ignore[attr-defined]
    _page_numbers(section)
    _header_block(doc, d)
    _title(doc, d)
    for b in d.body:
        _block(doc, b)
    _closing(doc, d)
    for b in d.appendix:
        _block(doc, b)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
