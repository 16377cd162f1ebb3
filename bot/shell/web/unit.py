"""A unit's page: each round it reports on, every answer in full (long text
included) with its target met or missed, evidence links, the return comment,
the edit history; and the evidence files themselves (``MC-…``), served only
for a unit within the scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from bot.core.errors import InvalidInput, NotFound, PermissionDenied
from bot.domain.checklist.walk import review_items
from bot.domain.entities import Unit
from bot.domain.evidence_files import reference
from bot.domain.plan.model import Question
from bot.domain.questions.stats import meets
from bot.domain.reports import days_late
from bot.domain.status import DONE
from bot.services import evidence, progress, review, scope, web_data
from bot.services.export import evidence_link
from bot.services.progress import RoundStatus
from bot.services.reading import contact_of
from bot.shell.web.audit import trail_of
from bot.shell.web.gate import Hidden, Viewer, signed_in
from bot.shell.web.render import attachment, page
from handlers.views.render import q_text, target_text, value_text


@dataclass
class Answer:
    number: int
    question: str
    text: str
    target: str = ""
    met: bool | None = None
    evidence: str | None = None  # MC-… of a file kept here
    image: bool = False  # the kept file is a photo: shown as a thumbnail
    link: str | None = None  # a link the officer sent


@dataclass
class RoundPage:
    status: RoundStatus
    key: str
    title: str
    late: int
    answers: list[Answer] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def can_accept(self) -> bool:
        return self.status.status == "submitted"

    @property
    def can_return(self) -> bool:
        return self.status.status in DONE


async def unit_named(v: Viewer, code: str) -> Unit:
    """The unit if the admin's scope covers it now; 404 otherwise — a code
    outside the scope reads exactly like one that does not exist."""
    try:
        return await scope.unit_in_scope(v.conn, v.session.channel, v.session.user_id, code)
    except (NotFound, PermissionDenied) as exc:
        raise Hidden() from exc


def _answer(q: Question, number: int, value: Any, lang: str) -> Answer:
    out = Answer(number, q_text(q, lang), value_text(q, value, lang, full=True))
    if q.target is not None:
        out.target = target_text(q.target, lang, q)
        out.met = None if value is None else meets(q.target, value)
    if isinstance(value, dict) and isinstance(value.get("sha256"), str):
        out.evidence = reference(value["sha256"])
    out.link = evidence_link(q, value)
    return out


async def _round(v: Viewer, rs: RoundStatus, unit: Unit) -> RoundPage:
    lang, rnd = v.lang, rs.round
    today = v.rt.clock.now().astimezone(v.rt.settings.tz).date()
    title = rnd.title_en if lang == "en" and rnd.title_en else rnd.title
    out = RoundPage(rs, f"{rs.plan.code}/{rnd.id}", title, days_late(rnd.due, rs.submission, today, v.rt.settings.tz))
    answers = await review.answers_of(v.conn, rs.submission)
    questions = rs.plan.plan.questions(rnd.id, unit=unit)  # the sections asked of the unit
    by_id = {q.id: q for q in questions}
    out.answers = [_answer(by_id[it.question_id], it.number, it.value, lang)
                   for it in review_items(questions, answers)]
    for a in out.answers:
        if a.evidence:
            a.image = await _is_image(v, a.evidence)
    if rs.submission is not None:
        for rev in await web_data.revisions(v.conn, rs.submission.id):
            q = by_id.get(rev["question_id"])
            if q is None:
                continue
            out.history.append({"at": rev["changed_at"].astimezone(v.rt.settings.tz), "question": q_text(q, lang),
                                "old": value_text(q, rev["old_value"], lang, full=True),
                                "new": value_text(q, rev["new_value"], lang, full=True)})
    return out


async def _is_image(v: Viewer, ref: str) -> bool:
    """Whether the kept file is a photo (its type as read from its content)."""
    try:
        return (await evidence.find(v.conn, ref)).mime.startswith("image/")
    except (NotFound, InvalidInput):
        return False


async def unit_page(request: Request) -> Response:
    async with signed_in(request) as v:
        unit = await unit_named(v, request.path_params["code"])
        rounds = [await _round(v, rs, unit) for rs in await progress.unit_rounds(v.conn, unit.id)]
        contact = await contact_of(v.conn, unit.id)
        trail = trail_of(await web_data.audit_trail(v.conn, unit.id), v.lang, v.rt.settings.tz)
        return page(request, "unit.html", v.lang, v=v, unit=unit, rounds=rounds, contact=contact, trail=trail)


async def evidence_file(request: Request) -> Response:
    async with signed_in(request) as v:
        try:
            file = await evidence.find(v.conn, request.path_params["ref"])
        except (NotFound, InvalidInput) as exc:
            raise Hidden() from exc
        unit = await evidence.unit_of(v.conn, file)
        if unit is None or not v.covers(unit):
            raise Hidden()
        try:
            content = await evidence.content(v.rt, file)
        except NotFound as exc:
            raise Hidden() from exc
    name = file.name or reference(file.sha256)
    return Response(content, media_type=file.mime, headers={
        "Content-Disposition": attachment(name), "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})

