"""Turning questions, answers and engine effects into text (from locales)."""

from __future__ import annotations

from typing import Any

from bot.core.buttons import token as token  # the views' name for the codec's token
from bot.core.messages import Option
from bot.core.text import format_date, format_number
from bot.domain.checklist.engine import ReviewItem
from bot.domain.plan.model import Question, QuestionType, Target
from locales import t

PREVIEW = 60  # characters of a text answer shown in a review line


# The kernel's formats under the names the views have always used.
date_vn = format_date
number = format_number


def q_text(q: Question, lang: str) -> str:
    return q.label(lang)


def option_text(q: Question, option_id: str, lang: str) -> str:
    return q.option_label(option_id, lang)


def value_text(q: Question, value: Any, lang: str) -> str:
    """A stored answer as a person reads it."""
    if value is None:
        return t("render.unanswered", lang)
    match q.type:
        case QuestionType.CHOICE:
            return option_text(q, str(value), lang)
        case QuestionType.PERCENT:
            return f"{number(value, lang)}%"
        case QuestionType.INTEGER | QuestionType.DECIMAL:
            return number(value, lang)
        case QuestionType.DATE:
            return date_vn(str(value))
        case QuestionType.EVIDENCE:
            if isinstance(value, dict):
                if value.get("kind") == "text":
                    return _clip(str(value.get("text", "")))
                name = value.get("name") or value.get("caption") or value.get("kind", "")
                return t("render.file", lang, name=_clip(str(name)))
            return _clip(str(value))
    return _clip(str(value))


def _clip(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= PREVIEW else s[: PREVIEW - 1] + "…"


def target_text(target: Target, lang: str, q: Question | None = None) -> str:
    unit = "%" if q is not None and q.type is QuestionType.PERCENT else ""
    strict = "_strict" if target.strict else ""
    if target.min is not None:
        return t(f"render.target_min{strict}", lang, value=number(target.min, lang) + unit)
    if target.max is not None:
        return t(f"render.target_max{strict}", lang, value=number(target.max, lang) + unit)
    if target.text:  # the plan's own wording of the target (section III)
        return t("render.target_equals", lang, value=target.text)
    if target.equals is not None and q is not None and q.type is QuestionType.CHOICE:
        return t("render.target_equals", lang, value=option_text(q, target.equals, lang))
    return ""


def type_hint(q: Question, lang: str) -> str:
    hint = t(f"render.hint.{q.type.value}", lang)
    if q.type is QuestionType.DECIMAL and q.upper_bound is not None and q.upper_bound <= 0:
        hint = t("render.hint.negative", lang)  # a penalty line: -max..0
    if q.type in (QuestionType.INTEGER, QuestionType.DECIMAL) and q.upper_bound is not None:
        low, high = number(q.lower_bound or 0, lang), number(q.upper_bound, lang)
        hint += " " + t("render.hint.range", lang, min=low, max=high)
    if q.type is QuestionType.CHOICE:
        hint = t("render.hint.choice", lang, numbers=numbers_phrase(len(q.options), lang))
    return hint


def numbers_phrase(n: int, lang: str) -> str:
    """"1, 2 hoặc 3" / "1, 2 or 3"."""
    if n <= 1:
        return "1"
    return ", ".join(str(i) for i in range(1, n)) + f" {t('render.or', lang)} {n}"


def choice_options(q: Question, lang: str) -> tuple[Option, ...]:
    """Numbered options whose pressed value carries the question's token."""
    tag = token(q.id)
    return tuple(Option.button(f"{i}. {option_text(q, o.id, lang)}", str(i), tag) for i, o in enumerate(q.options, 1))


def numbered(options: tuple[Option, ...]) -> str:
    return "\n".join(o.label for o in options)


def review_line(item: ReviewItem, q: Question, lang: str) -> str:
    mark = "✅" if item.value is not None else ("⏭" if item.skipped else ("❗" if item.required else "▫️"))
    return f"{item.number}. {mark} {_clip(q_text(q, lang))}: {value_text(q, item.value, lang)}"
