"""Normalisation of extracted plan text: glyphs, Markdown, footnotes, wraps."""

from __future__ import annotations

from pathlib import Path

from bot.domain.plan.ingest.normalise import fix_glyphs, normalise, strip_markdown

SEEDS = Path(__file__).resolve().parents[2] / "data" / "seeds"
TU_XUYEN = (SEEDS / "ke-hoach-xa-tu-xuyen-2024.txt").read_text(encoding="utf-8")
TAY_NINH = (SEEDS / "ke-hoach-tinh-tay-ninh-2025-696.txt").read_text(encoding="utf-8")


def test_pdf_glyphs_and_decomposed_forms_become_nfc_vietnamese() -> None:
    decomposed = "Ngu\u031bo\u031b\u0300i"  # "Người" written with combining marks
    assert fix_glyphs("Trƣờng ĐẠI HỌC Ƣu tiên") == "Trường ĐẠI HỌC Ưu tiên"
    assert fix_glyphs(decomposed) == "Người"


def test_markdown_headings_and_emphasis_are_stripped_bullets_kept() -> None:
    assert strip_markdown("## **2. Tập trung cải cách hành chính**") == "2. Tập trung cải cách hành chính"
    assert strip_markdown("***Nơi nhận:***") == "Nơi nhận:"
    assert strip_markdown('- "*Dân biết, dân bàn*" và') == '- "Dân biết, dân bàn" và'


def test_footnote_markers_leave_the_sentence_and_bodies_are_kept_apart() -> None:
    result = normalise(TU_XUYEN)
    assert "<sup>" not in result.text
    assert "với trọng tâm, quan tâm công tác tuyên truyền" in result.text
    markers = [marker for marker, _ in result.footnotes]
    assert markers == ["1", "2"]
    assert result.footnotes[0][1].startswith("Kết luận số 114-KL/TW ngày 14/7/2015")
    assert "Kết luận số 114-KL/TW" not in result.text


def test_plain_digit_footnotes_of_a_pdf_copy_are_kept_apart() -> None:
    result = normalise(TAY_NINH)
    bodies = dict(result.footnotes)
    assert bodies["1"] == "Quyết định số 490/QĐ-UBND ngày 05/3/2021 của Ủy ban nhân dân tỉnh;"
    assert "giai đoạn 2021 - 2025;" in result.text  # the "¹" after it is gone
    assert "2025¹" not in result.text


def test_a_hard_wrapped_sentence_is_one_line_numbered_where_it_starts() -> None:
    result = normalise(TU_XUYEN)
    joined = [line for line in result.lines if "vị trí, vai trò, trách nhiệm của cơ quan hành chính" in line.text]
    assert len(joined) == 1
    source = TU_XUYEN.splitlines()[joined[0].number - 1]
    assert source.startswith("- Tiếp tục lãnh đạo, chỉ đạo, quán triệt")


def test_a_finished_sentence_is_not_joined_to_the_next_paragraph() -> None:
    result = normalise("1. Mục đích:\n\nnội dung thứ nhất.\n\n- Tiếp theo")
    assert [line.text for line in result.lines] == ["1. Mục đích:", "nội dung thứ nhất.", "- Tiếp theo"]


def test_page_numbers_and_separators_are_dropped() -> None:
    result = normalise("Đoạn một.\n\n7\n\n- 8 -\n---\nĐoạn hai.")
    assert [line.text for line in result.lines] == ["Đoạn một.", "Đoạn hai."]


def test_artefacts_import_identically_to_the_clean_text() -> None:
    clean = normalise(TU_XUYEN).text
    glyphed = TU_XUYEN.replace("ư", "ƣ").replace("Ư", "Ƣ")
    assert normalise(glyphed).text == clean
    emphasised = TU_XUYEN.replace("Công tác dân tộc, tôn giáo", "*Công tác dân tộc, tôn giáo*")
    assert normalise(emphasised).text == clean


def test_a_date_or_a_dash_wrapped_to_the_next_line_goes_on_with_the_sentence() -> None:
    result = normalise("- Nghị định số 59/2023/NĐ-CP ngày\n\n14/8/2023 của Chính phủ.\n1. Phát triển kinh tế\n- xã hội\n- Tổ chức")
    assert [line.text for line in result.lines] == [
        "- Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ.", "1. Phát triển kinh tế - xã hội", "- Tổ chức"]


def test_a_hard_wrapped_text_joins_lines_that_reached_the_margin() -> None:
    body = "\n".join(["Dòng chữ dài dài dài dài dài dài dài dài dài dài dài dài dài dài hết lề của"] * 5)
    text = f"{body}\nTrung ương.\n\n- Mục mới bắt đầu.\nII. NỘI DUNG"
    lines = [line.text for line in normalise(text).lines]
    assert len(lines) == 3 and lines[0].endswith("của Trung ương.") and lines[2] == "II. NỘI DUNG"


def test_a_line_at_the_margin_ends_its_paragraph_at_a_blank_line() -> None:
    """A hard wrap breaks a paragraph's lines, never across a blank line: a
    heading that happens to reach the margin ("6. Triển khai … "Dân vận
    khéo"" at 80 columns) stays apart from the capitalised paragraph after
    the blank line, while the same lines with no blank line between are one."""
    body = "\n".join(["Dòng chữ dài dài dài dài dài dài dài dài dài dài dài dài dài dài hết lề của"] * 5)
    heading = "6. Triển khai có hiệu quả phong trào thi đua dài dài dài dài \"Dân vận khéo\""
    assert len(heading) >= 0.8 * 78
    apart = [line.text for line in normalise(f"{body} đó.\n\n{heading}\n\nQuan tâm chỉ đạo.").lines]
    assert apart[-2:] == [heading, "Quan tâm chỉ đạo."]
    joined = [line.text for line in normalise(f"{body} đó.\n\n{heading}\nQuan tâm chỉ đạo.").lines]
    assert joined[-1] == f"{heading} Quan tâm chỉ đạo."
