"""One hostile input at one question: parsed by the question's kind, stepped
through the pure engine, every effect rendered by the report views in
Vietnamese and English. :func:`problems` says what went wrong (nothing, when
all is well); the fuzz test asserts that and ``make bench`` counts it."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.core.errors import AnswerError
from bot.core.text import nfc
from bot.domain.checklist import engine as E
from bot.domain.checklist.validate import parse_answer
from bot.domain.plan.loader import load_plan
from bot.domain.plan.model import Plan, Question
from bot.domain.questions import kind_of
from handlers.views import render
from handlers.views.report import ask_text, clarify_text, review_text
from handlers.views.submission import confirm_text
from locales import t as translate
from tests.support.tree import random_value

PLANS = Path(__file__).resolve().parents[2] / "plans"
LIMIT = 2000  # the smallest channel's message (Zalo sendMessage: 1–2000 characters)
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Reader:
    """What the report views read of a handler's context: the language and its texts."""

    lang: str

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)


@dataclass(frozen=True)
class Target:
    plan: Plan
    round_id: str
    questions: list[Question]
    question: Question

    def __str__(self) -> str:
        return f"{self.plan.code}/{self.round_id}/{self.question.id} ({self.question.type})"


def targets() -> list[Target]:
    """Every distinct shape of question in the bundled plans (type, sign of
    the bounds, options, required, points), each asked with its ``when``
    condition lifted so the engine's cursor can stand on it."""
    seen: set[tuple[Any, ...]] = set()
    out: list[Target] = []
    for path in sorted(PLANS.glob("*.yaml")):
        plan = load_plan(path)
        for rnd in plan.rounds:
            questions = plan.questions(rnd.id)
            for i, q in enumerate(questions):
                shape = (str(q.type), (q.min or 0) < 0, bool(q.options), q.required, q.max_points is not None)
                if shape not in seen:
                    seen.add(shape)
                    shown = [*questions[:i], q.model_copy(update={"when": None}), *questions[i + 1:]]
                    out.append(Target(plan, rnd.id, shown, shown[i]))
    return out


def _texts(target: Target, eff: E.Effect, reader: Reader) -> Iterator[str]:
    """The text the report flow shows for ``eff`` (handlers/flows/report.py run_walk)."""
    by_id = {q.id: q for q in target.questions}
    match eff:
        case E.Store(question_id=qid, value=value):
            yield reader.t("report.saved", value=render.value_text(by_id[qid], value, reader.lang))
        case E.Ask():
            yield ask_text(reader, target.plan, target.round_id, by_id[eff.question_id], eff)[0]  # type: ignore[arg-type]
        case E.Clarify():
            yield clarify_text(reader, by_id[eff.question_id], eff)[0]  # type: ignore[arg-type]
        case E.Rejected(key=key, params=params):
            yield "⚠️ " + render.answer_error_text(by_id[eff.question_id], key, dict(params), reader.lang)
        case E.ShowReview():
            yield review_text(reader, target.plan, target.round_id, by_id, eff)[0]  # type: ignore[arg-type]
        case E.SubmitRefused(missing=missing):
            yield "\n".join([reader.t("report.submit_refused", count=len(missing)),
                             *(render.review_line(it, by_id[it.question_id], reader.lang) for it in missing)])
        case E.ConfirmSubmit():
            yield confirm_text(reader, target.plan, target.round_id)[0]  # type: ignore[arg-type]
        case E.Notice(key=key, params=params):
            yield reader.t(f"report.notice.{key.split('.', 1)[1]}", **params)
        case _:  # Submitted, Paused, Cancelled: an answer never produces them
            raise AssertionError(f"an answer produced {eff!r}")


def _rendered(target: Target, effects: list[E.Effect], text: str) -> list[str]:
    found = []
    for eff in effects:
        for reader in map(Reader, LANGS):
            for shown in _texts(target, eff, reader):
                what = f"{target} {type(eff).__name__} [{reader.lang}] for {text[:40]!r}"
                if not shown.strip():
                    found.append(f"{what}: empty text")
                elif unicodedata.normalize("NFC", shown) != shown:
                    found.append(f"{what}: not NFC")
                elif len(shown) > LIMIT:
                    found.append(f"{what}: {len(shown)} characters > {LIMIT}")
                else:
                    try:
                        shown.encode("utf-8")
                    except UnicodeEncodeError:
                        found.append(f"{what}: not sendable (a lone surrogate)")
    return found


def problems(target: Target, text: str) -> list[str]:
    """What is wrong with how ``text`` is handled at ``target``'s question."""
    q, found = target.question, []
    parses = [lambda: parse_answer(q, text)]  # parse_answer refuses an empty reply; a kind parses a non-empty one
    if nfc(text).strip():
        parses.append(lambda: kind_of(q.type).parse(q, nfc(text)))
    for parse in parses:
        try:
            parse()
        except AnswerError:  # AnswerUnclear included: the documented refusals
            pass
        except Exception as err:
            found.append(f"{target} parse({text[:40]!r}) raised {type(err).__name__}: {err}")
    fresh = E.WalkState(round_id=target.round_id, cursor=q.id)
    reasked = replace(fresh, answers={q.id: random_value(random.Random(q.id), q)})  # "Câu …" with its answer
    for state in (fresh, reasked):
        try:
            after, effects = E.step(target.questions, state, E.Answer(text))
        except Exception as err:
            found.append(f"{target} step({text[:40]!r}) raised {type(err).__name__}: {err}")
            continue
        if not any(isinstance(eff, E.Store) for eff in effects) and after.answers != state.answers:
            found.append(f"{target} {text[:40]!r} stored nothing but changed the answers")
        try:
            found += _rendered(target, effects, text)
        except Exception as err:
            found.append(f"{target} rendering for {text[:40]!r} raised {type(err).__name__}: {err}")
    return found
