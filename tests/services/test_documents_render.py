"""The Word renderer's output, part by part, against goldens: a document
built by hand that uses every block the reports use (the header block with
and without the body above, headings of each level, paragraphs bold, italic,
aligned and indented, tables with and without fixed widths, a page break,
the closing block, an appendix) and text Word treats specially (a tab, line
breaks, leading and trailing spaces, ``& < >``, a character XML cannot hold).
``word/document.xml``, the header with the page number, the package's
relationships and content types and the Normal style are compared byte for
byte; the goldens were written by the python-docx renderer each run built
cell by cell, so the faster renderer draws the very same document.
Regenerate with ``DVBOT_UPDATE_GOLDEN=1`` only for an intended change."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from bot.services.documents.model import Document, Header, Heading, PageBreak, Para, Signer, Table
from bot.services.documents.render import docx_bytes

GOLDEN = Path(__file__).parent / "golden" / "docx"
UPDATE = os.environ.get("DVBOT_UPDATE_GOLDEN") == "1"
PARTS = ("word/document.xml", "word/header1.xml", "word/settings.xml", "word/_rels/document.xml.rels", "[Content_Types].xml")


def _document(parent: str | None) -> Document:
    table = Table(("STT", "Nội dung", "Chỉ tiêu", "Kết quả", "Đánh giá"),
                  (("1", "Tỷ lệ đơn thư đã giải quyết (%)", "Từ 90% trở lên", "95%", "Đạt"),
                   ("2", "  Số buổi tiếp công dân\tdòng 2\nnữa ", "", "…", "")),
                  (12.0, 78.0, 30.0, 25.0, 20.0))
    return Document(
        header=Header(parent=parent, issuer="SỞ NỘI VỤ", number="Số: …/BC-…",
                      place_date="Tây Ninh, ngày … tháng … năm 2025",
                      motto=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")),
        doc_type="BÁO CÁO", subject="Kết quả thực hiện công tác dân vận chính quyền 6 tháng đầu năm 2025",
        body=(Para("Thực hiện Kế hoạch số 696/KH-UBND & <các> văn bản khác."),
              Heading("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO"), Heading("1. Quán triệt", 2), Heading("a) Học tập", 3),
              Para("Tên mô hình:", italic=True), Para("Đậm", bold=True, align="center", indent=False),
              Para(" đầu dòng có dấu cách", align="left"), Para("…"), table,
              Table(("A", "B"), (("x", "y"),))),
        recipients_title="Nơi nhận:", recipients=("- Ủy ban nhân dân tỉnh;", "- Lưu: VT."),
        signer=Signer(title="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", hint="(Ký, ghi rõ họ tên, đóng dấu)", name="…"),
        appendix=(PageBreak(), Para("PHỤ LỤC", bold=True, align="center", indent=False), table),
    )


def _normal_style(package: zipfile.ZipFile) -> bytes:
    styles = etree.fromstring(package.read("word/styles.xml"))
    normal = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Normal']")
    return etree.tostring(normal)


def _check(name: str, content: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    assert path.read_bytes() == content, f"{name} differs from its golden"


def test_every_part_the_renderer_writes_is_the_golden() -> None:
    for parent, tag in ((None, "no-parent"), ("UBND TỈNH TÂY NINH", "parent")):
        content = docx_bytes(_document(parent))
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            for part in PARTS:
                _check(f"{tag}-{part.replace('/', '_').replace('[', '').replace(']', '')}", package.read(part))
            _check(f"{tag}-normal-style.xml", _normal_style(package))
            _check(f"{tag}-parts.txt", "\n".join(sorted(package.namelist())).encode())


def test_the_rendered_file_opens_with_its_runs_fonts() -> None:
    d = docx.Document(io.BytesIO(docx_bytes(_document("UBND TỈNH TÂY NINH"))))
    runs = [r for p in d.paragraphs for r in p.runs if r.text]
    cells = [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert runs and cells
    for r in runs + cells:
        assert r.font.name == "Times New Roman"
        assert r._r.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert {r.font.size for r in cells[:-2]} >= {Pt(12), Pt(13), Pt(14)}  # the header block, the tables
    lines = [p.text for p in d.paragraphs]
    assert "Thực hiện Kế hoạch số 696/KH-UBND & <các> văn bản khác." in lines
    figures = d.tables[1]
    assert figures.rows[2].cells[1].text == "  Số buổi tiếp công dân\tdòng 2\nnữa "


def test_a_character_xml_cannot_hold_is_dropped() -> None:
    """A vertical tab or a NUL pasted into an answer (python-docx refused the
    whole document over it): the rest of the text is kept."""
    d = _document(None)
    pasted = replace(d, body=(Para("văn bản\x0b khác\x00."), Table(("A",), (("ô\x0c",),))))
    opened = docx.Document(io.BytesIO(docx_bytes(pasted)))
    assert "văn bản khác." in [p.text for p in opened.paragraphs]
    assert opened.tables[1].rows[1].cells[0].text == "ô"
