"""The summary's fast path equals the plain one (issue #16).

A generated tree with random answers of every type (exact numbers, text,
dates, evidence, stale options, JSON nulls) and random statuses, on SQLite
and on PostgreSQL (skipped when unreachable):

* the round's answers gathered per submission by the database are the very
  values the old one-row-per-answer read gave (same types, same reprs), in
  question-id order;
* the summary, its totals and the CSV built from them equal those built
  from the old read, and each unit's answered / total / missing and each
  attainment equal what the old per-unit review list and per-answer rate
  look-up gave.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import sqlalchemy as sa

from bot.domain.checklist.walk import review_items, visible
from bot.domain.figures import rate_pair
from bot.domain.plan.loader import load_plan_text
from bot.domain.plan.model import Plan, Question
from bot.domain.questions.stats import meets, number_or_none
from bot.domain.reports import RoundData
from bot.domain.status import DONE
from bot.domain.summary import summarize
from bot.services.admin_data import find_round, load_round, top_roots
from bot.services.export import round_csv
from bot.services.runtime import Runtime
from storage import plans as plan_store
from storage import reports as report_store
from storage import submissions as sub_store
from storage.schema import answers, submissions, units
from tests.conftest import PLANS

NOW = dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC)
TEXTS = ["Đã triển khai đầy đủ.", "  có khoảng trắng  ", "", "Dòng một\nDòng hai", "=1+1", "Ủy ban; \"trích\""]


def random_value(rng: random.Random, q: Question) -> Any:
    kind = str(q.type)
    if rng.random() < 0.05:
        return None  # a JSON null
    if kind == "choice":
        ids = [o.id for o in q.options or []]
        return rng.choice([*ids, "khong-con"]) if ids else "x"
    if kind == "integer":
        return rng.choice([0, 1, 7, 120, 999999999999999])
    if kind == "percent":
        return rng.choice([100, 92.5, 33.33, 0, 0.1])
    if kind in ("decimal", "calculated"):
        # 16–17 significant digits too (a computed value): read back as the very same float
        return rng.choice([0.1, 5, -12.35, 1234567890123.45, 2.5, 66.66666666666667, 0.30000000000000004])
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "date":
        return f"2025-0{rng.randint(1, 5)}-1{rng.randint(0, 9)}"
    return rng.choice([{"kind": "link", "url": "https://example.org/a"},
                       {"kind": "document", "name": "bien-ban.pdf", "file_id": "f1"}, "ghi chú"])


def plan_with_a_rate_target() -> Plan:
    """The province plan, its petitions' resolution rate given a target (so
    attainment works rates out from their pairs)."""
    text = (PLANS / "tay-ninh-2025.yaml").read_text(encoding="utf-8")
    anchor = "          - id: so-lieu.ty-le-giai-quyet\n"
    assert anchor in text
    return load_plan_text(text.replace(anchor, anchor + "            target: {min: 80}\n"), "test")


async def build(rt: Runtime, seed: int) -> None:
    """1 province, 30 sở, 6 huyện, 12 xã, 3 retired; random submissions of two rounds."""
    rng = random.Random(seed)
    async with rt.begin() as conn:
        stored, _ = await plan_store.store_plan(conn, plan_with_a_rate_target(), now=NOW)
        tree = [{"id": 1, "code": "TN", "name": "UBND tỉnh", "parent_id": None, "level": "tinh"}]
        # the rounds' reporters are the province's children: 36 sở and huyện, with xã below the huyện
        tree += [{"id": 2 + i, "code": f"S{i:02d}", "name": f"Sở {i}", "parent_id": 1,
                  "level": "so" if i < 30 else "huyen"} for i in range(36)]
        tree += [{"id": 38 + i, "code": f"X{i:02d}", "name": f"UBND xã {i}", "parent_id": 32 + i % 6, "level": "xa"}
                 for i in range(12)]
        for r in tree:
            r["created_at"] = NOW
            r["retired_at"] = NOW if r["id"] in (7, 19, 33) else None
        await conn.execute(units.insert(), tree)
        sid = 0
        for round_id in ("6-thang", "tu-cham-diem"):
            questions = stored.plan.questions(round_id, reported=True)
            for r in tree:
                if rng.random() < 0.2:
                    continue  # not started
                sid += 1
                status = rng.choice(["draft", "submitted", "returned", "accepted", "submitted"])
                await conn.execute(submissions.insert().values(
                    id=sid, unit_id=r["id"], plan_code=stored.code, plan_id=stored.id, round_id=round_id,
                    status=status, created_at=NOW, updated_at=NOW,
                    submitted_at=None if status == "draft" else NOW - dt.timedelta(days=rng.randint(0, 12))))
                # a calculated rate left out half the time: the totals work it out from its pair
                chosen = [q for q in questions if rng.random() < (0.5 if str(q.type) == "calculated" else 0.8)]
                rng.shuffle(chosen)  # stored in no particular order
                if chosen:
                    await conn.execute(answers.insert(), [
                        {"submission_id": sid, "question_id": q.id, "value": random_value(rng, q),
                         "plan_id": stored.id, "answered_at": NOW} for q in chosen])
                if round_id == "tu-cham-diem" and rng.random() < 0.3:
                    await report_store.set_appraisal(conn, sid, "bao-cao.tham-dinh", rng.choice([0, 4.5, 9]),
                                                     by="test", now=NOW)


async def old_answers(conn: Any, plan_code: str, round_id: str) -> dict[int, dict[str, Any]]:
    """The read the summary used before: one decoded row per answer."""
    rows = await conn.execute(
        sa.select(submissions.c.unit_id, answers.c.question_id, answers.c.value)
        .join(answers, answers.c.submission_id == submissions.c.id)
        .where(submissions.c.plan_code == plan_code, submissions.c.round_id == round_id)
    )
    out: dict[int, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r.unit_id, {})[r.question_id] = r.value
    return out


def old_attainment(data: RoundData, q: Question) -> tuple[int, int, int]:
    """(applies, met, blank) as totals counted them per answer before."""
    assert q.target is not None
    applies = met = blank = 0
    for u in data.units:
        if data.status(u.id) not in DONE:
            continue
        a = data.answers.get(u.id, {})
        if q.id not in {x.id for x in visible(data.questions_for(u.id), a)}:
            continue
        value = a.get(q.id)
        pair = rate_pair(q)
        if value is None and pair is not None:
            x, y = number_or_none(a.get(pair[0])), number_or_none(a.get(pair[1]))
            value = None if x is None or y is None else (round(100.0 * x / y, 1) if y else None)
        applies += 1
        met += int(meets(q.target, value))
        blank += int(value is None)
    return applies, met, blank


async def check(rt: Runtime, seed: int) -> None:
    await build(rt, seed)
    for round_id in ("6-thang", "tu-cham-diem"):
        async with rt.begin() as conn:
            stored, rid = await find_round(conn, round_id)
            data = await load_round(rt, conn, stored, rid, await top_roots(conn))
            before = await old_answers(conn, stored.code, rid)
            fast = await sub_store.answers_for_round(conn, stored.code, rid)
        assert fast.keys() == before.keys() and before
        for unit_id, given in before.items():
            got = fast[unit_id]
            assert list(got) == sorted(given)  # question-id order
            for qid, value in given.items():
                assert type(got[qid]) is type(value) and repr(got[qid]) == repr(value), (unit_id, qid)
        ref = RoundData(**{**{f: getattr(data, f) for f in (
            "plan", "round_id", "roots", "tree", "units", "subs", "appraisals", "contacts", "versions", "today",
            "tz")}, "answers": {k: v for k, v in before.items() if k in {u.id for u in data.units}}})
        summary = summarize(data)
        assert summary.to_json() == summarize(ref).to_json()
        assert round_csv(data) == round_csv(ref)
        for u, row in zip(data.units, summary.units, strict=True):
            items = review_items(data.questions_for(u.id), before.get(u.id, {}))
            assert (row.answered, row.total, row.missing) == (
                sum(1 for it in items if it.value is not None), len(items),
                sum(1 for it in items if it.required and it.value is None))
        assert summary.totals is not None
        for att in summary.totals.attainment:
            q = next(q for q in data.plan.plan.questions(rid) if q.id == att.id)
            assert (att.applies, att.met, att.blank) == old_attainment(ref, q)


@pytest.mark.parametrize("seed", [1, 2])
async def test_fast_summary_equals_the_plain_one_sqlite(rt: Runtime, seed: int) -> None:
    await check(rt, seed)


@pytest.mark.postgres
async def test_fast_summary_equals_the_plain_one_postgres(pg_rt: Runtime) -> None:
    await check(pg_rt, 3)
