"""``save_answer`` writes the same rows on both databases: SQLite runs three
statements (the answer, its revision, the submission's ``updated_at``),
PostgreSQL one (two data-modifying CTEs under the UPDATE). A first answer,
an edit, the same value again (nothing written), a JSON answer and an empty
old value read back identically."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from bot.services.runtime import Runtime
from storage import submissions as sub_store
from storage import units as unit_store
from storage.schema import answer_revisions, submissions
from tests.conftest import postgres_reachable, seed

T0 = dt.datetime(2025, 5, 2, 3, tzinfo=dt.UTC)


async def _journey(rt: Runtime) -> tuple[dict[str, Any], list[tuple[Any, ...]], dt.datetime, int]:
    await seed(rt)
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        plan_id = (await conn.execute(sa.text("SELECT id FROM plans"))).scalar_one()
        sub = await sub_store.open_submission(conn, unit.id, "tay-ninh-2025", plan_id, "6-thang", T0)
        await sub_store.save_answer(conn, sub, "a", "da", officer_id=None, now=T0)
        await sub_store.save_answer(conn, sub, "b", {"kind": "document", "name": "bb.pdf"}, officer_id=None,
                                    now=T0 + dt.timedelta(minutes=1))
        await sub_store.save_answer(conn, sub, "a", "chua", officer_id=None, now=T0 + dt.timedelta(minutes=2))
        statements: list[str] = []
        sa.event.listen(conn.sync_connection, "before_cursor_execute",
                        lambda *args: statements.append(args[2]))
        await sub_store.save_answer(conn, sub, "a", "chua", officer_id=None, now=T0 + dt.timedelta(minutes=3),
                                    old={"a": "chua"})  # unchanged: nothing written
        assert statements == []
        answers = await sub_store.load_answers(conn, sub.id)
        revs = (await conn.execute(
            sa.select(answer_revisions.c.question_id, answer_revisions.c.old_value, answer_revisions.c.new_value,
                      answer_revisions.c.old_value.is_(None), answer_revisions.c.changed_at)
            .order_by(answer_revisions.c.id))).all()
        touched = (await conn.execute(sa.select(submissions.c.updated_at).where(submissions.c.id == sub.id))).scalar_one()
        nulls = (await conn.execute(sa.text("SELECT count(*) FROM answer_revisions WHERE old_value IS NULL"))).scalar_one()
    return answers, [tuple(r) for r in revs], touched, nulls


EXPECTED_ANSWERS = {"a": "chua", "b": {"kind": "document", "name": "bb.pdf"}}


def _check(result: tuple[dict[str, Any], list[tuple[Any, ...]], dt.datetime, int]) -> list[tuple[Any, ...]]:
    answers, revs, updated_at, _nulls = result
    assert answers == EXPECTED_ANSWERS
    assert [(q, old, new) for q, old, new, _, _ in revs] == [
        ("a", None, "da"), ("b", None, {"kind": "document", "name": "bb.pdf"}), ("a", "da", "chua")]
    assert updated_at.replace(tzinfo=dt.UTC) == T0 + dt.timedelta(minutes=2)
    return revs


async def test_save_answer_on_sqlite(rt: Runtime) -> None:
    _check(await _journey(rt))


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432")
async def test_save_answer_on_postgres_is_the_same_rows_in_one_statement(pg_rt: Runtime, rt: Runtime) -> None:
    on_pg, on_sqlite = await _journey(pg_rt), await _journey(rt)
    _check(on_pg)
    # the empty old value is stored as SQLite stores it (JSON null or SQL NULL alike on both)
    assert [r[3] for r in on_pg[1]] == [r[3] for r in on_sqlite[1]]
    assert on_pg[3] == on_sqlite[3]
