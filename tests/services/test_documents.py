"""The unit's Word report of a round, opened with python-docx: the header
block, the subject, each section heading, a figure in its sentence, blanks
where the unit did not answer, the recipients and signer block, the appendix
table, and the page set as Nghị định 30/2020/NĐ-CP sets it."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.shared import Pt

from bot.core.clock import FakeClock
from bot.services.runtime import Runtime
from bot.shell.cli.report import docx_report
from tests.handlers.test_summary_golden import SNV, seed_small

HEADINGS = ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
            "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT")


def texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def cell_lines(table: docx.table.Table, col: int) -> list[str]:
    return [p.text for p in table.rows[0].cells[col].paragraphs]


async def _unit_doc(rt: Runtime, clock: FakeClock, code: str = "SNV") -> docx.document.Document:
    await seed_small(rt)
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    content = await docx_report(rt, "6-thang", None, code, None)
    return docx.Document(io.BytesIO(content))


async def test_unit_report_header_subject_and_sections(rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    d = await _unit_doc(rt, clock)
    header, *_rest = d.tables
    left, right = cell_lines(header, 0), cell_lines(header, 1)
    assert left[:2] == ["UBND TỈNH TÂY NINH", "SỞ NỘI VỤ"]  # the body above, then the issuer
    assert left[2] == "" and left[3] == "Số: …/BC-…"  # the short line under the issuer: a border
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[3].endswith(", ngày … tháng … năm 2025")
    assert all(r.bold for r in header.rows[0].cells[0].paragraphs[1].runs)  # the issuer in bold
    assert header.rows[0].cells[0].paragraphs[0].runs[0].bold is False  # the body above it not
    assert all(r.bold and r.font.size == Pt(12) for r in header.rows[0].cells[1].paragraphs[0].runs)
    lines = texts(d)
    i = lines.index("BÁO CÁO")
    assert lines[i + 1].startswith("Kết quả thực hiện công tác dân vận chính quyền ")
    assert lines[i + 2] == ""  # the short line under the subject: a border (test_documents_closing)
    assert lines[i + 3].startswith("Thực hiện Kế hoạch số 696/KH-UBND ngày 06/03/2025 của UBND tỉnh Tây Ninh")
    positions = [lines.index(h) for h in HEADINGS]
    assert positions == sorted(positions)  # every section, in the outline's order
    areas = [line for line in lines[positions[1]:positions[2]] if line[:3] in ("1. ", "2. ", "3. ", "4. ", "5. ")]
    assert [a[:3] for a in areas] == ["1. ", "2. ", "3. ", "4. ", "5. "]  # the plan's five content areas
    assert areas[0].startswith("1. Quán triệt và tổ chức học tập")


async def test_unit_report_weaves_figures_and_shows_blanks(rt: Runtime, clock: FakeClock,
                                                           codes: dict[str, str]) -> None:
    d = await _unit_doc(rt, clock)
    lines = texts(d)
    assert f"Số buổi người đứng đầu tiếp công dân trong kỳ: {SNV['dan-chu-co-so.tiep-cong-dan']}." in lines
    assert "Số lượt cán bộ, công chức, viên chức tham dự: 120." in lines
    assert "Đơn vị đã tổ chức quán triệt, học tập, tuyên truyền các chủ trương của Đảng" in " ".join(lines)
    # the resolution rate is worked out from counts SNV did not give: a visible blank
    assert "Tỷ lệ đơn thư thuộc thẩm quyền đã được giải quyết (bot tự tính): …." in lines
    # a text answer the unit did not give is a blank paragraph, not invented text
    i = lines.index("Tên các mô hình “Dân vận khéo”, kết quả nổi bật, khó khăn (nếu có):")
    assert lines[i + 1] == "…"
    section = d.sections[0]
    def mm(x: object) -> int:
        return round(x.mm)  # type: ignore[attr-defined]

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)  # A4 portrait
    margins = (mm(section.top_margin), mm(section.bottom_margin), mm(section.left_margin), mm(section.right_margin))
    assert margins == (20, 20, 30, 15)
    assert 20 <= margins[0] <= 25 and 20 <= margins[1] <= 25 and 30 <= margins[2] <= 35 and 15 <= margins[3] <= 20
    normal = d.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)
    assert section.different_first_page_header_footer  # page numbers from the second page
    assert "PAGE" in section.header.paragraphs[0]._p.xml


async def test_unit_report_recipients_signer_and_appendix(rt: Runtime, clock: FakeClock,
                                                          codes: dict[str, str]) -> None:
    d = await _unit_doc(rt, clock)
    closing = next(t for t in d.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = cell_lines(closing, 0), cell_lines(closing, 1)
    assert left[-1] == "- Lưu: VT." and len(left) == 3
    assert right[0] == "…" and right[1] == "(Ký, ghi rõ họ tên, đóng dấu)" and right[-1] == "…"
    assert "PHỤ LỤC" in texts(d)
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nội dung", "Chỉ tiêu", "Kết quả", "Đánh giá"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    share = rows["Tỷ lệ cán bộ, công chức, viên chức được học tập, quán triệt (%)"]
    assert share[2:] == ["Từ 100% trở lên", "100%", "Đạt"]
    assert rows["Số buổi người đứng đầu tiếp công dân trong kỳ"][3] == "12"
    assert rows["Tỷ lệ đơn thư thuộc thẩm quyền đã được giải quyết (bot tự tính)"][3] == "…"
    assert [r.cells[0].text for r in table.rows[1:]] == [str(i) for i in range(1, len(table.rows))]


async def test_unit_report_of_a_unit_that_answered_nothing_is_all_blanks(
        rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    d = await _unit_doc(rt, clock, "STC")  # STC answered: a different figure in the same sentence
    assert "Số hội nghị, buổi quán triệt, học tập, tuyên truyền đã tổ chức trong kỳ: 1." in texts(d)
    empty = await docx_report(rt, "ca-nam", None, "X-TANAN", None)
    lines = texts(docx.Document(io.BytesIO(empty)))
    figures = [line for line in lines if line.startswith("Số ") and line.endswith(".")
               and not line.startswith("Số liệu tính đến")]  # the period line (round.period)
    assert figures and all(line.endswith(": ….") for line in figures)


async def test_unit_report_in_english(rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    await seed_small(rt)
    content = await docx_report(rt, "6-thang", None, "SNV", None, lang="en")
    d = docx.Document(io.BytesIO(content))
    lines = texts(d)
    assert "REPORT" in lines and "I. LEADERSHIP AND DIRECTION" in lines
    assert cell_lines(d.tables[0], 1)[:2] == ["SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"]
    assert "Number of citizen-reception sessions held by the head of the unit in the period: 12." in lines
