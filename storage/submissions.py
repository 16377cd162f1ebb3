"""Submissions (unit × round, pinned to a plan version) and their answers.

Status: ``not_started`` (no row) → ``draft`` → ``submitted`` → (``returned`` →
``draft``) → ``accepted``. Every answer change writes a revision row.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.entities import Submission
from bot.domain.status import SubmissionStatus
from storage.schema import answer_revisions, answers, plans, submissions

# A round's walk reads, in one statement, every submission of the unit on the
# plan (the round's own and the earlier rounds' it shows), the hash of each
# one's plan version (the plan itself is parsed once: storage/plans.py) and
# their answers. Built once.
_WALK = (
    sa.select(submissions, plans.c.sha256.label("plan_sha256"), answers.c.question_id.label("answer_question"),
              answers.c.value.label("answer_value"))
    .join(plans, plans.c.id == submissions.c.plan_id)
    .outerjoin(answers, answers.c.submission_id == submissions.c.id)
    .where(submissions.c.unit_id == sa.bindparam("unit_id"), submissions.c.plan_code == sa.bindparam("plan_code"))
)


def _sub(row: Any) -> Submission:
    return Submission(
        row.id, row.unit_id, row.plan_code, row.plan_id, row.round_id, SubmissionStatus(row.status),
        row.submitted_at, row.review_comment, row.submit_count or 0,
        tuple(row.return_questions or ()),
    )


async def find_submission(
    conn: AsyncConnection, unit_id: int, plan_code: str, round_id: str
) -> Submission | None:
    row = (
        await conn.execute(
            sa.select(submissions).where(
                submissions.c.unit_id == unit_id,
                submissions.c.plan_code == plan_code,
                submissions.c.round_id == round_id,
            )
        )
    ).first()
    return None if row is None else _sub(row)


async def of_unit_plan(
    conn: AsyncConnection, unit_id: int, plan_code: str
) -> dict[str, tuple[Submission, str, dict[str, Any]]]:
    """round id → (the unit's submission, its plan version's sha256, its
    answers) for every round of ``plan_code`` the unit has a submission in."""
    found: dict[str, tuple[Submission, str, dict[str, Any]]] = {}
    for row in await conn.execute(_WALK, {"unit_id": unit_id, "plan_code": plan_code}):
        entry = found.get(row.round_id)
        if entry is None:
            entry = found[row.round_id] = (_sub(row), row.plan_sha256, {})
        if row.answer_question is not None:
            entry[2][row.answer_question] = row.answer_value
    return found


async def get_submission(conn: AsyncConnection, submission_id: int) -> Submission | None:
    row = (await conn.execute(sa.select(submissions).where(submissions.c.id == submission_id))).first()
    return None if row is None else _sub(row)


async def open_submission(
    conn: AsyncConnection, unit_id: int, plan_code: str, plan_id: int, round_id: str, now: dt.datetime
) -> Submission:
    """The unit's submission for the round, created as a draft on the given plan version."""
    found = await find_submission(conn, unit_id, plan_code, round_id)
    if found is not None:
        return found
    await conn.execute(
        submissions.insert().values(
            unit_id=unit_id, plan_code=plan_code, plan_id=plan_id, round_id=round_id,
            status=SubmissionStatus.DRAFT.value, created_at=now, updated_at=now,
        )
    )
    created = await find_submission(conn, unit_id, plan_code, round_id)
    assert created is not None
    return created


async def load_answers(conn: AsyncConnection, submission_id: int) -> dict[str, Any]:
    rows = await conn.execute(
        sa.select(answers.c.question_id, answers.c.value).where(answers.c.submission_id == submission_id)
    )
    return {r.question_id: r.value for r in rows}


UNREAD: Any = object()  # ``save_answer(old=…)``: the stored value was not read by the caller

_OLD = sa.select(answers.c.value).where(
    answers.c.submission_id == sa.bindparam("sub_id"), answers.c.question_id == sa.bindparam("qid"))
_INSERT = answers.insert()
_UPDATE = answers.update().where(
    answers.c.submission_id == sa.bindparam("sub_id"), answers.c.question_id == sa.bindparam("qid")
).values(
    value=sa.bindparam("new_value", type_=answers.c.value.type),
    answered_by=sa.bindparam("by", type_=answers.c.answered_by.type),
    answered_at=sa.bindparam("at", type_=answers.c.answered_at.type),
)
_REVISION = answer_revisions.insert()
_TOUCH = submissions.update().where(submissions.c.id == sa.bindparam("sub_id")).values(
    updated_at=sa.bindparam("at", type_=submissions.c.updated_at.type))
_MISSING = object()


def _save_pg(fresh: bool) -> sa.Update:
    """PostgreSQL: the answer (inserted when ``fresh``, else replaced), its
    revision and the submission's ``updated_at`` as one statement — two
    data-modifying CTEs under the UPDATE, which SQLite does not have. The
    values written are those of the three statements SQLite runs."""
    def p(name: str, column: sa.Column[Any]) -> sa.BindParameter[Any]:
        return sa.bindparam(name, type_=column.type)  # names apart from the columns': SQLAlchemy reserves those

    a, r = answers.c, answer_revisions.c
    answer: sa.Insert | sa.Update
    if fresh:
        answer = answers.insert().values(
            submission_id=p("sub_id", a.submission_id), question_id=p("qid", a.question_id),
            value=p("v_new", a.value), plan_id=p("v_plan", a.plan_id), answered_by=p("by", a.answered_by),
            answered_at=p("at", a.answered_at))
    else:
        answer = answers.update().where(
            a.submission_id == p("sub_id", a.submission_id), a.question_id == p("qid", a.question_id)
        ).values(value=p("v_new", a.value), answered_by=p("by", a.answered_by), answered_at=p("at", a.answered_at))
    revision = answer_revisions.insert().values(
        submission_id=p("sub_id", r.submission_id), question_id=p("qid", r.question_id),
        old_value=p("v_old", r.old_value), new_value=p("v_new", r.new_value), plan_id=p("v_plan", r.plan_id),
        changed_by=p("by", r.changed_by), changed_at=p("at", r.changed_at))
    return _TOUCH.add_cte(answer.cte("answer")).add_cte(revision.cte("revision"))


_SAVE_PG = {True: _save_pg(True), False: _save_pg(False)}


async def save_answer(
    conn: AsyncConnection, sub: Submission, question_id: str, value: Any, *,
    officer_id: int | None, now: dt.datetime, old: Any = UNREAD,
) -> None:
    """Insert or replace one answer and keep the old value in the revision
    history. ``old``: the stored answers the caller read in this transaction
    (``{question id: value}``), so the old value is not read again."""
    if old is UNREAD:
        row = (await conn.execute(_OLD, {"sub_id": sub.id, "qid": question_id})).first()
        before = _MISSING if row is None else row.value
    else:
        before = old.get(question_id, _MISSING)
    if before is not _MISSING and before == value:
        return
    fresh = before is _MISSING
    if conn.dialect.name == "postgresql":  # the three writes in one statement: one round trip, not three
        await conn.execute(_SAVE_PG[fresh], {
            "sub_id": sub.id, "qid": question_id, "v_new": value, "v_old": None if fresh else before,
            "v_plan": sub.plan_id, "by": officer_id, "at": now})
        return
    if fresh:
        await conn.execute(_INSERT, {"submission_id": sub.id, "question_id": question_id, "value": value,
                                     "plan_id": sub.plan_id, "answered_by": officer_id, "answered_at": now})
    else:
        await conn.execute(_UPDATE, {"sub_id": sub.id, "qid": question_id, "new_value": value, "by": officer_id,
                                     "at": now})
    await conn.execute(_REVISION, {
        "submission_id": sub.id, "question_id": question_id, "old_value": None if fresh else before,
        "new_value": value, "plan_id": sub.plan_id, "changed_by": officer_id, "changed_at": now})
    await conn.execute(_TOUCH, {"sub_id": sub.id, "at": now})


async def revisions(conn: AsyncConnection, submission_id: int) -> list[dict[str, Any]]:
    rows = await conn.execute(
        sa.select(answer_revisions)
        .where(answer_revisions.c.submission_id == submission_id)
        .order_by(answer_revisions.c.id)
    )
    return [dict(r._mapping) for r in rows]


async def set_status(
    conn: AsyncConnection, submission_id: int, status: str, *, now: dt.datetime,
    officer_id: int | None = None, comment: str | None = None, reviewer: str | None = None,
    questions: tuple[str, ...] = (),
) -> None:
    """Move a submission to ``status`` with what that step records: submitting
    its time and officer (and counts it: the receipt's number); a return its comment and the
    questions the comment concerns."""
    values: dict[str, Any] = {"status": status, "updated_at": now}
    if status == SubmissionStatus.SUBMITTED:
        values |= {"submitted_at": now, "submitted_by": officer_id, "submit_count": submissions.c.submit_count + 1}
    elif status == SubmissionStatus.ACCEPTED:
        values |= {"accepted_at": now, "reviewed_by": reviewer, "review_comment": comment}
    elif status == SubmissionStatus.RETURNED:
        values |= {"returned_at": now, "reviewed_by": reviewer, "review_comment": comment,
                   "return_questions": list(questions) or None}
    await conn.execute(submissions.update().where(submissions.c.id == submission_id).values(**values))


# What a Submission holds: a round's thousands are read as these columns only.
_SUB_COLUMNS = (submissions.c.id, submissions.c.unit_id, submissions.c.plan_code, submissions.c.plan_id,
                submissions.c.round_id, submissions.c.status, submissions.c.submitted_at,
                submissions.c.review_comment, submissions.c.submit_count, submissions.c.return_questions)


async def submissions_for_round(conn: AsyncConnection, plan_code: str, round_id: str) -> dict[int, Submission]:
    rows = await conn.execute(
        sa.select(*_SUB_COLUMNS).where(submissions.c.plan_code == plan_code, submissions.c.round_id == round_id)
    )
    return {r.unit_id: _sub(r) for r in rows}


DECODED_AT_ONCE = 1000


async def answers_for_round(conn: AsyncConnection, plan_code: str, round_id: str) -> dict[int, dict[str, Any]]:
    """unit id → {question id → value} for every submission of the round.

    One row per submission, its answers gathered into one JSON object by the
    database: a round of 5,000 units × 60 questions is 5,000 rows, not
    300,000 decoded one by one. The questions in id order, as the unique
    index on (submission, question) gives them; the values are the stored
    JSON, numbers read back exactly as typed. The objects are decoded
    :data:`DECODED_AT_ONCE` at a time (:func:`_decoded`).

    On SQLite the object is the stored texts joined (``group_concat``, no
    JSON parsing in the database), a real number written with 17 significant
    digits so it reads back as the very same float (SQLite's own rendering
    and ``json()`` keep 15). On PostgreSQL ``json_object_agg`` per submission,
    each an index scan (no sort of the whole round's answers), read as text."""
    if conn.dialect.name == "postgresql":
        gathered = sa.literal_column(
            "(SELECT json_object_agg(a.question_id, a.value ORDER BY a.question_id)::text"
            " FROM answers AS a WHERE a.submission_id = submissions.id)", sa.Text)
        # a server-side cursor: the rows come a batch at a time, not the whole round's text at once
        streamed = await conn.stream(
            sa.select(submissions.c.unit_id, gathered.label("gathered"))
            .where(submissions.c.plan_code == plan_code, submissions.c.round_id == round_id)
            .execution_options(yield_per=DECODED_AT_ONCE)
        )
        out: dict[int, dict[str, Any]] = {}
        try:
            async for batch in streamed.partitions():
                out.update(_decoded(batch))
        finally:
            await streamed.close()
        return out
    joined = sa.literal_column(
        "'{' || group_concat(json_quote(answers.question_id) || ':' || CASE typeof(answers.value)"
        " WHEN 'real' THEN printf('%!.17g', answers.value) ELSE answers.value END, ',') || '}'", sa.Text)
    per_sub = (
        sa.select(answers.c.submission_id, joined.label("gathered"))
        .where(answers.c.submission_id.in_(
            sa.select(submissions.c.id).where(submissions.c.plan_code == plan_code,
                                              submissions.c.round_id == round_id)))
        .group_by(answers.c.submission_id)
        .subquery()
    )
    rows = await conn.execute(
        sa.select(submissions.c.unit_id, per_sub.c.gathered)
        .join(per_sub, per_sub.c.submission_id == submissions.c.id)
    )
    return _decoded(rows)


def _decoded(rows: Any) -> dict[int, dict[str, Any]]:
    """unit id → the decoded object of each (unit id, JSON text) row (none:
    no answers), :data:`DECODED_AT_ONCE` objects in one ``json.loads``: the
    decoder keeps one string per question id within a call, where a call
    per row made every key anew (300,000 strings, some 15 MB, for a round
    of 5,000 units × 60 questions)."""
    out: dict[int, dict[str, Any]] = {}
    ids: list[int] = []
    texts: list[str] = []

    def decode() -> None:
        out.update(zip(ids, json.loads("[" + ",".join(texts) + "]"), strict=True))
        ids.clear()
        texts.clear()

    for unit_id, text in rows:
        if text is None:
            continue
        ids.append(unit_id)
        texts.append(text)
        if len(texts) >= DECODED_AT_ONCE:
            decode()
    if texts:
        decode()
    return out
