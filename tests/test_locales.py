"""The catalogues stay in step: same keys, same placeholders, NFC text, and
every key the code asks for exists."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from locales import LANGUAGES, catalogue, placeholders, t

ROOT = Path(__file__).resolve().parents[1]


def test_same_keys_in_every_language() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(set(vi) - set(en)) == [], "keys missing in en"
    assert sorted(set(en) - set(vi)) == [], "keys missing in vi"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_placeholders(lang: str) -> None:
    other = "en" if lang == "vi" else "vi"
    mine, theirs = catalogue(lang), catalogue(other)
    wrong = {k: (placeholders(v), placeholders(theirs[k])) for k, v in mine.items()
             if k in theirs and placeholders(v) != placeholders(theirs[k])}
    assert wrong == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_is_nfc_and_not_empty(lang: str) -> None:
    for key, text in catalogue(lang).items():
        assert text.strip(), key
        assert unicodedata.normalize("NFC", text) == text, key


def test_every_literal_key_used_in_code_exists() -> None:
    """``ctx.say("x.y")``, ``ctx.t("x.y")`` and ``t("x.y", …)`` with a literal key."""
    pattern = re.compile(r"""(?:\bsay|\.t|\bt)\(\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    missing = []
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            for key in pattern.findall(path.read_text(encoding="utf-8")):
                if key not in catalogue("vi"):
                    missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert missing == []


def test_fallback_and_formatting() -> None:
    assert t("status.days_left", "en", days=3) == "3 days left"
    assert t("status.days_left", "vi", days=3) == "còn 3 ngày"
    assert t("status.days_left", "xx", days=3) == "còn 3 ngày"  # unknown language → Vietnamese
    with pytest.raises(KeyError):
        t("no.such.key", "vi")


# Keys built at run time, by prefix, with every suffix the code can produce,
# enumerated from the registries that produce them. A new f-string key in the
# code fails `test_every_dynamic_key_site_is_enumerated` until it is listed here.
def _document_keys() -> set[str]:
    """The ``documents.`` keys the drafted reports use: every key the package
    names (``d("intro", …)``, ``"verdict.met"``) and the ones it builds."""
    from bot.domain.figures import CLOSING_PARTS
    from bot.services import documents
    from bot.services.documents.common import APPENDIX_COLUMNS
    from bot.services.documents.scope_report import SCORE_COLUMNS

    named: set[str] = set()
    for path in Path(documents.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        named.update(re.findall(r"""\bd\(\s*['"]([a-z_.]+)['"]""", text))
        named.update(re.findall(r"""['"]([a-z_]+(?:\.[a-z_]+)+)['"]""", text))
    return (named | {f"part.{p}" for p in CLOSING_PARTS} | {f"appendix.{h}" for h in APPENDIX_COLUMNS}
            | {f"scores.{h}" for h in SCORE_COLUMNS} | {f"target.{k}{s}" for k in ("min", "max") for s in ("", "_strict")})


def _ingest_keys() -> set[str]:
    """The ``ingest.`` keys a drafted plan's wording uses (``words.vi("q.task")``,
    ``words.text("section.plan", …)``) and the ones it builds."""
    from bot.domain.plan.ingest import draft, questions

    named: set[str] = set()
    for path in Path(draft.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        named.update(re.findall(r"""\b(?:vi|en|text|_shorts)\((?:words,\s*)?['"]([a-z_]+(?:\.[a-z_]+)*)['"]""", text))
    return (named | {f"round.{key}" for key, _ in draft.ROUNDS.values()}
            | {f"status.{key}" for _, key in questions._STATUS} | {f"rubric.{key}" for key, _ in questions.BANDS})


def _preview_keys() -> set[str]:
    """The keys of the import preview (bot/services/plan_import.preview_text)."""
    from typing import get_args

    from bot.domain.plan.ingest import preview
    from bot.domain.plan.ingest.duties import Role

    return ({"title", "rounds", "line", "more", "missing", "nothing", "inferred", "saved", "not_saved", "invalid"}
            | {f"count.{n}" for n in preview.COUNTED} | {f"role.{r}" for r in get_args(Role)}
            | {f"missing_item.{k}" for k in preview.MISSING} | {f"kind.{k}" for k in preview.INFERRED}
            | {f"flag.{f}" for f in preview.FLAGS})


def _dynamic_keys() -> dict[str, set[str]]:
    from typing import get_args

    from bot.domain.checklist import engine
    from bot.domain.status import DONE, SubmissionStatus
    from bot.domain.totals import LEVELS, PUNCTUALITY
    from bot.services import export, export_totals
    from bot.services.registration import CodeOutcome
    from bot.shell.web import audit as web_audit
    from bot.shell.web import schedule
    from handlers.flows.registration import PROFILE_STEPS
    from handlers.flows.report import NAV_KEYS

    statuses = {s.value for s in SubmissionStatus}
    notices = {  # every module of the checklist package (engine, navigate …) may raise a notice
        key for module in Path(engine.__file__).parent.glob("*.py")
        for key in re.findall(r'Notice\(\s*"walk\.([a-z_]+)"', module.read_text(encoding="utf-8"))
    }
    headers = set(re.findall(r'\bH\(\s*"([a-z_0-9]+)"', Path(export.__file__).read_text(encoding="utf-8")))
    reminder_states = {"not_started", "returned", "draft"}  # handlers/views/reminders.py folds the rest into draft
    return {
        "admin.status.": statuses,
        "status.": statuses,
        "groups.state.": statuses,
        "groups.status.": {str(s) for s in DONE},
        # an invite code refused (ok and throttled are answered otherwise; bad is a link code's)
        "register.code_": set(get_args(CodeOutcome)) - {"ok", "throttled", "bad"},
        "register.ask_": set(PROFILE_STEPS),
        "register.bad_": set(PROFILE_STEPS),
        "report.notice.": notices,
        "reminders.progress.": reminder_states,
        "reminders.status.": reminder_states,
        "admin.summary.score_": {"self", "appraised"},
        "admin.totals.level.": set(LEVELS),
        "documents.": _document_keys(),
        "ingest.": _ingest_keys(),
        "ingest.not_a_plan.": {"empty", "no_text", "no_content", "no_year", "unsupported", "unreadable"},  # NotAPlan.params["reason"]
        "ingest.preview.": _preview_keys(),
        "admin.export.totals_": {h.removeprefix("totals_") for h in export_totals.HEADERS if h.startswith("totals_")}
        | {"scope", "count", "rate", "attainment", "list", "text", "punctuality"},
        "admin.export.punctuality_": set(PUNCTUALITY),
        "admin.export.": headers | set(export_totals.HEADERS),
        "admin.review.comment_": {"returned", "accepted", "resubmitted"},  # handlers/flows/admin_read.comment_kind
        "render.target_min": {"", "_strict"},
        "render.target_max": {"", "_strict"},
        "nav.words.": set(NAV_KEYS) | {"edit"},
        "reminders.command.unreached_": {"none", "unreachable"},  # bot.services.reminders.manual._unreached
        "web.plan.kind.": set(schedule.KINDS),  # bot/shell/web/schedule.py
        "web.plan.recipient.": {"officer", "group", "admin"},
        "web.plan.why.": set(schedule.WHY),
        "web.audit.action.": set(web_audit.ACTIONS),  # bot/shell/web/audit.py
        "web.audit.field.": set(web_audit.FIELDS),
    }


_DYNAMIC_SITE = re.compile(r"""(?:\b(?:say|t|translate)\(|catalogue\([^)]*\)\[)\s*f["']([a-z_.]+)\{""")


def test_every_dynamic_key_site_is_enumerated() -> None:
    sites: set[str] = set()
    for folder in ("bot", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            sites.update(_DYNAMIC_SITE.findall(path.read_text(encoding="utf-8")))
    assert sites, "the site pattern found nothing: it is out of date"
    assert sorted(sites - set(_dynamic_keys())) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_dynamic_key_exists(lang: str) -> None:
    missing = [prefix + suffix for prefix, suffixes in _dynamic_keys().items() for suffix in suffixes
               if prefix + suffix not in catalogue(lang)]
    assert all(_dynamic_keys().values()), "a registry came back empty"
    assert missing == []


def _subclasses(cls: type) -> set[type]:
    return {cls} | {s for c in cls.__subclasses__() for s in _subclasses(c)}


def test_every_error_class_and_answer_error_key_exists() -> None:
    from bot.core import errors

    keys = {c.key for c in _subclasses(errors.DvbotError) if isinstance(c.__dict__.get("key"), str)}
    sources = [*(ROOT / "bot").rglob("*.py"), *(ROOT / "handlers").rglob("*.py")]
    for path in sources:
        keys.update(re.findall(r'(?:AnswerError|InvalidInput)\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)"',
                               path.read_text(encoding="utf-8")))
    assert len(keys) > 10
    assert sorted(k for k in keys if k not in catalogue("vi")) == []


def test_every_command_description_and_question_hint_exists() -> None:
    from bot.domain.questions import names
    from handlers.commands import all_commands

    keys = {c.description_key for c in all_commands() if c.description_key}
    keys |= {f"render.hint.{name}" for name in names()}
    assert sorted(k for k in keys if k not in catalogue("vi")) == []
