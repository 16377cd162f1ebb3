"""The aggregated Word report of a scope over a generated tree of 100+ units:
its totals, pooled figures, lists of late and missing units, the scores
table and the appendix per unit, against an independent computation from the
generator's own record."""

from __future__ import annotations

import datetime as dt
import io

import docx

from bot.core.clock import FakeClock
from bot.core.text import format_number
from bot.domain.plan.model import QuestionType
from bot.services.runtime import Runtime
from bot.shell.cli.report import docx_report
from tests.support.expected import reporting
from tests.support.tree import build_tree

DONE = ("submitted", "accepted")


async def test_scope_report_totals_match_an_independent_sum(rt: Runtime, clock: FakeClock) -> None:
    tree = await build_tree(rt, n_so=105, n_xa=12)
    clock.set(dt.datetime(2025, 5, 28, 3, 0, tzinfo=dt.UTC))
    content = await docx_report(rt, "6-thang", None, None, "TN")
    d = docx.Document(io.BytesIO(content))
    lines = [p.text for p in d.paragraphs]
    units = reporting(tree, ["TN"])
    assert len(units) >= 100
    done = [c for c in units if tree.status.get(("6-thang", c)) in DONE]

    header = d.tables[0]
    assert header.rows[0].cells[0].paragraphs[0].text == "UBND TỈNH TÂY NINH"
    assert f"trên cơ sở báo cáo của {len(done)}/{len(units)} cơ quan, đơn vị" in " ".join(lines)

    for q in tree.plan.questions("6-thang"):
        if q.type != QuestionType.INTEGER:
            continue
        given = [tree.answers[("6-thang", c)][q.id] for c in done if q.id in tree.answers[("6-thang", c)]]
        want = (f"{q.text}: tổng cộng {format_number(sum(given))} (số liệu của {len(given)} đơn vị)." if given
                else f"{q.text}: …")  # no unit gave it (one agency's figure, that agency not in)
        assert any(line.startswith(want) for line in lines), want

    missing = [c for c in units if tree.status.get(("6-thang", c)) not in DONE]
    assert f"Chưa gửi báo cáo ({len(missing)} đơn vị): " in " ".join(lines)
    rnd = tree.plan.round("6-thang")
    last_day = getattr(rnd, "due", rnd.deadline)  # "trước ngày X": the day before X, where the plan says so
    late = [c for c in done if tree.submitted_at[("6-thang", c)].date() > last_day]
    assert f"Gửi trễ hạn ({len(late)} đơn vị): " in " ".join(lines)
    assert f"trong đó {len(done) - len(late)} đơn vị gửi đúng hạn, {len(late)} đơn vị gửi trễ hạn" in " ".join(lines)

    appendix = [line for line in lines if line.startswith("Phụ lục ")]
    assert len(appendix) == len(units)
    assert sum(1 for line in lines if line == "Đơn vị chưa gửi báo cáo.") == len(missing)
    scores = next(t for t in d.tables if t.rows[0].cells[0].text == "STT" and t.rows[0].cells[2].text == "Tự chấm")
    assert len(scores.rows) == 1 + len(units)
    for heading in ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
                    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert heading in lines
