"""/summary and export over 5,000 units × 60 questions.

A synthetic plan (one round of 60 questions: choices, integers, percents,
decimals, text, dates, evidence) and a tree of 1 province, 50 sở and 4,949
xã, with about 80 % of units answering, built with bulk inserts on a fresh
database. Times the summary (load + compute + chat text),
the chart, and the Excel workbook and CSV. This module runs it on SQLite,
``bench_admin_pg`` on PostgreSQL (each in its own process: its peak RSS
is its own)."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from typing import Any

from benchmarks.databases import database
from bot.core.clock import FakeClock
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan_data
from bot.domain.plan.model import Plan, QuestionType
from bot.domain.reports import RoundData
from bot.domain.summary import summarize
from bot.domain.totals import compute_totals
from bot.services.admin_data import find_round, load_round, top_roots
from bot.services.export import round_csv, workbook_bytes
from bot.services.runtime import Runtime
from bot.shell.channels import install as install_channels
from bot.shell.cli.jsonout import write_json
from bot.shell.heap import startup_frozen
from handlers.views.admin import summary_texts
from handlers.views.charts import summary_chart
from storage import plans as plan_store
from storage.schema import answers, officers, submissions, units

N_UNITS = 5000
N_QUESTIONS = 60
NOW = dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC)
Row = tuple[str, float, str, str]


def bench_plan() -> Plan:
    kinds = ["choice", "integer", "percent", "decimal", "text", "date", "evidence", "choice", "integer", "percent"]
    questions: list[dict[str, Any]] = []
    for i in range(N_QUESTIONS):
        kind = kinds[i % len(kinds)]
        q: dict[str, Any] = {"id": f"q{i:02d}", "type": kind, "text": f"Câu hỏi số {i + 1} của kỳ báo cáo"}
        if kind == "choice":
            q["options"] = [{"id": "da", "text": "Đã thực hiện"}, {"id": "dang", "text": "Đang thực hiện"},
                            {"id": "chua", "text": "Chưa thực hiện"}]
            q["target"] = {"equals": "da"}
        if kind == "percent":
            q["target"] = {"min": 100}
        if kind == "decimal":
            q["max"] = 10
        questions.append(q)
    return load_plan_data({
        "schema_version": 1, "code": "bench-2025", "title": "Kế hoạch thử tải", "year": 2025, "level": "tinh",
        "document": {"number": "1/KH", "date": "2025-01-02", "issuer": "UBND tỉnh"},
        "rounds": [{"id": "6-thang", "title": "Báo cáo 6 tháng", "deadline": "2025-05-20",
                    "sections": [{"id": "s", "title": "Nội dung", "questions": questions}]}],
    }, "bench")


def value(rng: random.Random, kind: QuestionType) -> Any:
    match kind:
        case QuestionType.CHOICE:
            return rng.choice(["da", "dang", "chua"])
        case QuestionType.INTEGER:
            return rng.randint(0, 500)
        case QuestionType.PERCENT:
            return rng.choice([100, 95.5, 80, 60])
        case QuestionType.DECIMAL:
            return rng.randint(0, 20) / 2
        case QuestionType.TEXT:
            return "Đã triển khai đầy đủ các nội dung theo kế hoạch; khó khăn: thiếu kinh phí."
        case QuestionType.DATE:
            return f"2025-0{rng.randint(1, 5)}-1{rng.randint(0, 9)}"
    return {"kind": "document", "name": "bien-ban.pdf", "file_id": "abc"}


async def build(rt: Runtime) -> None:
    rng = random.Random(7)
    plan = bench_plan()
    async with rt.begin() as conn:
        stored, _ = await plan_store.store_plan(conn, plan, now=NOW)
        n_so = 50
        rows = [{"id": 1, "code": "TINH", "name": "UBND tỉnh", "parent_id": None, "level": "tinh", "created_at": NOW}]
        rows += [{"id": 2 + i, "code": f"S{i:03d}", "name": f"Sở {i}", "parent_id": 1, "level": "so",
                  "created_at": NOW} for i in range(n_so)]
        rows += [{"id": 2 + n_so + i, "code": f"X{i:04d}", "name": f"UBND xã {i}", "parent_id": 2 + i % n_so,
                  "level": "xa", "created_at": NOW} for i in range(N_UNITS - 1 - n_so)]
        await conn.execute(units.insert(), rows)
        await conn.execute(officers.insert(), [
            {"unit_id": r["id"], "full_name": f"Cán bộ {r['code']}", "position": "Chuyên viên",
             "phone": "0912345678", "locale": "vi", "created_at": NOW} for r in rows[1:]])
        subs: list[dict[str, Any]] = []
        ans: list[dict[str, Any]] = []
        questions = plan.questions("6-thang")
        flushed = 0

        async def flush() -> None:  # in chunks, so the build never holds every answer at once
            nonlocal flushed
            if subs[flushed:]:
                await conn.execute(submissions.insert(), subs[flushed:])
                flushed = len(subs)
            if ans:
                await conn.execute(answers.insert(), ans)
                ans.clear()

        for r in rows[1:]:
            if rng.random() < 0.2:
                continue
            status = rng.choice(["draft", "submitted", "submitted", "accepted"])
            sid = len(subs) + 1
            subs.append({"id": sid, "unit_id": r["id"], "plan_code": stored.code, "plan_id": stored.id,
                         "round_id": "6-thang", "status": status, "created_at": NOW, "updated_at": NOW,
                         "submitted_at": None if status == "draft" else NOW - dt.timedelta(days=rng.randint(0, 9))})
            ans += [{"submission_id": sid, "question_id": q.id, "value": value(rng, q.type), "plan_id": stored.id,
                     "answered_at": NOW} for q in questions]
            if len(ans) >= 5_000:
                await flush()
        await flush()


def timed(fn: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    return fn(), time.perf_counter() - started


async def _load(rt: Runtime) -> RoundData:
    async with rt.begin() as conn:
        stored, rid = await find_round(conn, "6-thang")
        return await load_round(rt, conn, stored, rid, await top_roots(conn))


async def _summary(rt: Runtime, db: str) -> list[Row]:
    """/summary as the chat answers it, --json and the chart: what it holds is
    let go when it returns (the export is another request, or command)."""
    started, cpu = time.perf_counter(), time.process_time()
    data = await _load(rt)
    loaded = time.perf_counter() - started
    summary, computed = timed(lambda: summarize(data))
    texts, rendered = timed(lambda: summary_texts(summary, "vi"))
    summary_cpu = time.process_time() - cpu
    written: list[int] = []  # what dvbot summary --json prints, to no terminal
    _none, as_json = timed(lambda: write_json(summary.to_json(), lambda text: written.append(len(text))))
    _totals, totalled = timed(lambda: compute_totals(data))
    labels = {k: k for k in ("accepted", "submitted", "draft", "returned", "not_started",
                             "title", "bands_title", "others")}
    png, charted = timed(lambda: summary_chart(summary, labels))
    assert len(data.units) == N_UNITS - 1 and all(len(t) <= 2000 for t in texts) and png and sum(written)
    return [
        (f"admin ({db}): /summary load (SQL, 5,000 units)", loaded, "s", "< 0.3 s"),
        (f"admin ({db}): /summary compute (with totals)", computed, "s", "< 0.3 s"),
        (f"admin ({db}): /summary text", rendered, "s", "< 0.1 s"),
        (f"admin ({db}): /summary total (load+compute+text)", loaded + computed + rendered, "s", "< 0.5 s"),
        (f"admin ({db}): /summary total, CPU time", summary_cpu, "s", "< 0.5 s"),
        (f"admin ({db}): summary --json (to_json + its indented text, written as encoded)", as_json, "s", "< 0.5 s"),
        (f"admin ({db}): totals alone", totalled, "s", "< 0.3 s"),
        (f"admin ({db}): /summary chart (PNG)", charted, "s", "< 2 s"),
    ]


async def _export(rt: Runtime, db: str) -> list[Row]:
    """The export loads the round again, as dvbot export does."""
    started = time.perf_counter()
    fresh = await _load(rt)
    reloaded = time.perf_counter() - started
    xlsx, exported = timed(lambda: workbook_bytes([fresh]))
    csv_bytes, csv_time = timed(lambda: round_csv(fresh))
    assert len(fresh.units) == N_UNITS - 1 and csv_bytes
    return [
        (f"admin ({db}): export .xlsx, load + workbook (5,000 × 60)", reloaded + exported, "s", "< 5 s"),
        (f"admin ({db}): export .xlsx size", len(xlsx) / 1e6, "MB", "< 20 MB (Telegram/Zalo file limits)"),
        (f"admin ({db}): export CSV (one round)", csv_time, "s", "< 5 s"),
    ]


async def measure(kind: str = "sqlite") -> list[Row]:
    db = "SQLite" if kind == "sqlite" else "PostgreSQL"
    async with database(kind) as url:
        settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
        install_channels(settings)
        rt = await Runtime.open(settings, FakeClock(NOW))
        try:
            started = time.perf_counter()
            await build(rt)
            built = time.perf_counter() - started
            with startup_frozen():  # as every dvbot command and dvbot run leave what they start with
                rows = await _summary(rt, db)
                rows += await _export(rt, db)
        finally:
            await rt.close()
    return [(f"admin ({db}): build 5,000 units × 60 answers (bulk)", built, "s", "setup"), *rows]


def run() -> list[Row]:
    return asyncio.run(measure("sqlite"))
