"""One step of the appraisal walk as the admin types it: points, the keep
word or the skip word, each optionally followed by a note (issue #10)."""

from __future__ import annotations

import pytest

from bot.domain.plan.model import Criterion
from handlers.flows.admin_appraise import parse_entry
from handlers.views.scoring import criterion_label


@pytest.mark.parametrize(("text", "entry"), [
    ("4,5", ("points", 4.5, None)),
    ("4.5", ("points", 4.5, None)),
    ("  3   Thiếu   biên bản ", ("points", 3.0, "Thiếu biên bản")),
    ("-2 Nộp trễ", ("points", -2.0, "Nộp trễ")),
    ("=", ("keep", None, None)),
    ("= Đủ hồ sơ", ("keep", None, "Đủ hồ sơ")),
    ("giữ nguyên", ("keep", None, None)),
    ("Giữ nguyên đủ hồ sơ", ("keep", None, "đủ hồ sơ")),
    ("keep fine", ("keep", None, "fine")),
    ("bỏ qua", ("skip", None, None)),
    ("bo qua", ("skip", None, None)),
    ("-", ("skip", None, None)),
    ("skip", ("skip", None, None)),
    ("bỏ qua đi", ("bad", None, None)),  # a skip never carries a note: nothing is stored, say so
    ("bốn điểm", ("bad", None, None)),
    ("", ("bad", None, None)),
])
def test_parse_entry(text: str, entry: tuple[str, float | None, str | None]) -> None:
    assert parse_entry(text) == entry


def test_a_long_note_is_clipped() -> None:
    kind, points, note = parse_entry("4 " + "x" * 900)
    assert (kind, points) == ("points", 4.0) and note is not None and len(note) == 500


def test_criterion_label_is_its_text_in_the_language_never_its_id() -> None:
    c = Criterion(id="ke-hoach", text="Ban hành   kế hoạch đúng hạn", text_en="Plan on time", max_points=5)
    assert criterion_label(c, "vi") == "Ban hành kế hoạch đúng hạn"
    assert criterion_label(c, "en") == "Plan on time"
    long = Criterion(id="x", text="Tiêu chí " * 20, max_points=1)
    assert len(criterion_label(long, "vi")) == 80 and criterion_label(long, "vi").endswith("…")
