"""Hostile single inputs (tests/support/hostile.py) at every question type.

The pure engine and each kind's ``parse``: 2,000 inputs at every distinct
question shape of the bundled plans, no exception but the documented
AnswerError/AnswerUnclear, every effect rendered non-empty, NFC, sendable and
under Zalo's 2,000 characters in Vietnamese and English (``make bench`` runs
100,000). Then the real router on the console channel, for a smaller sample:
every input gets a reply, nothing raises, and a refused input leaves the
stored answers as they were."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings

from bot.core.text import nfc
from bot.domain.checklist import engine as E
from bot.services import filling
from bot.services.runtime import Runtime
from storage import units as unit_store
from tests.conftest import Chat, register
from tests.support.fuzz import problems, targets
from tests.support.hostile import HOSTILE, LONG, SURROGATE, hostile_inputs

TARGETS = targets()
SAMPLE = hostile_inputs(2000, seed=11)


def test_every_question_type_is_a_target() -> None:
    assert {str(t.question.type) for t in TARGETS} == {
        "choice", "integer", "percent", "decimal", "text", "date", "evidence", "calculated"}


def test_two_thousand_hostile_inputs_at_every_question_shape() -> None:
    assert len(SAMPLE) == 2000 and set(LONG) <= set(SAMPLE) and set(SURROGATE) <= set(SAMPLE)
    found = [p for target in TARGETS for text in SAMPLE for p in problems(target, text)]
    assert found == [], "\n".join(found[:20])


@settings(max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE)
def test_hypothesis_hostile_inputs(text: str) -> None:
    for target in TARGETS:
        assert problems(target, text) == []


def test_a_lone_surrogate_is_stored_as_a_replacement_character() -> None:
    """``\\udcff`` (a bad decode) cannot be sent or stored as UTF-8: it becomes U+FFFD."""
    text_q = next(t for t in TARGETS if str(t.question.type) == "text")
    state = E.WalkState(round_id=text_q.round_id, cursor=text_q.question.id)
    _, effects = E.step(text_q.questions, state, E.Answer("abc\udcff"))
    assert E.Store(text_q.question.id, "abc\ufffd") in effects
    assert nfc("\udc80x\udcff") == "\ufffdx\ufffd"


# Each lone surrogate and long string, then 100 of the sample (drawn with a fixed seed).
ROUTER_SAMPLE = [*SURROGATE, *LONG, *random.Random(12).sample(SAMPLE, 100)]


async def _answers(rt: Runtime) -> dict[str, object]:
    async with rt.begin() as conn:
        unit = await unit_store.find_unit(conn, "SNV")
        assert unit is not None
        return dict((await filling.load_walk(conn, unit.id, "tay-ninh-2025", "6-thang")).answers)


async def test_hostile_inputs_through_the_router(rt: Runtime, chat: Chat, codes: dict[str, str]) -> None:
    await register(chat, codes["SNV"])
    await chat.say("/baocao")
    assert "Câu 1/" in await chat.say("2")  # the 6-month report
    walk = next(t for t in TARGETS if t.round_id == "6-thang" and t.plan.code == "tay-ninh-2025")
    async with rt.begin() as conn:
        snv = await unit_store.find_unit(conn, "SNV")
    questions = walk.plan.questions("6-thang", unit=snv)  # the sections asked of SNV
    # One question of each type the round has, asked without a condition.
    numbers = {str(q.type): E.number_of(questions, q.id) for q in reversed(questions) if q.when is None}
    assert set(numbers) == {"choice", "integer", "percent", "text", "evidence", "calculated"}
    for i, text in enumerate(ROUTER_SAMPLE):
        kind = sorted(numbers)[i % len(numbers)]
        assert f"Câu {numbers[kind]}/" in await chat.say(f"/sua {numbers[kind]}")
        before = await _answers(rt)
        reply = await chat.say(text)
        assert reply.strip(), f"no reply to {text[:40]!r} at a {kind} question"
        assert "Traceback" not in reply and "Xin lỗi, đã có lỗi" not in reply, f"{text[:40]!r} raised"
        reply.encode("utf-8")  # sendable: no lone surrogate echoed
        after = await _answers(rt)
        if "✅ Đã lưu" not in reply:
            assert after == before, f"{text[:40]!r} at a {kind} question was refused but changed the answers"
