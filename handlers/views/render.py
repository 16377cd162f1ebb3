"""Turning questions, answers and engine effects into text (from locales)."""

from __future__ import annotations

from typing import Any

from bot.core.buttons import token as token  # the views' name for the codec's token
from bot.core.messages import Option
from bot.core.text import format_date, format_number
from bot.domain.checklist.engine import ReviewItem
from bot.domain.plan.model import Question, Target
from bot.domain.questions import kind_of
from bot.services.wording import PREVIEW as PREVIEW
from bot.services.wording import clip as _clip
from bot.services.wording import shown_text as shown_text
from locales import t

# The kernel's formats under the names the views have always used.
date_vn = format_date
number = format_number


def q_text(q: Question, lang: str) -> str:
    return q.label(lang)


def option_text(q: Question, option_id: str, lang: str) -> str:
    return q.option_label(option_id, lang)


def value_text(q: Question, value: Any, lang: str, *, full: bool = False) -> str:
    """A stored answer as a person reads it (its type says what to show);
    ``full``: text answers whole, as an admin reads them, not a review preview."""
    if value is None:
        return t("render.unanswered", lang)
    return shown_text(kind_of(q.type).shown(q, value, lang), lang, full=full)


def saved_text(q: Question, value: Any, lang: str) -> str:
    """The line after a value is stored: "✅ Đã lưu: 12"; a calculated
    question's says the bot worked it out ("🧮 Tự tính — Tỷ lệ …: 75%")."""
    if kind_of(q.type).asked:
        return t("report.saved", lang, value=value_text(q, value, lang))
    label = q.short_label(lang) or q.label(lang)
    if value is None:
        return t("report.calculated_blank", lang, label=label)
    return t("report.calculated", lang, label=label, value=value_text(q, value, lang))


clip = _clip  # a question's text shortened to a review line's preview, for the other views


def target_text(target: Target, lang: str, q: Question | None = None) -> str:
    kind = kind_of(q.type) if q is not None else None
    unit = kind.unit if kind is not None else ""
    strict = "_strict" if target.strict else ""
    if target.min is not None:
        return t(f"render.target_min{strict}", lang, value=number(target.min, lang) + unit)
    if target.max is not None:
        return t(f"render.target_max{strict}", lang, value=number(target.max, lang) + unit)
    if target.text:  # the plan's own wording of the target (section III)
        return t("render.target_equals", lang, value=target.text)
    label = kind.target_label(q, target, lang) if kind is not None and q is not None else None
    return t("render.target_equals", lang, value=label) if label is not None else ""


def type_hint(q: Question, lang: str) -> str:
    """What to type, in words: the type's hint key, option numbers, bounds."""
    hint = kind_of(q.type).hint(q)
    if hint.choices is not None:
        text = t(hint.key, lang, numbers=numbers_phrase(hint.choices, lang))
    else:
        text = t(hint.key, lang, **dict(hint.params))
    if hint.range is not None:
        low, high = hint.range
        text += " " + t("render.hint.range", lang, min=number(low, lang), max=number(high, lang))
    return text


def numbers_phrase(n: int, lang: str) -> str:
    """"1, 2 hoặc 3" / "1, 2 or 3"."""
    if n <= 1:
        return "1"
    return ", ".join(str(i) for i in range(1, n)) + f" {t('render.or', lang)} {n}"


def answer_error_text(q: Question, key: str, params: dict[str, Any], lang: str) -> str:
    """An answer refused: the error's locale text, with a choice's option
    count worded "1, 2 hoặc 3" and the candidates of an ambiguous part listed
    by their option numbers ("1. Đã thực hiện 2. Đang thực hiện")."""
    params = dict(params)
    if "count" in params and key == "answer.bad_choice":
        params["numbers"] = numbers_phrase(int(params["count"]), lang)
    if "candidates" in params:
        ids = [o.id for o in q.options]
        params["options"] = " ".join(
            f"{ids.index(c) + 1}. {option_text(q, c, lang)}" for c in params.pop("candidates") if c in ids
        )
    return t(key, lang, **params)


def choice_options(q: Question, lang: str) -> tuple[Option, ...]:
    """Numbered options whose pressed value carries the question's token."""
    tag = token(q.id)
    return tuple(Option.button(f"{i}. {option_text(q, o.id, lang)}", str(i), tag) for i, o in enumerate(q.options, 1))


def numbered(options: tuple[Option, ...]) -> str:
    return "\n".join(o.label for o in options)


def review_mark(item: ReviewItem) -> str:
    """The status icon of a review line (the review's legend explains them)."""
    return "✅" if item.value is not None else ("⏭" if item.skipped else ("❗" if item.required else "▫️"))


def review_line(item: ReviewItem, q: Question, lang: str, *, full: bool = False) -> str:
    value = value_text(q, item.value, lang, full=full)
    return f"{item.number}. {review_mark(item)} {_clip(q_text(q, lang))}: {value}"


def short_label(q: Question, lang: str, width: int) -> str:
    """The question's short label (``short`` in the plan), else its text cut to ``width``."""
    text = " ".join((q.short_label(lang) or q_text(q, lang)).split())
    return text if len(text) <= width else text[: width - 1] + "…"
