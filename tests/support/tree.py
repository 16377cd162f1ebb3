"""A generated unit tree (1 province, 20 sở, 100 xã) with random but
reproducible answers, written straight through the storage repos. Three sở
have a unit type (the Inspectorate, Home Affairs, Justice), so the plan's
sections for one agency (``applies_to``) are answered by that agency only."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Plan, Question, QuestionType, Reporters, condition_holds
from bot.domain.questions import kind_of
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import answers as answers_table
from storage.schema import officers
from tests.conftest import PLANS

ROUNDS = ("6-thang", "tu-cham-diem")
TYPES = {"S01": "thanh-tra", "S02": "so-noi-vu", "S03": "so-tu-phap"}  # the others have none
UTC = dt.UTC


@dataclass
class Tree:
    plan: Plan
    plan_id: int
    ids: dict[str, int] = field(default_factory=dict)  # code → id
    parent: dict[str, str | None] = field(default_factory=dict)
    level: dict[str, str] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)
    type: dict[str, str | None] = field(default_factory=dict)
    status: dict[tuple[str, str], str] = field(default_factory=dict)  # (round, code) → status
    submitted_at: dict[tuple[str, str], dt.datetime] = field(default_factory=dict)
    answers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    appraised: dict[str, dict[str, float]] = field(default_factory=dict)  # code → key → points
    phone: dict[str, str] = field(default_factory=dict)

    def asked(self, round_id: str, code: str, qid: str) -> bool:
        """Whether the unit is asked the question: its section names no unit, or
        names the unit's level or type (worked out here, not by the app's rule)."""
        for s in self.plan.round(round_id).sections:
            if any(q.id == qid for q in s.questions) and s.applies_to is not None:
                return self.level[code] in s.applies_to.levels or self.type[code] in s.applies_to.types
        return True

    def children(self, code: str) -> list[str]:
        return sorted(c for c, p in self.parent.items() if p == code)

    def subtree(self, code: str) -> set[str]:
        out, frontier = {code}, [code]
        while frontier:
            frontier = [c for p in frontier for c in self.children(p)]
            out.update(frontier)
        return out


def every_unit_below(plan: Plan) -> Plan:
    """The plan with every round reported on by every unit below the province
    (``reporters: below``): the generated tree hangs its xã under the sở, which
    the bundled plan's ``children`` would leave out; these tests are about the
    figures, the reporting rule has its own (tests/domain/test_units.py)."""
    rounds = [r.model_copy(update={"reporters": Reporters()}) for r in plan.rounds]
    return plan.model_copy(update={"rounds": rounds})


def applies(q: Question, answers: dict[str, Any]) -> bool:
    return all(condition_holds(cond, answers.get(ref)) for ref, cond in (q.when or {}).items())


def random_value(rng: random.Random, q: Question) -> Any:
    match q.type:
        case QuestionType.CHOICE:
            return rng.choice(q.options).id
        case QuestionType.INTEGER:
            return rng.randint(0, 40)
        case QuestionType.PERCENT:
            return rng.choice([100, 100, 100, 99.5, 95, 80, 62.5, 0])
        case QuestionType.DECIMAL:
            low, high = q.lower_bound or 0.0, q.upper_bound or 10.0
            steps = int((high - low) * 2)
            return low + rng.randint(0, steps) / 2
        case QuestionType.TEXT:
            return rng.choice(["Đã tổ chức tốt", "=SUM(A1:A3)", "- gạch đầu dòng", "Khó khăn: thiếu kinh phí; đề xuất bổ sung"])
        case QuestionType.DATE:
            return dt.date(2025, rng.randint(1, 5), rng.randint(1, 28)).isoformat()
        case "calculated":  # worked out by the bot; a value it could have stored
            return rng.choice([0, 33.33, 75, 100])
        case QuestionType.EVIDENCE:
            return rng.choice([
                {"kind": "document", "name": "bien-ban.pdf", "file_id": "f1", "url": None},
                {"kind": "photo", "name": None, "url": "https://example.org/anh.jpg", "file_id": None},
                {"kind": "text", "text": "Số 12/BC-UBND"},
            ])
    raise AssertionError(q.type)


async def build_tree(rt: Runtime, seed: int = 20250502, n_so: int = 20, n_xa: int = 100) -> Tree:
    rng = random.Random(seed)
    now = rt.clock.now()
    async with rt.begin() as conn:
        stored, _ = await plan_store.store_plan(conn, every_unit_below(load_plan(PLANS / "tay-ninh-2025.yaml")), now=now)
        tree = Tree(stored.plan, stored.id)
        specs = [("TN", "UBND tỉnh Tây Ninh", None, "tinh")]
        specs += [(f"S{i:02d}", f"Sở số {i:02d}", "TN", "so") for i in range(1, n_so + 1)]
        specs += [(f"X{i:03d}", f"UBND xã số {i:03d}", f"S{(i % n_so) + 1:02d}", "xa") for i in range(1, n_xa + 1)]
        for code, name, parent, level in specs:
            unit = await unit_store.add_unit(conn, code, name, now=now, parent_code=parent, level=level,
                                             type=TYPES.get(code))
            tree.ids[code], tree.parent[code], tree.level[code], tree.name[code] = unit.id, parent, level, name
            tree.type[code] = TYPES.get(code)
        for code, *_ in specs[1:]:
            if rng.random() < 0.8:
                phone = f"09{rng.randint(10_000_000, 99_999_999)}"
                tree.phone[code] = phone
                await conn.execute(officers.insert().values(
                    unit_id=tree.ids[code], full_name=f"Cán bộ {code}", position="Chuyên viên", phone=phone,
                    locale="vi", created_at=now))
            for round_id in ROUNDS:
                await _fill(conn, rng, tree, stored.id, code, round_id, now)
    return tree


async def _fill(conn: Any, rng: random.Random, tree: Tree, plan_id: int, code: str, round_id: str,
                now: dt.datetime) -> None:
    status = rng.choices(["not_started", "draft", "submitted", "accepted", "returned"], [2, 2, 4, 3, 1])[0]
    tree.status[(round_id, code)] = status
    if status == "not_started":
        return
    sub = await sub_store.open_submission(conn, tree.ids[code], "tay-ninh-2025", plan_id, round_id, now)
    answers: dict[str, Any] = {}
    fill = 0.6 if status == "draft" else 1.0
    for q in tree.plan.questions(round_id, reported=True):  # with the points the bot stores itself
        if not kind_of(q.type).asked:  # worked out from the answers before it, as the walk stores it
            if (value := kind_of(q.type).compute(q, answers)) is not None:
                answers[q.id] = value
            continue
        if not tree.asked(round_id, code, q.id) or not applies(q, answers) or rng.random() > fill or (
                not q.required and rng.random() < 0.3):
            continue
        answers[q.id] = random_value(rng, q)
    if answers:  # one bulk insert per submission (save_answer per answer is ~10x slower)
        await conn.execute(answers_table.insert(), [
            {"submission_id": sub.id, "question_id": k, "value": v, "plan_id": plan_id, "answered_at": now}
            for k, v in answers.items()])
    tree.answers[(round_id, code)] = answers
    if status in ("submitted", "accepted", "returned"):
        deadline = tree.plan.round(round_id).due  # the last day ("trước ngày 20/5": 19/5)
        # 09:00 local on a day from 5 days before to 3 days after the deadline
        day = deadline + dt.timedelta(days=rng.randint(-5, 3))
        at = dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC)
        await sub_store.set_status(conn, sub.id, "submitted", now=at)
        tree.submitted_at[(round_id, code)] = at
        if status != "submitted":
            await sub_store.set_status(conn, sub.id, status, now=at, reviewer="test", comment="ok")
    rubric_round = tree.plan.round(round_id).rubric
    if rubric_round and status in ("submitted", "accepted") and rng.random() < 0.5:
        rubric = tree.plan.rubric(rubric_round)
        for g in rubric.groups:
            for c in g.criteria:
                if c.upper_level_only or rng.random() < 0.3:
                    low, high = (-c.max_points, 0.0) if c.kind == "penalty" else (0.0, c.max_points)
                    points = low + rng.randint(0, int((high - low) * 2)) / 2
                    await report_store.set_appraisal(conn, sub.id, f"{g.id}.{c.id}", points, by="test", now=now)
                    tree.appraised.setdefault(code, {})[f"{g.id}.{c.id}"] = points
