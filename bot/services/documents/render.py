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
import zipfile
from dataclasses import dataclass
from functools import cache

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from bot.services.documents import wordml as w
from bot.services.documents.model import Block, Document, Heading, PageBreak, Para, Table

FONT = w.FONT
BODY_PT, TABLE_PT = 14, 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
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
DOCUMENT_PART = "word/document.xml"
WRITTEN_AT_ONCE = 4096  # pieces of the body encoded and compressed together


def rule_mm(text: str, size: float, room_mm: float) -> float:
    """How long the short line under ``text`` (at ``size`` pt, in ``room_mm``) is drawn."""
    longest = min(len(text) * size * EM_SHARE * PT_MM, room_mm)
    return round(max(10.0, longest * RULE_SHARE), 1)


def _line_under(width_mm: float, box_mm: float, *, pad_mm: float = CELL_PAD_MM, after: float = 6) -> str:
    """A solid line ``width_mm`` long, centred in a box ``box_mm`` wide (less
    ``pad_mm`` each side: a table cell's margin), drawn as the bottom border of
    an empty paragraph right under the text above it: a real line, the length
    the decree gives, whatever font renders it."""
    return w.bottom_rule(max(0.0, (box_mm - 2 * pad_mm - width_mm) / 2), after)


def _two_columns(out: list[str], widths_mm: tuple[float, float], left: list[str], right: list[str]) -> None:
    """A borderless row of two blocks side by side, never split across pages."""
    widths = [w.twips(Mm(x)) for x in widths_mm]
    out.append(w.tbl_open(widths, grid=False, fixed=True) + w.CANT_SPLIT_ROW)
    for width, paragraphs in zip(widths, (left, right), strict=True):
        out.append(w.tc_open(width) + "".join(paragraphs) + "</w:tc>")
    out.append("</w:tr></w:tbl>")


def _header_block(out: list[str], d: Document) -> None:
    h = d.header
    left = [w.para(h.parent, size=13)] if h.parent else []
    left += [w.para(h.issuer, size=13, bold=True),
             _line_under(rule_mm(h.issuer, 13, HEADER_MM[0] - 2 * CELL_PAD_MM), HEADER_MM[0]),
             w.para(h.number, size=13)]
    right = [w.para(h.motto[0], size=12, bold=True), w.para(h.motto[1], size=13, bold=True),
             _line_under(MOTTO_LINE_MM, HEADER_MM[1]), w.para(h.place_date, size=14, italic=True)]
    _two_columns(out, HEADER_MM, left, right)


def _title(out: list[str], d: Document) -> None:
    out += [w.para(size=BODY_PT, after=6), w.para(d.doc_type, size=14, bold=True),
            w.para(d.subject, size=14, bold=True),
            _line_under(rule_mm(d.subject, 14, BODY_MM), BODY_MM, pad_mm=0, after=12)]


def _table(out: list[str], t: Table, block_emu: int) -> None:
    """A "Table Grid" table, centred, the header row bold and centred, then one
    row per line (the second column left-aligned): fixed column widths where
    given (Word and LibreOffice both honour a fixed layout's grid), else the
    text width shared equally — each row written in one pass."""
    n = len(t.headers)
    widths = [w.twips(Mm(x)) for x in t.widths_mm] if t.widths_mm else [w.twips(Emu(block_emu // n))] * n
    out.append(w.tbl_open(widths, grid=True, fixed=bool(t.widths_mm)) + "<w:tr>")
    for width, text in zip(widths, t.headers, strict=True):
        out.append(w.tc_open(width) + w.para(text, size=TABLE_PT, bold=True) + "</w:tc>")
    out.append("</w:tr>")
    starts = [w.tc_open(width) + w.p_open("left" if i == 1 else "center", 0) for i, width in enumerate(widths)]
    run = w.run_open(TABLE_PT, False, False)
    for row in t.rows:
        out.append("<w:tr>")
        for start, text in zip(starts, row, strict=True):
            out.append(f"{start}{run}{w.run_content(text)}</w:r></w:p></w:tc>" if text else start + "</w:p></w:tc>")
        out.append("</w:tr>")
    out += ["</w:tbl>", w.para(size=BODY_PT, after=6)]


def _block(out: list[str], b: Block, block_emu: int) -> None:
    match b:
        case Heading(text=text, level=level):
            out.append(w.para(text, align="justify", size=BODY_PT, bold=True, italic=level >= 3, after=6,
                              keep=True, first_mm=10))
        case Para(text=text, bold=bold, italic=italic, align=align, indent=indent):
            out.append(w.para(text, align=align, size=BODY_PT, bold=bold, italic=italic, after=6,
                              first_mm=10 if indent else None))
        case Table():
            _table(out, b, block_emu)
        case PageBreak():
            out.append(w.PAGE_BREAK)


def _closing(out: list[str], d: Document) -> None:
    out.append(w.para(size=BODY_PT, after=6))
    left = [w.para(d.recipients_title, align="left", size=12, bold=True, italic=True)]
    left += [w.para(line, align="left", size=11) for line in d.recipients]
    right = [w.para(d.signer.title, size=14, bold=True), w.para(d.signer.hint, size=13, italic=True, after=60),
             w.para(d.signer.name, size=14, bold=True)]
    _two_columns(out, (80, 85), left, right)


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


@dataclass(frozen=True, slots=True)
class _Shell:
    """The package every report shares, drawn once by python-docx: every part
    but ``word/document.xml``, and that part's text around the body's content."""

    package: bytes
    head: str  # up to and including <w:body>
    tail: str  # the section's properties (page, margins, header) to the end
    block_emu: int  # the text width: a table without widths shares it equally


@cache
def _shell() -> _Shell:
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
    drawn, package = io.BytesIO(), io.BytesIO()
    doc.save(drawn)
    with zipfile.ZipFile(drawn) as src, zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == DOCUMENT_PART:
                xml = src.read(info).decode()
            else:
                dst.writestr(info, src.read(info))
    cut = xml.index("<w:sectPr")
    block = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    return _Shell(package.getvalue(), xml[:cut], xml[cut:], int(block))


def docx_bytes(d: Document) -> bytes:
    shell = _shell()
    out = [shell.head]
    _header_block(out, d)
    _title(out, d)
    for b in d.body:
        _block(out, b, shell.block_emu)
    _closing(out, d)
    for b in d.appendix:
        _block(out, b, shell.block_emu)
    out.append(shell.tail)
    buf = io.BytesIO(shell.package)
    # 4x faster than 6; the body encoded and compressed a slice of pieces at a time, never
    # joined whole as well as encoded (a 200-unit scope's appendix: some 30 MB less at its peak)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as package, \
            package.open(DOCUMENT_PART, "w") as part:
        for i in range(0, len(out), WRITTEN_AT_ONCE):
            part.write("".join(out[i:i + WRITTEN_AT_ONCE]).encode())
    return buf.getvalue()
