"""A plan document's text in, a plan draft and its provenance out.

The draft is a plain mapping that validates with the plan model
(:class:`bot.domain.plan.model.Plan`); ``sources`` maps a path inside it
(``("rounds", 1, "sections", 0)``) to the line it was read from, which the
YAML output writes as comments; the preview says what was found, what is
missing and what was inferred. Pure: no I/O, wording from ``say``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from bot.core.errors import NotAPlan
from bot.domain.plan.ingest.areas import Area, FoundTarget, read_areas, read_targets, slug
from bot.domain.plan.ingest.countable import line_of
from bot.domain.plan.ingest.duties import read_deadlines, read_duties
from bot.domain.plan.ingest.found import Source
from bot.domain.plan.ingest.header import Header, read_closing, read_header, references
from bot.domain.plan.ingest.normalise import fix_glyphs, normalise
from bot.domain.plan.ingest.outline import first, split_parts
from bot.domain.plan.ingest.preview import Entry, Preview
from bot.domain.plan.ingest.questions import (
    Paths,
    Say,
    Words,
    area_section,
    dossier_section,
    plan_section,
    rubric_stub,
    section_ids,
)
from bot.domain.plan.ingest.targets import target_data
from bot.domain.plan.ingest.timing import Deadline

# round id -> (wording key, round kind), in the order rounds are drafted
ROUNDS = {"ke-hoach": ("plan", "plan"), "quy": ("quarter", "report"), "6-thang": ("six_months", "report"),
          "9-thang": ("nine_months", "report"), "ca-nam": ("year_report", "report"),
          "tu-cham-diem": ("scoring", "scoring")}
_PERIOD_END = {"6-thang": (6, 30), "9-thang": (9, 30), "ca-nam": (12, 31), "tu-cham-diem": (12, 31)}
_RANK = {"xa": 0, "huyen": 1, "tinh": 2}
_YEAR = re.compile(r"\bnăm\s+(20\d\d)\b")


@dataclass
class Imported:
    draft: dict[str, Any]
    sources: Paths
    preview: Preview


def _year(header: Header, given: int | None, preview: Preview) -> int:
    if given:
        return given
    if header.date:
        return header.date.year
    found = _YEAR.search(header.title or "")
    if found is None:
        raise NotAPlan("the plan's year is not stated: give it (--year)", reason="no_year")
    source = header.sources.get("title")
    preview.inferred.append(Entry.of("year", source.line if source else 0, found.group(0), "year_from_title"))
    return int(found.group(1))


def _document(header: Header, words: Words, footnotes: list[dict[str, Any]], source: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"issuer": header.issuer or words.vi("unknown")}
    for key in ("number", "place", "title", "signer", "signed_as"):
        if getattr(header, key):
            doc[key] = getattr(header, key)
    if header.date:
        doc["date"] = header.date.isoformat()
    if header.number is None or header.date is None:
        doc["blank_reason"] = words.vi("blank.left_blank" if header.number_line or header.date_line else "blank.absent")
    doc["bases"] = header.bases + footnotes
    doc["implements"] = header.implements
    doc["recipients"] = header.recipients
    if source:
        doc["source"] = source
    return doc


def addressee(recipient: str | None, named: list[str]) -> str | None:
    """To whom a round is sent. A report sent only "(qua Sở Nội vụ)" goes to
    the body the plan names elsewhere with that same "(qua …)" ("gửi kế hoạch
    về Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"), as the document words it; when
    no other clause does, to the office itself ("Phòng Nội vụ thành phố")."""
    if recipient is None or not recipient.startswith("(qua "):
        return recipient
    return next((r for r in named if r.endswith(recipient) and r != recipient), recipient[len("(qua "):-1])


def _reporters(recipient: str | None, level: str, clause: str) -> dict[str, Any]:
    """The issuer's own units report to it (``children``); a report sent to a
    level above the issuer is the issuer's own (``self``). ``clause`` is the
    one that binds them by name (the first addressed to the reporting
    parties: "Thủ trưởng các sở, ban, ngành tỉnh; … có trách nhiệm:"), else
    the clause stating the deadline."""
    words = (recipient or "").lower()
    rank = 2 if "tỉnh" in words else 1 if re.search(r"huyện|thành phố|thị xã|quận", words) else None
    who = "self" if rank is not None and rank > _RANK.get(level, 2) else "children"
    return {"who": who, "source": clause}


def _round(rid: str, d: Deadline, year: int, level: str, sections: list[dict[str, Any]], words: Words,
           parties: tuple[list[str], str | None]) -> dict[str, Any]:
    key, kind = ROUNDS[rid]
    rnd: dict[str, Any] = {"id": rid, **words.text(f"round.{key}", prefix="title", year=year), "kind": kind}
    if d.date:
        rnd["deadline"] = d.date.isoformat()
    rnd.update(deadline_kind=d.kind, deadline_text=d.text)
    named, bound = parties
    recipient = addressee(d.recipient, named)
    if recipient:
        rnd["recipient"] = recipient
    rnd["reporters"] = _reporters(recipient, level, bound or d.clause)
    if rid in _PERIOD_END:
        end = dt.date(year, *_PERIOD_END[rid])
        period: dict[str, Any] = {"from": f"{year}-01-01", "to": end.isoformat(), "source": d.clause}
        if d.date and d.date <= end and kind == "report":
            period["estimate_to_end"] = True
        rnd["period"] = period
    rnd["source"] = d.clause
    rnd["sections"] = sections
    return rnd


def _footnotes(notes: tuple[tuple[str, str], ...], raw: list[str], paths: Paths, start: int) -> list[dict[str, Any]]:
    refs: list[dict[str, Any]] = []
    for _, body in notes:
        line = next((n for n, text in enumerate(raw, 1) if body[:30] in text), 0)
        for ref in references(body):
            paths[("document", "bases", start + len(refs))] = Source(line, body)
            refs.append(ref)
    return refs


def _chosen(deadlines: list[Deadline]) -> dict[str, Deadline]:
    """Per round, the dated deadline first stated (else the undated one)."""
    chosen: dict[str, Deadline] = {}
    for d in deadlines:
        if d.purpose in ROUNDS and (d.purpose not in chosen or (chosen[d.purpose].date is None and d.date)):
            chosen[d.purpose] = d
    return chosen


def _preview_items(preview: Preview, areas: list[Area], targets: list[FoundTarget], deadlines: list[Deadline]) -> None:
    for area in areas:
        preview.areas.append(Entry.of(area.clause, area.source.line, area.title))
        preview.tasks += [Entry.of(area.clause, t.source.line, t.text) for t in area.tasks]
        preview.countables += [Entry.of(area.clause, c.line, c.quoted) for t in area.tasks for c in t.countables]
        preview.targets += [Entry.of(t.clause, t.source.line, t.text, "in_task") for t in area.targets if t.clause == area.clause]
    for t in targets:
        preview.targets.append(Entry.of(t.clause, t.source.line, t.text, "compared" if t.reading.compared else "",
                                        "placed" if t.placed else "", "not_measurable" if not t.reading.measurable else ""))
        if t.placed and t.area is not None:
            preview.inferred.append(Entry.of("target_area", t.source.line, f"{t.clause} → {areas[t.area].clause}"))
    for d in deadlines:
        preview.deadlines.append(Entry.of(d.purpose, d.source.line, d.text, "year_inferred" if d.year_inferred else "",
                                          d.flag or ""))
        if d.year_inferred and d.date:
            preview.inferred.append(Entry.of("deadline_year", d.source.line, f"{d.text} → {d.date.isoformat()}"))


def import_plan(text: str, say: Say, *, year: int | None = None, source: str | None = None) -> Imported:
    """The draft of the plan ``text`` states; :class:`NotAPlan` when it is none."""
    if not text.strip():
        raise NotAPlan("the document is empty", reason="empty")
    norm = normalise(text)
    parts = split_parts(norm.lines)
    content = first(parts, "content")
    areas = read_areas(content) if content else []
    if not areas or "kế hoạch" not in norm.text.lower():
        raise NotAPlan("no plan content part (NỘI DUNG…) with areas", reason="no_content")
    raws = fix_glyphs(text).splitlines()  # the lines the normaliser numbers
    for task in (task for area in areas for task in area.tasks):
        task.countables = [replace(c, line=line_of(c, task.source.line, raws)) for c in task.countables]
    words, preview = Words(say), Preview()
    paths: Paths = {}
    header = read_header(parts[0].lines)
    closing = first(parts, "closing")
    read_closing(header, closing.lines if closing else [])
    year = _year(header, year, preview)
    level = header.level or "tinh"
    targets = read_targets(first(parts, "targets"), areas)
    deadlines = read_deadlines(parts, year)
    duties = read_duties(parts)
    footnotes = _footnotes(norm.footnotes, text.splitlines(), paths, len(header.bases))
    doc = _document(header, words, footnotes, source)
    for key, src in header.sources.items():
        paths[("document", key)] = src
    sids = section_ids(areas)
    sections: list[dict[str, Any]] = []
    for area, sid in zip(areas, sids, strict=True):
        section, where = area_section(area, sid, words)
        sections.append(section)
        paths.update({("sections", sid, *k): v for k, v in where.items()})
    chosen = _chosen(deadlines)
    parties = ([d.recipient for d in deadlines if d.recipient and not d.recipient.startswith("(qua ")],
               next((duty.clause for duty in duties if duty.role == "reporter"), None))
    rounds: list[dict[str, Any]] = []
    for rid in (r for r in ROUNDS if r in chosen):
        d = chosen[rid]
        kind = ROUNDS[rid][1]
        own = [t for t in targets if t.own_plan]
        body = ([plan_section(words, year, own)] if kind == "plan" else
                [dossier_section(words)] if kind == "scoring" else sections)
        rnd = _round(rid, d, year, level, body, words, parties)
        if rid == "ca-nam" and "6-thang" in chosen:
            rnd["carry_from"] = ["6-thang"]
        if kind == "scoring":
            rnd["rubric"] = ""  # set below, once the rubric exists
        paths[("rounds", len(rounds))] = d.source
        rounds.append(rnd)
    rubrics: list[dict[str, Any]] = []
    for rnd in rounds:
        if rnd["kind"] == "scoring":
            rubrics.append(rubric_stub(chosen["tu-cham-diem"].source.text, areas, words))
            rnd["rubric"] = rubrics[-1]["id"]
    milestones: list[dict[str, Any]] = []
    for d in deadlines:
        if d.purpose in ("appraisal", "other") and d.date:
            paths[("milestones", len(milestones))] = d.source
            milestones.append({"date": d.date.isoformat(), "text": re.sub(r"^[-–•+]\s*", "", d.source.text), "source": d.clause})
    plan_targets: list[dict[str, Any]] = []
    for t in targets:
        paths[("targets", len(plan_targets))] = t.source
        plan_targets.append(target_data(t.reading, t.text, t.clause))
    subject = header.title or (content.title if content else "")
    draft: dict[str, Any] = {
        "schema_version": 1, "code": f"{slug((header.issuer or 'ke-hoach').removeprefix('UBND '), 6)}-{year}",
        "title": words.vi("plan_title", subject=subject[:1].lower() + subject[1:]), "document": doc,
        "year": year, "level": level, "targets": plan_targets, "milestones": milestones,
        "rounds": rounds, "rubrics": rubrics,
    }
    _preview_items(preview, areas, targets, deadlines)
    preview.duties = [Entry.of(d.role, d.line, f"{d.party}: {d.text}") for d in duties]
    preview.missing = _missing(header, targets, chosen, first(parts, "targets") is not None)
    preview.inferred += [Entry.of(f.kind, f.source.line if f.source else 0, f.what) for f in header.flags]
    if header.level is None:
        preview.inferred.append(Entry.of("level", 0, level))
    return Imported(draft, _relocate(paths, draft), preview)


def _missing(header: Header, targets: list[FoundTarget], chosen: dict[str, Deadline], has_targets: bool) -> list[str]:
    missing = [k for k in ("issuer", "number", "date", "place", "title", "signer", "signed_as") if not getattr(header, k)]
    if not header.recipients:
        missing.append("recipients")
    if not has_targets:
        missing.append("targets")
    if not chosen:
        missing.append("deadlines")
    missing += [f"deadline:{rid}" for rid, d in chosen.items() if d.date is None]
    return missing


def _relocate(paths: Paths, draft: dict[str, Any]) -> Paths:
    """Section paths (by id) written out for each round that asks them."""
    out: Paths = {k: v for k, v in paths.items() if k[0] != "sections"}
    for ri, rnd in enumerate(draft["rounds"]):
        for si, section in enumerate(rnd["sections"]):
            for key, src in paths.items():
                if key[0] == "sections" and key[1] == section["id"]:
                    out[("rounds", ri, "sections", si, *key[2:])] = src
    return out
