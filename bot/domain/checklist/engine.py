"""The checklist engine: a pure function ``step(questions, state, input)``.

It walks one round's questionnaire one question at a time and returns the new
state and a list of effects (what to store, what to show). It imports no
channel, storage or locale code: effects carry question ids and locale keys,
and the handler renders and persists them. Answers live in storage; the
handler passes the current ones in ``WalkState.answers``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot.core.errors import AnswerUnclear
from bot.core.text import fold, small_number
from bot.domain.checklist import confirm

# Inputs and effects are re-exported: callers write ``engine.Ask``, ``engine.Submit`` ….
from bot.domain.checklist import navigate as nav
from bot.domain.checklist.calculate import recalculated
from bot.domain.checklist.events import (
    Answer,
    Attach,
    Back,
    Cancel,
    Cancelled,
    Clarify,
    ConfirmSubmit,
    Continue,
    Edit,
    Effect,
    Input,
    Keep,
    Notice,
    Pause,
    Paused,
    Rejected,
    Review,
    Skip,
    Start,
    Store,
    Submit,
    SubmitRefused,
    Submitted,
)
from bot.domain.checklist.events import (
    Ask as Ask,
)
from bot.domain.checklist.events import (
    ShowReview as ShowReview,
)
from bot.domain.checklist.navigate import advance as _advance
from bot.domain.checklist.navigate import ask as _ask
from bot.domain.checklist.navigate import current as _current
from bot.domain.checklist.navigate import resume as _resume
from bot.domain.checklist.navigate import show_review as _show_review
from bot.domain.checklist.state import Mode as Mode
from bot.domain.checklist.state import (
    WalkState as WalkState,  # re-exported: callers write engine.WalkState
)
from bot.domain.checklist.validate import AnswerError, parse_answer
from bot.domain.checklist.walk import ReviewItem as ReviewItem  # re-exported for the views

# The walk's pure queries, re-exported: callers write ``engine.visible``, ``engine.review_items`` ….
from bot.domain.checklist.walk import is_answered as is_answered
from bot.domain.checklist.walk import missing_required, review_items
from bot.domain.checklist.walk import number_of as number_of
from bot.domain.checklist.walk import visible as visible
from bot.domain.plan.model import Question
from bot.domain.questions import kind_of
from bot.domain.questions.choice import NO_WORDS, YES_WORDS

# ---- the walk: navigation lives in navigate.py; answering and submitting here ----------


def _store(questions: Sequence[Question], st: WalkState, q: Question, value: Any) -> tuple[WalkState, list[Effect]]:
    """Store the answer, and every calculated question it changes."""
    answers = {**st.answers, q.id: value}
    worked = recalculated(questions, answers)
    st = replace(st, answers={**answers, **worked}, skipped=st.skipped - {q.id}, last_answered=q.id)
    nxt_state, effects = _advance(questions, st, q.id)
    return nxt_state, [Store(q.id, value), *(Store(k, v) for k, v in worked.items()), *effects]


def step(questions: Sequence[Question], st: WalkState, event: Input) -> tuple[WalkState, list[Effect]]:
    """Apply one input. Never raises for any input a user can produce."""
    if not questions:
        return st, [Notice("walk.empty")]
    pending, put, st = st.pending, st.put, replace(st, pending=None, put=confirm.READINGS)  # any input but the reply drops it
    st = st if isinstance(event, Answer) else replace(st, last_answered=None)  # slips: right after an answer only
    if pending is not None and isinstance(event, Answer):
        return _resolve(questions, st, pending, put, event.text)
    confirming, st = st.confirming, replace(st, confirming=False)
    if confirming and isinstance(event, Answer | Submit):
        return _confirmed(questions, st, event)
    match event:
        case Start():
            return _resume(questions, st)
        case Continue():
            return nav.proceed(questions, st)
        case Pause():
            items = review_items(questions, st.answers, st.skipped)
            answered = sum(1 for it in items if it.value is not None)
            return replace(st, mode="paused"), [Paused(answered, len(items))]
        case Cancel():
            answered = sum(1 for it in review_items(questions, st.answers, st.skipped) if it.value is not None)
            return replace(st, mode="cancelled"), [Cancelled(answered)]
        case Review(page=page):
            st = replace(nav.end_edit(st), mode="review")
            return st, [_show_review(questions, st, page=page)]
        case Submit():
            return _submit(questions, st)
    if st.locked:
        return st, [Notice("walk.locked")]
    match event:
        case Edit(number=n):
            return nav.edit(questions, st, n)
        case Back():
            return nav.back(questions, st)
        case Skip():
            return nav.skip(questions, st)
        case Keep():
            return _keep(questions, st)
        case Answer(text=text):
            return _answer(questions, st, text)
        case Attach(data=data):
            return _attach(questions, st, data)
    return st, [Notice("walk.not_understood")]  # pragma: no cover - exhaustive


def _answer(questions: Sequence[Question], st: WalkState, text: str) -> tuple[WalkState, list[Effect]]:
    if st.mode == "review":
        stripped = text.strip().rstrip(".")
        number = small_number(stripped)
        if number is not None:  # a number typed at the review list edits that item
            return step(questions, st, Edit(number))
        return st, [Notice("walk.review_hint")]
    q = _current(questions, st)
    if q is None:
        return _resume(questions, st)
    try:
        value = parse_answer(q, text)
    except AnswerUnclear as err:
        return replace(st, pending=err.choices), [Clarify(q.id, err.key, err.params, err.choices)]
    except AnswerError as err:
        return st, [Rejected(q.id, err.key, err.params), _ask(questions, st, q.id)]
    return _settle(questions, replace(st, mode="asking"), q, value, text)


def _settle(
    questions: Sequence[Question], st: WalkState, q: Question, value: Any, text: str = ""
) -> tuple[WalkState, list[Effect]]:
    """Store ``value``, unless the reply ``text`` looks meant for the question
    just answered, or the value is doubtful: then the officer says first."""
    asked = (confirm.slip(questions, st.last_answered, q, text, value) if text else None) or confirm.doubt(q, value)
    if asked is not None:
        return replace(st, pending=asked.choices, put=asked.put), [asked]
    return _store(questions, st, q, value)


def _resolve(
    questions: Sequence[Question], st: WalkState, pending: tuple[Any, ...], put: str, text: str
) -> tuple[WalkState, list[Effect]]:
    """The reply to a :class:`Clarify`: a choice number stores that value (a
    reading is still checked for doubts; ``None`` asks again); anything else
    is a fresh answer to the same question."""
    q = _current(questions, st)
    number = confirm.picked(pending, text)
    if q is None or st.locked or st.mode != "asking" or number is None:
        return _answer(questions, st, text)
    value = pending[number - 1]
    if value is None:  # "type it again"
        return st, [_ask(questions, st, q.id)]
    target = confirm.target(questions, put, number, st.last_answered) or q
    return _settle(questions, st, q, value) if put == confirm.READINGS else _store(questions, st, target, value)


def _attach(
    questions: Sequence[Question], st: WalkState, data: Mapping[str, Any]
) -> tuple[WalkState, list[Effect]]:
    q = _current(questions, st) if st.mode == "asking" else None
    if q is None:
        return st, [Notice("walk.file_not_expected_here")]
    try:
        value = kind_of(q.type).attach(q, data)  # only evidence takes a file
    except AnswerError as err:
        return st, [Rejected(q.id, err.key, err.params), _ask(questions, st, q.id)]
    return _store(questions, st, q, value)


def _keep(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    """Move on from an answered question without touching its answer; an
    unanswered one takes the previous round's answer shown with it."""
    q = _current(questions, st) if st.mode == "asking" else None
    if q is not None and not is_answered(q.id, st.answers) and st.previous.get(q.id) is not None:
        return _store(questions, st, q, st.previous[q.id])
    return nav.keep(questions, st)


def _submit(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    """Refused with the list of what is missing; otherwise asked to confirm."""
    if st.locked:
        return st, [Notice("walk.already_submitted")]
    missing = missing_required(questions, st.answers, st.skipped)
    if missing:
        effects: list[Effect] = [SubmitRefused(tuple(missing))]
        q = _current(questions, st)
        if st.mode == "asking" and q is not None:
            effects.append(_ask(questions, st, q.id))
        return st, effects
    return replace(st, confirming=True), [ConfirmSubmit()]


def _confirmed(
    questions: Sequence[Question], st: WalkState, event: Answer | Submit
) -> tuple[WalkState, list[Effect]]:
    """The reply to :class:`ConfirmSubmit`: 1 / "nộp" / "có" submits, 2 /
    "chưa" / "không" stays where the officer was; anything else is handled as
    if nothing had been asked (an answer to the current question …)."""
    reply = "" if isinstance(event, Submit) else fold(event.text).strip(" .!")
    if isinstance(event, Submit) or reply in YES_WORDS or small_number(reply) == 1:
        if st.locked or missing_required(questions, st.answers, st.skipped):
            return _submit(questions, st)
        return replace(st, mode="done", locked=True, cursor=None), [Submitted()]
    if reply in NO_WORDS or reply.split()[:1] in (["chua"], ["khong"]) or small_number(reply) == 2:
        q = _current(questions, st) if st.mode == "asking" else None
        return st, [Notice("walk.not_submitted"), *([_ask(questions, st, q.id)] if q is not None else [])]
    return step(questions, st, event)
