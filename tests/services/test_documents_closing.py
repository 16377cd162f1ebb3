"""Parts III–V of the Word reports, from the closing answers (the ``danh-gia``
section: strengths, weaknesses and causes, difficulties, proposals, next
tasks), with the blank ``…`` where a part was not written; numbers grouped in
thousands as Vietnamese writes them; the Tiêu ngữ's solid line; the plan's
facts read from its model."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.oxml.ns import qn

from bot.core.clock import FakeClock
from bot.core.text import format_number
from bot.domain.plan.loader import load_plan
from bot.services.documents import facts
from bot.services.runtime import Runtime
from bot.shell.cli.report import docx_report
from tests.conftest import PLANS
from tests.handlers.test_summary_golden import STC, answer_more, seed_small

CLOSING = {
    "danh-gia.uu-diem": "Cán bộ tiếp dân tận tình; thủ tục giải quyết nhanh.",
    "danh-gia.han-che": "Một số hồ sơ còn trễ hạn do thiếu nhân lực.",
    "danh-gia.kien-nghi": "Đề nghị bổ sung biên chế cho bộ phận một cửa.",
    "danh-gia.phuong-huong": "Tiếp tục nâng cao chất lượng tiếp công dân.",
    "dan-chu-co-so.don-thu": 1234,
}


def _between(lines: list[str], start: str, end: str | None) -> list[str]:
    i = lines.index(start)
    j = lines.index(end) if end else len(lines)
    return lines[i + 1:j]


async def test_parts_three_to_five_come_from_the_closing_answers(rt: Runtime, clock: FakeClock,
                                                               codes: dict[str, str]) -> None:
    await seed_small(rt)
    await answer_more(rt, "SNV", CLOSING)
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    lines = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "SNV", None))).paragraphs]
    three = _between(lines, "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    assert three == ["1. Ưu điểm", CLOSING["danh-gia.uu-diem"],
                     "2. Hạn chế, tồn tại và nguyên nhân", CLOSING["danh-gia.han-che"]]
    four = _between(lines, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT")
    assert four == [CLOSING["danh-gia.phuong-huong"]]
    five = _between(lines, "V. KIẾN NGHỊ, ĐỀ XUẤT", None)
    # no difficulties written: the visible blank, never invented text
    assert five[:4] == ["1. Khó khăn, vướng mắc", "…", "2. Kiến nghị, đề xuất", CLOSING["danh-gia.kien-nghi"]]
    # a count over a thousand, grouped as Vietnamese writes it
    assert "Số đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh đã tiếp nhận: 1.234." in lines

    # the province's report groups each unit's texts under the same parts
    scope = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, None, "TN"))).paragraphs]
    three = _between(scope, "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI")
    i = three.index("1. Ưu điểm")
    assert any(CLOSING["danh-gia.uu-diem"] in line and "Sở Nội vụ" in line for line in three[i:])
    five = _between(scope, "V. KIẾN NGHỊ, ĐỀ XUẤT", None)
    assert five[:2] == ["1. Khó khăn, vướng mắc", "…"]
    total = 1234 + int(STC.get("dan-chu-co-so.don-thu", 0))  # type: ignore[call-overload]
    assert any(line.startswith("Số đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh đã tiếp nhận: tổng cộng "
                               f"{format_number(total)} ") for line in scope), total


async def test_a_unit_that_wrote_no_closing_part_has_blanks(rt: Runtime, clock: FakeClock,
                                                          codes: dict[str, str]) -> None:
    await seed_small(rt)
    lines = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "STC", None))).paragraphs]
    assert _between(lines, "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI") == [
        "1. Ưu điểm", "…", "2. Hạn chế, tồn tại và nguyên nhân", "…"]
    assert _between(lines, "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT") == ["…"]


async def test_the_motto_has_a_solid_line_under_it(rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    await seed_small(rt)
    d = docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "SNV", None)))
    right = d.tables[0].rows[0].cells[1].paragraphs
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    line = right[2]
    assert line.text == ""  # a border, not underscores
    bottom = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "single"
    # as long as the motto (53 mm at 13 pt bold), centred in the 100 mm column
    fmt = line.paragraph_format
    assert round(fmt.left_indent.mm, 1) == round(fmt.right_indent.mm, 1) == round((100 - 3.8 - 53) / 2, 1)
    pPr = [child.tag.split("}")[1] for child in line._p.pPr]
    assert pPr.index("pBdr") < pPr.index("spacing") < pPr.index("ind") < pPr.index("jc")  # schema order


def test_numbers_are_grouped_the_vietnamese_way() -> None:
    assert [format_number(x) for x in (0, 7, 1234, 1234.5, 1_234_567.891, 85.5, -1250)] == [
        "0", "7", "1.234", "1.234,5", "1.234.567,89", "85,5", "-1.250"]
    assert [format_number(x, "en") for x in (1234, 1234.5)] == ["1,234", "1,234.5"]


def test_facts_are_the_plan_models_fields() -> None:
    plan = load_plan(PLANS / "tay-ninh-2025.yaml")
    rnd = plan.round("6-thang")
    assert (facts.doc_number(plan), facts.doc_date(plan), facts.place(plan)) == (
        "696/KH-UBND", dt.date(2025, 3, 6), "Tây Ninh")
    assert facts.signed_as(plan) == "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"
    assert facts.recipient(rnd) == "Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"
    assert facts.period(rnd) == rnd.period and rnd.period is not None and rnd.period.estimate_to_end
    blank = plan.model_copy(update={"document": plan.document.model_copy(update={"place": "", "signed_as": None})})
    assert (facts.place(blank), facts.signed_as(blank)) == (None, None)
    closing = facts.closing_questions(rnd)
    assert [q.id for q in facts.part_questions(closing, ("weaknesses", "causes"))] == ["danh-gia.han-che"]
    assert facts.closing_texts(closing, ("strengths",), {"danh-gia.uu-diem": "  Tốt  "}) == ["Tốt"]
    assert facts.closing_texts(closing, ("strengths",), {"danh-gia.uu-diem": "   "}) == []


async def test_the_issuer_and_the_subject_have_their_short_solid_lines(rt: Runtime, clock: FakeClock,
                                                                     codes: dict[str, str]) -> None:
    """Nghị định 30/2020, Phụ lục I: under the issuing body and under the
    subject, a solid line 1/3 to 1/2 as long as the text, centred — a border,
    not underscores."""
    from bot.services.documents.render import BODY_MM, HEADER_MM, rule_mm

    await seed_small(rt)
    d = docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "SNV", None)))
    left = d.tables[0].rows[0].cells[0].paragraphs
    issuer = next(i for i, p in enumerate(left) if p.runs and p.runs[0].bold)
    subject = next(i for i, p in enumerate(d.paragraphs) if p.text.startswith("Kết quả thực hiện"))
    for line, box, pad in ((left[issuer + 1], HEADER_MM[0], 1.9), (d.paragraphs[subject + 1], BODY_MM, 0.0)):
        assert line.text == "" and "_" not in "".join(p.text for p in d.paragraphs)
        bottom = line._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        assert bottom.get(qn("w:val")) == "single"
        fmt = line.paragraph_format
        drawn = box - 2 * pad - fmt.left_indent.mm - fmt.right_indent.mm
        assert abs(fmt.left_indent.mm - fmt.right_indent.mm) < 0.1 and 10 <= drawn < box / 2
    assert rule_mm("UBND TỈNH TÂY NINH", 13, 64) == round(18 * 13 * 0.6 * 0.3528 * 0.4, 1)  # 1/3–1/2 of ≈ 50 mm
    assert rule_mm("x" * 200, 14, BODY_MM) == round(BODY_MM * 0.4, 1)  # a subject on two lines: of the full width
