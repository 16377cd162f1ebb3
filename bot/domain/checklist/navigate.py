"""Navigation in the walk: which question is asked next, moving back, skipping,
keeping an answer, editing by number and showing the review. Pure functions of
``(questions, state)`` that the engine's ``step`` calls; answering and
submitting live in the engine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.domain.checklist.calculate import askable
from bot.domain.checklist.events import Ask, Effect, Notice, ShowReview
from bot.domain.checklist.state import WalkState
from bot.domain.checklist.walk import is_answered, number_of, review_items, visible
from bot.domain.plan.model import Question


def show_review(
    questions: Sequence[Question], st: WalkState, *, page: int | None = None, focus: str | None = None
) -> ShowReview:
    items = review_items(questions, st.answers, st.skipped)
    answered = sum(1 for it in items if it.value is not None)
    missing = tuple(it for it in items if it.required and it.value is None)
    return ShowReview(tuple(items), answered, len(items), missing, st.locked, page, focus)


def ask(questions: Sequence[Question], st: WalkState, qid: str) -> Ask:
    """"Câu 4/6": the question's stable number of the round's questions (and, while
    unanswered, the earlier round's answer to it, which "giữ" takes)."""
    current = st.answers.get(qid)
    previous = st.previous.get(qid) if current is None else None
    return Ask(qid, number_of(questions, qid), len(questions), current, previous)


def first_open(questions: Sequence[Question], st: WalkState, after: str | None) -> str | None:
    """The next question that applies and is neither answered nor skipped, looking
    after ``after`` first and then from the top (so nothing is left behind)."""
    vis = visible(questions, st.answers, st.skipped)
    ids = [q.id for q in vis]
    start = ids.index(after) + 1 if after in ids else 0
    for q in vis[start:] + vis[:start]:
        if askable(q) and not is_answered(q.id, st.answers) and q.id not in st.skipped:
            return q.id
    return None


def end_edit(st: WalkState) -> WalkState:
    """Forget an edit in progress (after it, or when the officer moves elsewhere)."""
    return replace(st, back_to_review=False, edited=None, return_to=None, edit_hidden=frozenset())


def follow_ups(questions: Sequence[Question], root: str) -> set[str]:
    """The questions whose ``when`` names ``root``, or names one of those, and so on
    (a ``when`` names only earlier questions, so one pass in plan order finds them)."""
    found = {root}
    for q in questions:
        if any(ref in found for ref in (q.when or {})):
            found.add(q.id)
    return found - {root}


def _finish_edit(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    """After an edit and its newly relevant follow-ups: ask the follow-up still
    open, else go back where the officer was (the question, or the review)."""
    assert st.edited is not None
    vis = visible(questions, st.answers, st.skipped)
    newly = [q.id for q in vis if q.id in st.edit_hidden and askable(q) and not is_answered(q.id, st.answers)
             and q.id not in st.skipped]
    if newly:  # relevance re-evaluated (ODK-style): what the edit made relevant is asked before returning
        st = replace(st, mode="asking", cursor=newly[0])
        return st, [ask(questions, st, newly[0])]
    edited, back, to_review = st.edited, st.return_to, st.back_to_review
    st = end_edit(st)
    if to_review:  # the review page the edited question is on, not the whole list again
        st = replace(st, mode="review", cursor=None)
        return st, [show_review(questions, st, focus=edited)]
    if back is not None and back != edited and back in {q.id for q in vis}:
        st = replace(st, mode="asking", cursor=back)
        return st, [ask(questions, st, back)]
    return advance(questions, st, edited)  # the place is gone (hidden) or was the edited one


def advance(questions: Sequence[Question], st: WalkState, after: str | None) -> tuple[WalkState, list[Effect]]:
    if st.edited is not None:
        return _finish_edit(questions, st)
    if st.back_to_review:
        st = replace(st, mode="review", cursor=after, back_to_review=False)
        return st, [show_review(questions, st, focus=after)]
    nxt = first_open(questions, st, after)
    if nxt is None:
        st = replace(st, mode="review", cursor=None)
        return st, [Notice("walk.all_answered"), show_review(questions, st)]
    st = replace(st, mode="asking", cursor=nxt)
    return st, [ask(questions, st, nxt)]


def current(questions: Sequence[Question], st: WalkState) -> Question | None:
    if st.cursor is None:
        return None
    return next((q for q in visible(questions, st.answers, st.skipped) if q.id == st.cursor), None)


def resume(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    if st.locked:
        st = replace(st, mode="review")
        return st, [Notice("walk.locked"), show_review(questions, st)]
    if st.mode == "review" and st.cursor is None:
        return st, [show_review(questions, st)]
    q = current(questions, st)
    if q is not None:
        st = replace(st, mode="asking")
        return st, [ask(questions, st, q.id)]
    return advance(questions, end_edit(st), None)


def first_missing(questions: Sequence[Question], st: WalkState) -> str | None:
    """Where ``/tieptuc`` goes: the first required question that applies and has
    no answer, else the first optional one neither answered nor skipped."""
    vis = visible(questions, st.answers, st.skipped)
    open_ = [q for q in vis if askable(q) and not is_answered(q.id, st.answers)]
    required = [q for q in open_ if q.required]
    optional = [q for q in open_ if not q.required and q.id not in st.skipped]
    candidates = required + optional
    return candidates[0].id if candidates else None


def proceed(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    """``/tieptuc``: on to the first missing answer (:func:`first_missing`), or the
    review when nothing is missing."""
    if st.locked:
        return resume(questions, st)
    nxt = first_missing(questions, st)
    st = end_edit(st)
    if nxt is None:
        st = replace(st, mode="review", cursor=None)
        return st, [Notice("walk.all_answered"), show_review(questions, st)]
    st = replace(st, mode="asking", cursor=nxt)
    return st, [ask(questions, st, nxt)]


def edit(questions: Sequence[Question], st: WalkState, n: int) -> tuple[WalkState, list[Effect]]:
    """``/sua n``: the question numbered n (the numbers of :func:`number_of`);
    a number a ``when`` hides is refused, saying why."""
    refused: Notice | None = None
    if not 1 <= n <= len(questions):
        refused = Notice("walk.no_such_item", {"number": n, "total": len(questions)})
    elif questions[n - 1].id not in {q.id for q in visible(questions, st.answers, st.skipped)}:
        # at the review the list is on screen: point to it, not to /xemlai
        refused = (Notice("walk.not_applicable_review", {"number": n}) if st.mode == "review"
                   else Notice("walk.not_applicable", {"number": n}))
    if refused is not None:  # and the question being asked again, if one is: no dead end
        q = current(questions, st) if st.mode == "asking" else None
        return st, [refused, *([ask(questions, st, q.id)] if q is not None else [])]
    qid = questions[n - 1].id
    if st.edited is None:  # where to come back to (an edit within an edit keeps the first place)
        from_walk = st.mode == "asking" and st.cursor is not None
        st = replace(st, return_to=st.cursor if from_walk else None, back_to_review=not from_walk)
    shown = {q.id for q in visible(questions, st.answers, st.skipped)}
    hidden = st.edit_hidden | (follow_ups(questions, qid) - shown)
    st = replace(st, mode="asking", cursor=qid, edited=qid, edit_hidden=hidden)
    return st, [ask(questions, st, qid)]


def back(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    vis = visible(questions, st.answers, st.skipped)
    ids = [q.id for q in vis]
    if st.mode != "asking" or st.cursor not in ids:
        target = ids[-1]  # from the review (or a stale cursor): the last question
    else:
        i = ids.index(st.cursor)
        if i == 0:
            return st, [Notice("walk.at_first"), ask(questions, st, st.cursor)]
        target = ids[i - 1]
    st = replace(end_edit(st), mode="asking", cursor=target)
    return st, [ask(questions, st, target)]


def skip(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    q = current(questions, st) if st.mode == "asking" else None
    if q is None:
        return st, [Notice("walk.nothing_to_skip")]
    if q.required:
        return st, [Notice("walk.cannot_skip"), ask(questions, st, q.id)]
    st = replace(st, skipped=st.skipped | {q.id})
    return advance(questions, st, q.id)


def keep(questions: Sequence[Question], st: WalkState) -> tuple[WalkState, list[Effect]]:
    """Move on from an answered question without touching its answer."""
    q = current(questions, st) if st.mode == "asking" else None
    if q is None or not is_answered(q.id, st.answers):
        effects: list[Effect] = [Notice("walk.nothing_to_keep")]
        return st, effects + ([ask(questions, st, q.id)] if q is not None else [])
    return advance(questions, st, q.id)
