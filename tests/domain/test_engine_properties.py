"""Property tests: arbitrary text and navigation thrown at every question type
and at whole walks (hand-built and the bundled plans' real rounds). The engine
never raises, every Ask names a question that applies, and no stored answer is
lost: an answer stays until the same question is answered again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.checklist import engine as E
from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Option, Question, QuestionType

PLANS = Path(__file__).resolve().parents[2] / "plans"
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

T = QuestionType
STATUS = [Option(id="da", text="Đã thực hiện"), Option(id="dang", text="Đang thực hiện"),
          Option(id="chua", text="Chưa thực hiện")]
ONE_OF_EACH = [
    Question(id="choice", type=T.CHOICE, text="c", options=STATUS),
    Question(id="integer", type=T.INTEGER, text="i", when={"choice": ["da", "dang"]}),
    Question(id="percent", type=T.PERCENT, text="p", required=False),
    Question(id="decimal", type=T.DECIMAL, text="d", min=-5, max=5),
    Question(id="text", type=T.TEXT, text="t", max_length=30, required=False),
    Question(id="date", type=T.DATE, text="dt", when={"choice": ["chua"]}),
    Question(id="evidence", type=T.EVIDENCE, text="e", required=False),
]

# Text people (and fuzzers) send: numbers in every format, option words, nav words, junk.
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["1", "2", "3", "4", "0", "-1", "85%", "85,5", "1.250", "100", "101", "4,5",
                     "28/03/2025", "31/02/2025", "da thuc hien", "Chưa thực hiện", "quay lại",
                     "bỏ qua", "", " ", "%", "1e9", "nan", "∞", "٣", "²", "１２"]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ATTACH = st.fixed_dictionaries(
    {"kind": st.sampled_from(["photo", "document", "sticker"])},
    optional={"file_id": st.one_of(st.none(), st.text(max_size=5)), "url": st.none(),
              "name": st.text(max_size=10)},
)
EVENT = st.one_of(
    TEXT.map(E.Answer),
    ATTACH.map(E.Attach),
    st.integers(-3, 40).map(E.Edit),
    st.sampled_from([E.Start(), E.Back(), E.Skip(), E.Review(), E.Pause(), E.Submit(), E.Cancel()]),
)


def _rounds() -> list[list[Question]]:
    out = []
    for path in sorted(PLANS.glob("*.yaml")):
        plan = load_plan(path)
        out += [plan.questions(r.id) for r in plan.rounds]
    return out


REAL_ROUNDS = _rounds()


def walk(questions: Sequence[Question], events: Sequence[E.Input], locked: bool = False) -> None:
    """Drive the engine like the handler does (answers persisted from Store
    effects, state through JSON between updates) and check the invariants."""
    state = E.WalkState(round_id="r", locked=locked)
    stored: dict[str, Any] = {}
    for ev in events:
        before = dict(stored)
        state, effects = E.step(questions, state, ev)  # must not raise
        for eff in effects:
            if isinstance(eff, E.Store):
                assert not locked, "a locked report stored an answer"
                assert eff.value is not None
                stored[eff.question_id] = eff.value
        # no answer lost: only the questions stored in this step changed
        changed = {e.question_id for e in effects if isinstance(e, E.Store)}
        assert {k: v for k, v in stored.items() if k not in changed} == \
            {k: v for k, v in before.items() if k not in changed}
        assert before.keys() <= stored.keys()
        vis = E.visible(questions, stored)
        ids = [q.id for q in vis]
        for eff in effects:
            if isinstance(eff, E.Ask):
                assert eff.question_id in ids, f"asked hidden question {eff.question_id}"
                # stable numbers: the place in the round's plan order, whatever is hidden
                assert eff.number == [q.id for q in questions].index(eff.question_id) + 1
                assert eff.total == len(questions)
                assert eff.current == stored.get(eff.question_id)
            if isinstance(eff, E.ShowReview):
                assert [it.question_id for it in eff.items] == ids
                assert [it.number for it in eff.items] == [E.number_of(questions, i) for i in ids]
        if state.mode == "asking":
            assert state.cursor in ids
        state = E.WalkState.from_json(state.to_json(), stored, locked=state.locked)


@FAST
@given(question=st.sampled_from(ONE_OF_EACH), raw=TEXT)
def test_parse_answer_raises_only_answer_errors(question: Question, raw: str) -> None:
    try:
        value = parse_answer(question, raw)
    except AnswerError as err:
        assert err.key.startswith("answer.")
        return
    assert value is not None


@FAST
@given(events=st.lists(EVENT, max_size=40))
def test_walk_of_every_type_keeps_its_invariants(events: list[E.Input]) -> None:
    walk(ONE_OF_EACH, [E.Start(), *events])


@FAST
@given(events=st.lists(EVENT, max_size=40))
def test_locked_walk_never_stores(events: list[E.Input]) -> None:
    walk(ONE_OF_EACH, [E.Start(), *events], locked=True)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(REAL_ROUNDS) - 1), events=st.lists(EVENT, max_size=60))
def test_walks_of_the_bundled_plans_keep_their_invariants(index: int, events: list[E.Input]) -> None:
    walk(REAL_ROUNDS[index], [E.Start(), *events])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(REAL_ROUNDS) - 1), data=st.data())
def test_answering_every_question_of_a_real_round_reaches_submit(index: int, data: st.DataObject) -> None:
    """Answering with valid values (1 for choices, sensible numbers) always
    reaches a state that can be submitted."""
    qs = REAL_ROUNDS[index]
    good = {T.CHOICE: "1", T.INTEGER: "3", T.PERCENT: "85,5", T.DATE: "15/03/2025", T.TEXT: "ok",
            T.EVIDENCE: "Số 1/BC"}
    state, effects = E.step(qs, E.WalkState(round_id="r"), E.Start())
    answers: dict[str, Any] = {}
    for _ in range(len(qs) + 1):
        if any(isinstance(e, E.Clarify) for e in effects):
            state, effects = E.step(qs, state, E.Answer("1"))  # "85,5" short of 100 %: keep it
            answers.update({e.question_id: e.value for e in effects if isinstance(e, E.Store)})
            state = E.WalkState.from_json(state.to_json(), answers)
        asks = [e for e in effects if isinstance(e, E.Ask)]
        if not asks:
            break
        q = next(q for q in qs if q.id == asks[0].question_id)
        if not q.required and data.draw(st.booleans()):
            event: E.Input = E.Skip()
        elif q.type is T.DECIMAL:
            event = E.Answer("0")
        elif q.type is T.CHOICE:
            event = E.Answer(str(data.draw(st.integers(1, len(q.options)))))
        else:
            event = E.Answer(good[q.type])
        state, effects = E.step(qs, state, event)
        answers.update({e.question_id: e.value for e in effects if isinstance(e, E.Store)})
        state = E.WalkState.from_json(state.to_json(), answers)
    assert state.mode == "review"
    assert E.missing_required(qs, answers, state.skipped) == []
    state, effects = E.step(qs, state, E.Submit())
    assert effects == [E.ConfirmSubmit()]
    state, effects = E.step(qs, state, E.Answer("1"))
    assert effects == [E.Submitted()] and state.locked
