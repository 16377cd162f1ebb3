"""Numbers are exact (issue #11): a typed answer is parsed without ``float``
and stored as a JSON number that reads back as the very value typed, on
SQLite and on PostgreSQL (skipped when 127.0.0.1:5432 is not reachable)."""

from __future__ import annotations

import pytest

from bot.domain.checklist.validate import parse_answer
from bot.domain.plan.model import Question, QuestionType
from bot.services.runtime import Runtime
from storage import submissions as sub_store
from storage import units as unit_store
from tests.conftest import postgres_reachable, seed

T = QuestionType
COUNT = Question(id="so-nguoi", type=T.INTEGER, text="Số lượt người")
AMOUNT = Question(id="kinh-phi", type=T.DECIMAL, text="Kinh phí (triệu đồng)")
SHARE = Question(id="ty-le", type=T.PERCENT, text="Tỷ lệ")

# (question, typed, the stored value's repr): the largest count kept exactly,
# the same with thousands dots, decimals a float round-trip would blur.
TYPED = [
    (COUNT, "999999999999999", "999999999999999"),
    (COUNT, "999.999.999.999.999", "999999999999999"),
    (COUNT, "9007199254740993"[:15], "900719925474099"),
    (AMOUNT, "1234567890123,45", "1234567890123.45"),
    (AMOUNT, "0,1", "0.1"),
    (AMOUNT, "-12,35", "-12.35"),
    (SHARE, "33,33%", "33.33"),
]


async def _round_trip(rt: Runtime, values: dict[str, object]) -> dict[str, object]:
    codes = await seed(rt)
    assert codes
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        sub = await sub_store.open_submission(conn, unit.id, "tay-ninh-2025", 1, "ke-hoach", rt.clock.now())
        for qid, value in values.items():
            await sub_store.save_answer(conn, sub, qid, value, officer_id=None, now=rt.clock.now())
    async with rt.begin() as conn:
        return await sub_store.load_answers(conn, sub.id)


def _typed_values() -> dict[str, object]:
    values = {}
    for i, (q, typed, shown) in enumerate(TYPED):
        value = parse_answer(q, typed)
        assert repr(value) == shown, typed  # parsed exactly, before any storage
        values[f"q{i}"] = value
    return values


def _assert_exact(stored: dict[str, object], values: dict[str, object]) -> None:
    for qid, value in values.items():
        assert type(stored[qid]) is type(value) and repr(stored[qid]) == repr(value), (qid, stored[qid], value)


async def test_typed_numbers_round_trip_exactly_on_sqlite(rt: Runtime) -> None:
    values = _typed_values()
    _assert_exact(await _round_trip(rt, values), values)


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432")
async def test_typed_numbers_round_trip_exactly_on_postgres(pg_rt: Runtime) -> None:
    values = _typed_values()
    _assert_exact(await _round_trip(pg_rt, values), values)
