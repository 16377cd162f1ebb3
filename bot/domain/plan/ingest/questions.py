"""The questionnaire a draft asks: per area a status choice per task, a
count per countable thing a task names (:mod:`.countable`), a result text
and a number question per measurable target; the unit's own
plan; the scoring dossier; and a sample rubric named after the decision the
plan cites. Wording comes from the caller's catalogue (``say``): the domain
holds no user text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.domain.plan.ingest.areas import Area, FoundTarget, slug
from bot.domain.plan.ingest.countable import Countable
from bot.domain.plan.ingest.found import Source, quote
from bot.domain.plan.ingest.targets import target_data

Say = Callable[..., str]  # locales.t: (key, lang, **params) -> text
Paths = dict[tuple[Any, ...], Source]
_STATUS = (("da", "done"), ("dang", "doing"), ("chua", "not_started"))
BANDS = (("good", 90), ("fair", 70), ("average", 50), ("poor", 0))  # the sample rubric's bands
_DECISION = re.compile(r"(Quyết định|QĐ)\s+số\s+(\d+)[\w/-]*")


class Words:
    """Vietnamese text and its English twin from one key."""

    def __init__(self, say: Say) -> None:
        self.say = say

    def vi(self, key: str, **params: Any) -> str:
        return self.say(f"ingest.{key}", "vi", **params)

    def en(self, key: str, **params: Any) -> str:
        return self.say(f"ingest.{key}", "en", **params)

    def text(self, key: str, prefix: str = "text", **params: Any) -> dict[str, str]:
        return {prefix: self.vi(key, **params), f"{prefix}_en": self.en(key, **params)}


def status_options(words: Words) -> list[dict[str, str]]:
    return [{"id": oid, **words.text(f"status.{key}")} for oid, key in _STATUS]


def _shorts(words: Words, key: str, **params: Any) -> dict[str, str]:
    return {"short": words.vi(key, **params)[:60], "short_en": words.en(key, **params)[:60]}


def target_question(target: FoundTarget, qid: str, words: Words) -> dict[str, Any]:
    kind = "percent" if target.reading.kind == "percent" else "integer"
    key = "q.percent" if kind == "percent" else "q.count"
    return {"id": qid, "type": kind, **words.text(key, target=quote(target.text, 160)),
            **_shorts(words, "q.target_short", source=target.clause), "required": False,
            "target": target_data(target.reading, target.text, target.clause), "source": target.clause}


def count_question(found: Countable, qid: str, task_qid: str, n: int, words: Words) -> dict[str, Any]:
    """How many of what task ``n`` names as countable, asked once it is done
    or in progress; its help quotes the task's words."""
    key, params = ("q.count_done", {"verb": found.verb}) if found.verb else ("q.count_asked", {})
    return {"id": qid, "type": "integer", **words.text(key, what=found.what, **params),
            **_shorts(words, "q.count_short", noun=found.noun, n=n), "help": words.vi("q.count_help", words=found.quoted),
            "required": False, "when": {task_qid: ["da", "dang"]}}


def area_section(area: Area, sid: str, words: Words) -> tuple[dict[str, Any], Paths]:
    """The section of one content area, and where each question comes from."""
    questions: list[dict[str, Any]] = []
    paths: Paths = {}
    for n, task in enumerate(area.tasks, start=1):
        paths[("questions", len(questions))] = task.source
        questions.append({"id": f"{sid}.nv-{n}", "type": "choice", **words.text("q.task", task=task.text),
                          **_shorts(words, "q.task_short", n=n), "options": status_options(words),
                          "source": area.clause})
        for found in task.countables:
            paths[("questions", len(questions))] = Source(found.line or task.source.line, found.quoted)
            questions.append({**count_question(found, f"{sid}.nv-{n}-so-{slug(found.noun, 2)}", f"{sid}.nv-{n}", n, words),
                              "source": area.clause})
    for n, target in enumerate(area.targets, start=1):
        paths[("questions", len(questions))] = target.source
        questions.append(target_question(target, f"{sid}.chi-tieu-{n}", words))
    questions.append({"id": f"{sid}.ket-qua", "type": "text", **words.text("q.result", area=quote(area.title, 120)),
                      **_shorts(words, "q.result_short"), "required": False, "max_length": 2000,
                      "source": area.clause})
    paths[()] = area.source
    return {"id": sid, "title": area.title, "source": area.clause, "questions": questions}, paths


def section_ids(areas: list[Area]) -> list[str]:
    """A readable, unique id per area ("quan-triet-va-to-chuc-hoc")."""
    ids: list[str] = []
    for area in areas:
        base = slug(area.title)
        sid, n = base, 2
        while sid in ids or sid in ("ke-hoach", "ho-so"):
            sid, n = f"{base}-{n}", n + 1
        ids.append(sid)
    return ids


def plan_section(words: Words, year: int, targets: list[FoundTarget]) -> dict[str, Any]:
    """The unit's own plan: issued? (with the target on it), its number and date."""
    issued: dict[str, Any] = {"id": "ke-hoach.ban-hanh", "type": "choice", **words.text("q.plan_issued", year=year),
                              **_shorts(words, "q.plan_issued_short"), "options": status_options(words)}
    if targets:
        issued["target"] = {"equals": "da", "source": targets[0].clause, "text": targets[0].text}
    number = {"id": "ke-hoach.so-hieu", "type": "text", **words.text("q.plan_number"),
              **_shorts(words, "q.plan_number_short"), "max_length": 120, "when": {"ke-hoach.ban-hanh": ["da"]}}
    return {"id": "ke-hoach", **words.text("section.plan", prefix="title"), "questions": [issued, number]}


def dossier_section(words: Words) -> dict[str, Any]:
    return {"id": "ho-so", **words.text("section.dossier", prefix="title"), "questions": [
        {"id": "ho-so.bang-diem", "type": "evidence", **words.text("q.dossier"),
         **_shorts(words, "q.dossier_short"), "required": False}]}


def rubric_stub(cited: str, areas: list[Area], words: Words) -> dict[str, Any]:
    """A sample rubric (``sample: true``) named after the decision the
    self-scoring clause cites: one criterion per content area."""
    match = _DECISION.search(cited)
    ref = match.group(0) if match else words.vi("rubric.the_plan")
    rid = f"qd-{match.group(2)}-mau" if match else "bang-diem-mau"
    each = round(100 / max(len(areas), 1), 2)
    criteria = [{"id": f"linh-vuc-{n}", "text": area.title, "max_points": each} for n, area in enumerate(areas, 1)]
    return {"id": rid, "title": words.vi("rubric.title", ref=ref), "sample": True, "note": words.vi("rubric.note", ref=ref),
            "total_points": round(each * len(criteria), 2) or 100,
            "bands": [{"label": words.vi(f"rubric.{k}"), "label_en": words.en(f"rubric.{k}"), "min": m}
                      for k, m in BANDS],
            "groups": [{"id": "linh-vuc", **words.text("rubric.group", prefix="title"), "criteria": criteria}]}
