"""WordprocessingML written as text, the very markup python-docx writes for
the same calls (``render`` draws the layout with these): a paragraph with its
spacing, first-line indent, alignment and one run of Times New Roman at a
size, bold or not, italic or not; a table cell; a paragraph's bottom border.

A report of 200 units holds some 25,000 paragraphs; python-docx builds each
run and cell element by element (``get_or_add`` lookups, ``table.add_row``)
and took about 12 s for one. Here each paragraph is one string from cached
pieces, the body is joined once and put into a package python-docx drew once
(the page set, the Normal style, the page-number header: :func:`package`).
The goldens in ``tests/services/test_documents_render.py`` were written by
the python-docx renderer: the markup is byte for byte the same."""

from __future__ import annotations

import re
from functools import cache

from docx.oxml.simpletypes import ST_HpsMeasure, ST_SignedTwipsMeasure, ST_TwipsMeasure
from docx.shared import Emu, Mm, Pt

FONT = "Times New Roman"
JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}  # WD_ALIGN_PARAGRAPH's XML
TBL_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            'w:noVBand="1" w:val="04A0"/>')
FIXED = '<w:tblLayout w:type="fixed"/>'
NO_BORDERS = ("<w:tblBorders>" + "".join(f'<w:{edge} w:val="nil"/>' for edge in (
    "top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
# What lxml refuses in XML 1.0 text (python-docx raised on it): dropped.
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPECIAL = re.compile("[\t\n\r&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("([\t\r\n])")


def twips(length: int) -> str:
    """A length (EMU) as python-docx writes an unsigned twips attribute."""
    return str(ST_TwipsMeasure.convert_to_xml(Emu(length)))


def signed_twips(length: int) -> str:
    return str(ST_SignedTwipsMeasure.convert_to_xml(Emu(length)))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(text: str) -> str:
    if len(text.strip()) < len(text):
        return f'<w:t xml:space="preserve">{_escape(text)}</w:t>'
    return f"<w:t>{_escape(text)}</w:t>"


def run_content(text: str) -> str:
    """``text`` as python-docx's ``add_run`` lays it out: a tab is ``<w:tab/>``,
    each CR or LF a ``<w:br/>``, the rest in ``<w:t>`` (spaces kept at the edges)."""
    if _SPECIAL.search(text) is None:
        return f'<w:t xml:space="preserve">{text}</w:t>' if len(text.strip()) < len(text) else f"<w:t>{text}</w:t>"
    out = []
    for piece in _BREAKS.split(_UNFIT.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(_t(piece))
    return "".join(out)


@cache
def run_open(size: float, bold: bool, italic: bool) -> str:
    """``<w:r>`` and its properties: the font (East Asian too), bold, italic, size."""
    b = "<w:b/>" if bold else '<w:b w:val="0"/>'
    i = "<w:i/>" if italic else '<w:i w:val="0"/>'
    return (f'<w:r><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/>{b}{i}'
            f'<w:sz w:val="{ST_HpsMeasure.convert_to_xml(Pt(size))}"/></w:rPr>')


@cache
def p_open(align: str, after: float, keep: bool = False, first_mm: float | None = None) -> str:
    """``<w:p>`` and its properties: kept with the next, space after, first-line indent, alignment."""
    keep_next = "<w:keepNext/>" if keep else ""
    ind = f'<w:ind w:firstLine="{signed_twips(Mm(first_mm))}"/>' if first_mm is not None else ""
    return (f'<w:p><w:pPr>{keep_next}<w:spacing w:after="{twips(Pt(after))}" w:before="0"/>{ind}'
            f'<w:jc w:val="{JC[align]}"/></w:pPr>')


def para(text: str = "", *, align: str = "center", size: float, bold: bool = False, italic: bool = False,
         after: float = 0, keep: bool = False, first_mm: float | None = None) -> str:
    head = p_open(align, after, keep, first_mm)
    if not text:
        return head + "</w:p>"
    return f"{head}{run_open(size, bold, italic)}{run_content(text)}</w:r></w:p>"


def bottom_rule(side_mm: float, after: float) -> str:
    """An empty paragraph 2 pt high, indented ``side_mm`` each side, with a solid bottom border."""
    side = signed_twips(Mm(side_mm))
    return ('<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
            f'<w:spacing w:after="{twips(Pt(after))}" w:before="0" w:lineRule="exact" w:line="{twips(Pt(2))}"/>'
            f'<w:ind w:left="{side}" w:right="{side}"/><w:jc w:val="center"/></w:pPr></w:p>')


def tbl_open(widths: list[str], *, grid: bool, fixed: bool) -> str:
    """``<w:tbl>`` centred, its properties and grid, up to its first row's
    content: "Table Grid" or borderless; a fixed layout where widths were given."""
    style = '<w:tblStyle w:val="TableGrid"/>' if grid else ""
    layout = FIXED if fixed else ""
    extra = ("" if grid else NO_BORDERS) + layout
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl><w:tblPr>{style}<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>{layout}{TBL_LOOK}'
            f'{extra}</w:tblPr><w:tblGrid>{cols}</w:tblGrid>')


def tc_open(width: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'


CANT_SPLIT_ROW = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
