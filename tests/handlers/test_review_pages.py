"""The review fits a phone (issue #10): every reply in the golden transcripts
that shows a review stays under Zalo's 2,000 characters, with the legend once."""

from __future__ import annotations

from pathlib import Path

from tests.handlers.test_golden_transcripts import GOLDEN
from tests.support.golden import parse

ZALO_LIMIT = 2000


def _review_replies(path: Path) -> list[str]:
    replies = []
    for step in parse(path.read_text(encoding="utf-8")).steps:
        text = "\n".join(line for line in step.expected if not line.startswith("["))
        if any(line.startswith("📝 ") and line.endswith(("câu:", "answered:")) for line in step.expected):
            replies.append(text)  # a review title, not the "📝 /xemlai" hint of a question
    return replies


def test_every_review_reply_fits_one_zalo_message_with_one_legend() -> None:
    seen = 0
    for path in sorted(GOLDEN.glob("*.txt")):
        for text in _review_replies(path):
            seen += 1
            assert len(text) < ZALO_LIMIT, f"{path.name}: a review reply of {len(text)} characters"
            assert text.count("✅ đã trả lời ·") + text.count("✅ answered ·") == 1, path.name
    assert seen >= 10  # the goldens do show reviews


def test_the_long_round_is_paged() -> None:
    replies = _review_replies(GOLDEN / "report-review-compact.txt")
    assert any("Trang 1/2" in r for r in replies) and any("Trang 2/2" in r for r in replies)


def test_a_short_label_wins_over_the_cut_text() -> None:
    from bot.domain.plan.model import Question, QuestionType
    from handlers.views import render

    text = "Số lượt cán bộ, công chức, viên chức tham dự các hội nghị quán triệt"
    q = Question(id="x", type=QuestionType.INTEGER, text=text, short="Lượt tham dự", short_en="Attendance")
    assert render.short_label(q, "vi", 40) == "Lượt tham dự"
    assert render.short_label(q, "en", 40) == "Attendance"
    plain = Question(id="y", type=QuestionType.INTEGER, text=text)
    assert render.short_label(plain, "vi", 20) == text[:19] + "…" and len(render.short_label(plain, "vi", 20)) == 20
