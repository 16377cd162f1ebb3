"""How a question and the review list of a report look (text from locales)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.messages import Option
from bot.core.text import fold, split_text
from bot.domain.checklist import confirm
from bot.domain.checklist import engine as E
from bot.domain.plan.model import Plan, Question
from bot.domain.questions import kind_of
from bot.domain.scoring import ComputedScore
from handlers.context import Ctx
from handlers.views import render
from handlers.views.scoring import self_score_lines


def round_title(ctx: Ctx, plan: Plan, round_id: str) -> str:
    rnd = plan.round(round_id)
    return rnd.title_en if ctx.lang == "en" and rnd.title_en else rnd.title


def _section_title(ctx: Ctx, plan: Plan, round_id: str, q: Question) -> str | None:
    for s in plan.round(round_id).sections:
        if any(x.id == q.id for x in s.questions):
            return s.title_en if ctx.lang == "en" and s.title_en else s.title
    return q.source


def _says_optional(text: str) -> bool:
    """Plan texts often already end in "(nếu có)" / "(optional)"."""
    folded = fold(text)
    return any(w in folded for w in ("neu co", "optional", "khong bat buoc", "if any"))


def _section_changes(plan: Plan, round_id: str, q: Question, eff: E.Ask) -> bool:
    """Show the section title only on the first question of a section."""
    for s in plan.round(round_id).sections:
        ids = [x.id for x in s.questions]
        if q.id in ids:
            return ids.index(q.id) == 0
    return False


def ask_text(
    ctx: Ctx, plan: Plan, round_id: str, q: Question, eff: E.Ask
) -> tuple[str, tuple[Option, ...], tuple[Option, ...]]:
    parts = [ctx.t("report.header", title=round_title(ctx, plan, round_id), n=eff.number, total=eff.total)]
    section = _section_title(ctx, plan, round_id, q)
    if section and (eff.number == 1 or eff.current is not None or _section_changes(plan, round_id, q, eff)):
        parts.append(f"📂 {section}")
    body = render.q_text(q, ctx.lang)
    if not q.required and not _says_optional(body):
        body += " " + ctx.t("report.optional")
    parts.append(f"❓ {body}")
    if q.help:  # the plan's note on the question; for a scoring criterion, how it is scored
        parts.append(f"ℹ️ {q.help}")
    if q.target is not None:
        parts.append("🎯 " + render.target_text(q.target, ctx.lang, q))
    if q.max_points is not None:
        penalty = q.max == 0 and q.min is not None and q.min < 0  # a rubric penalty line: -max..0
        parts.append(ctx.t("report.max_penalty" if penalty else "report.max_points", points=render.number(q.max_points)))
    options: tuple[Option, ...] = ()
    if kind_of(q.type).options:
        options = render.choice_options(q, ctx.lang)
        parts.append(render.numbered(options))
    if eff.current is not None:
        parts.append(ctx.t("report.current", value=render.value_text(q, eff.current, ctx.lang)))
    elif eff.previous is not None:
        parts.append(ctx.t("report.previous", value=render.value_text(q, eff.previous, ctx.lang)))
    parts.append("✍️ " + render.type_hint(q, ctx.lang))
    parts.append(ctx.t("report.nav_optional" if not q.required else "report.nav"))
    footer = [Option(ctx.t("nav.button.back"), "/back")]
    if eff.current is not None:  # "Giữ nguyên": the typed keep word as a button, for this question only
        footer.append(Option.button(ctx.t("nav.button.keep"), "keep", render.token(q.id)))
    elif eff.previous is not None:  # the same keep word takes the previous round's answer
        footer.append(Option.button(ctx.t("nav.button.keep_previous"), "keep", render.token(q.id)))
    if not q.required:
        footer.append(Option(ctx.t("nav.button.skip"), "/skip"))
    footer += [Option(ctx.t("nav.button.review"), "/review"), Option(ctx.t("nav.button.pause"), "/pause")]
    return "\n".join(parts), options, tuple(footer)


def clarify_text(
    ctx: Ctx, q: Question, eff: E.Clarify, by_id: dict[str, Question] | None = None
) -> tuple[str, tuple[Option, ...]]:
    """"1,000 là 1000 hay 1?" with the readings as numbered choices; "Giá trị
    này thấp hơn chỉ tiêu 100% — giữ nguyên?" with 1. Giữ 2. Nhập lại; or "Có
    phải anh/chị định trả lời câu trước?" with 1. Câu trước 2. Câu này
    (buttons carry the question's token, like its own options)."""
    tag = render.token(q.id)
    prev = (by_id or {}).get(str(eff.params.get("previous", "")))
    if eff.put == confirm.SLIP and prev is not None:
        labels = [ctx.t("report.slip_previous", value=render.value_text(prev, eff.choices[0], ctx.lang)),
                  ctx.t("report.slip_this", value=render.value_text(q, eff.choices[1], ctx.lang))]
        question = ctx.t(eff.key, question=render.clip(render.q_text(prev, ctx.lang)))
        hint = ctx.t("report.choose_hint", numbers=render.numbers_phrase(len(labels), ctx.lang))
    elif eff.put == confirm.CONFIRM:
        labels = [ctx.t("report.confirm_keep"), ctx.t("report.confirm_retype")]
        question = ctx.t(eff.key, **{k: render.value_text(q, v, ctx.lang) for k, v in eff.params.items()})
        hint = ctx.t("report.choose_hint", numbers=render.numbers_phrase(len(labels), ctx.lang))
    else:
        labels = [render.value_text(q, value, ctx.lang) for value in eff.choices]
        question = ctx.t(eff.key, **eff.params, first=labels[0], second=labels[-1])
        hint = ctx.t("report.clarify_hint", numbers=render.numbers_phrase(len(labels), ctx.lang))
    options = tuple(Option.button(f"{i}. {text}", str(i), tag) for i, text in enumerate(labels, 1))
    return "\n".join(["❔ " + question, render.numbered(options), hint]), options


REVIEW_BUDGET = 1500  # characters of item lines per review message: under Zalo's 2,000 with the rest
LABEL_WIDTH = 40  # characters of a question's text in a review line, when it has no short label


def _compact_line(ctx: Ctx, it: E.ReviewItem, q: Question) -> str:
    value = render.value_text(q, it.value, ctx.lang) if it.value is not None else "—"
    return f"{it.number}. {render.review_mark(it)} {render.short_label(q, ctx.lang, LABEL_WIDTH)}: {value}"


def _page_of(pages: list[str], eff: E.ShowReview) -> int:
    """The page to show: the edited question's (back from an edit), else the one asked for."""
    if eff.focus is not None:
        number = next((it.number for it in eff.items if it.question_id == eff.focus), None)
        for i, page in enumerate(pages, 1):
            if number is not None and any(line.startswith(f"{number}. ") for line in page.split("\n")):
                return i
    return min(max(eff.page or 1, 1), len(pages))


def review_text(
    ctx: Ctx, plan: Plan, round_id: str, by_id: dict[str, Question], eff: E.ShowReview,
    computed: Sequence[ComputedScore] = (),
) -> tuple[str, tuple[Option, ...]]:
    """One page of the review (short labels, a legend, under 2,000 characters),
    and the buttons to the pages before and after it."""
    items = "\n".join(_compact_line(ctx, it, by_id[it.question_id]) for it in eff.items)
    pages = split_text(items, REVIEW_BUDGET) or [""]
    n = _page_of(pages, eff)
    lines = [ctx.t("report.review_title", title=round_title(ctx, plan, round_id), answered=eff.answered, total=eff.total),
             ctx.t("report.review_legend"), pages[n - 1]]
    footer: tuple[Option, ...] = ()
    if len(pages) > 1:
        lines.append(ctx.t("report.review_page", page=n, pages=len(pages), next=n % len(pages) + 1))
        footer = tuple(Option(ctx.t(key, page=p), f"/review {p}")
                       for key, p in (("nav.button.page_before", n - 1), ("nav.button.page_after", n + 1))
                       if 1 <= p <= len(pages))
    answers = {it.question_id: it.value for it in eff.items}  # a scoring round: the running score
    lines.extend(self_score_lines(ctx.lang, plan, round_id, answers, computed, final=eff.locked))
    if eff.locked:
        lines.append(ctx.t("report.review_locked"))
    elif eff.missing:
        lines.append(ctx.t("report.review_missing", count=len(eff.missing)))
    else:
        lines.append(ctx.t("report.review_ready"))
    return "\n".join(line for line in lines if line), footer
