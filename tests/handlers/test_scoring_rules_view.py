"""The officer sees how a criterion is scored (its ``rule``) and picks the
option whose points it scores (issue #13; the rubric: tests/domain/test_scoring_rules.py)."""

from __future__ import annotations

from types import SimpleNamespace

from bot.domain.checklist.events import Ask
from bot.domain.plan.model import Plan
from handlers.views.report import ask_text
from locales import t
from tests.domain.test_scoring_rules import RULE, rubric


def test_the_officer_is_shown_the_rule_with_the_criterion() -> None:
    plan = Plan.model_validate({
        "schema_version": 1, "code": "thu", "title": "Thử", "year": 2025, "level": "tinh",
        "document": {"issuer": "UBND tỉnh", "blank_reason": "để trống trong văn bản"},
        "rounds": [{"id": "cham-diem", "title": "Chấm điểm", "kind": "scoring", "deadline": "2025-11-15",
                    "rubric": "thu"}],
        "rubrics": [rubric().model_dump(mode="json", exclude_none=True)],
    })
    ctx = SimpleNamespace(lang="vi", t=lambda key, **kw: t(key, "vi", **kw))
    q = plan.questions("cham-diem")[0]
    text, options, _footer = ask_text(ctx, plan, "cham-diem", q, Ask(q.id, 1, 3))  # type: ignore[arg-type]
    assert f"ℹ️ {RULE}" in text
    assert [o.label for o in options][:2] == ["1. Đủ 100%", "2. Dưới 100%"]
