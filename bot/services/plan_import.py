"""``dvbot plan import`` and the chat's plan upload: a document file read
into text (.txt, .md, .docx with its footnotes, .pdf with a text layer), the
pure importer run on it (:mod:`bot.domain.plan.ingest`), and the preview an
admin checks, worded from the catalogue.

PDF text comes from pypdf (pure Python, no native library: a text layer's
words in reading order, which is all the importer needs — it reads no
tables or positions; pdfplumber adds pdfminer, pypdfium2 and Pillow for
layout analysis it would not use). A PDF with no text layer (a scan) is
:class:`NotAPlan` ``no_text``: nothing is guessed from images.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.errors import NotAPlan
from bot.domain.entities import StoredPlan
from bot.domain.plan.ingest import Imported, import_plan, to_yaml
from bot.domain.plan.ingest.preview import Entry
from bot.domain.plan.loader import load_plan_data
from locales import t
from storage.plans import store_plan
from storage.units import get_unit

SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    """The body's paragraphs and table cells in document order, then the
    footnote bodies ("1 Quyết định số …"), which the importer keeps apart."""
    import docx  # only when a Word file is imported

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            lines.append("".join(node.text or "" for node in block.iter(f"{_W}t")))
        elif block.tag == f"{_W}tbl":
            for cell in block.iter(f"{_W}p"):
                lines.append("".join(node.text or "" for node in cell.iter(f"{_W}t")))
    return "\n".join(lines + _footnote_lines(data))


def _footnote_lines(data: bytes) -> list[str]:
    """A Word file's footnote bodies as "1 Quyết định số …" lines (ids 0 and
    below are the separators Word keeps there); python-docx does not read them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "word/footnotes.xml" not in archive.namelist():
            return []
        root = ElementTree.fromstring(archive.read("word/footnotes.xml"))
    lines = []
    for note in root.iter(f"{_W}footnote"):
        number = note.get(f"{_W}id", "0")
        if number.isdigit() and int(number) > 0:
            lines.append(f"{number} " + "".join(node.text or "" for node in note.iter(f"{_W}t")).strip())
    return lines


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # only when a PDF is imported

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def read_document(name: str, data: bytes) -> str:
    """The text of a document file named ``name`` (its suffix says how)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise NotAPlan(f"{name}: cannot read {suffix or 'this'} files", reason="unsupported", suffix=suffix or name)
    if not data.strip():
        raise NotAPlan(f"{name}: the file is empty", reason="empty")
    if suffix == ".docx":
        return _readable(name, _docx_text, data)
    if suffix == ".pdf":
        text = _readable(name, _pdf_text, data)
        if not text.strip():
            raise NotAPlan(f"{name}: no text layer (a scan?)", reason="no_text")
        return text
    return data.decode("utf-8-sig", errors="replace")


def _readable(name: str, read: Callable[[bytes], str], data: bytes) -> str:
    """``read(data)``; a file its suffix misnames or that is damaged (not a
    zip, no PDF structure) is :class:`NotAPlan` ``unreadable``."""
    from pypdf.errors import PyPdfError

    try:
        return read(data)
    except (zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError, PyPdfError) as exc:
        raise NotAPlan(f"{name}: unreadable ({type(exc).__name__})", reason="unreadable") from exc


def import_document(name: str, data: bytes, *, year: int | None = None) -> Imported:
    """The draft of the plan in the file ``name``; :class:`NotAPlan` if none."""
    return import_plan(read_document(name, data), t, year=year, source=Path(name).name)


def _label(key: str, lang: str, **params: Any) -> str:
    return t(f"ingest.preview.{key}", lang, **params)


def _lines(entries: list[Entry], lang: str, limit: int = 12) -> list[str]:
    out = [f"  • {e.what} — {_label('line', lang, line=e.line)}: {e.text}"
           + (f" [{', '.join(_label('flag.' + f, lang) for f in e.flags)}]" if e.flags else "") for e in entries[:limit]]
    if len(entries) > limit:
        out.append("  " + _label("more", lang, count=len(entries) - limit))
    return out


def preview_text(imported: Imported, lang: str, *, limit: int = 12) -> str:
    """What was found (counts, each item with its line), what is missing and
    what was inferred, for an admin to check before activating."""
    draft, preview = imported.draft, imported.preview
    rounds = ", ".join(r["id"] for r in draft["rounds"]) or "—"
    out = [_label("title", lang, title=draft["title"], code=draft["code"], year=draft["year"]),
           _label("rounds", lang, rounds=rounds)]
    for name in ("areas", "targets", "deadlines"):
        entries = getattr(preview, name)
        out.append(_label(f"count.{name}", lang, count=len(entries)))
        out += _lines(entries, lang, limit)
    out.append(_label("count.tasks", lang, count=len(preview.tasks)))
    out.append(_label("count.countables", lang, count=len(preview.countables)))
    out += _lines(preview.countables, lang, limit)
    roles: dict[str, int] = {}
    for duty in preview.duties:
        roles[duty.what] = roles.get(duty.what, 0) + 1
    out.append(_label("count.duties", lang, count=len(preview.duties),
                      roles=", ".join(f"{_label('role.' + r, lang)} {n}" for r, n in roles.items()) or "—"))
    missing = [_label(f"missing_item.{m.split(':')[0]}", lang, round=m.partition(":")[2]) for m in preview.missing]
    out.append(_label("missing", lang, items="; ".join(missing) if missing else _label("nothing", lang)))
    out.append(_label("inferred", lang, count=len(preview.inferred)))
    out += [f"  • {_label('kind.' + e.what, lang)} — {_label('line', lang, line=e.line)}: {e.text}" for e in preview.inferred]
    return "\n".join(out)


def draft_yaml(imported: Imported) -> str:
    """The draft plan file, its sources as comments, the preview's missing
    and inferred items in a comment block on top."""
    notes = preview_text(imported, "vi").splitlines()
    return to_yaml(imported.draft, imported.sources, t, notes)


def as_json(imported: Imported) -> str:
    return json.dumps({"draft": imported.draft, "preview": imported.preview.to_data()}, ensure_ascii=False, indent=2)



def import_text(text: str) -> Imported:
    """The draft of a plan pasted as text (the chat's /nhapkehoach … /xong)."""
    return import_plan(text, t, source="chat")


async def activate(conn: AsyncConnection, text: str, roots: list[int], *, actor: str,
                   now: dt.datetime) -> tuple[StoredPlan, bool]:
    """Store the draft of ``text`` as a new plan version, binding the
    activating admin's own subtrees (``applies_to``): an admin of one
    department cannot set a plan for the whole province."""
    draft = import_text(text).draft
    draft["applies_to"] = [(await get_unit(conn, root)).code for root in roots]
    plan = load_plan_data(draft, "chat")
    return await store_plan(conn, plan, now=now, source="chat: /nhapkehoach", loaded_by=actor)
