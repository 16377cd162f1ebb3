"""``evidence``: a file or photo (stored as its channel's reference), or a
typed note such as a document number or a link."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.domain.evidence_files import reference
from bot.domain.questions.base import AnswerError, Phrase, Plain, QuestionKind, Shown
from bot.domain.questions.text import MAX_TEXT, clip_text

if TYPE_CHECKING:
    from bot.domain.plan.model import Question


def evidence_value(attachment: Mapping[str, Any]) -> dict[str, Any]:
    """The stored value for a file/photo sent as evidence (only known keys kept)."""
    keep = ("kind", "file_id", "url", "name", "size", "mime", "caption", "sha256")
    return {k: attachment[k] for k in keep if attachment.get(k) is not None}


class EvidenceKind(QuestionKind):
    name = "evidence"
    free_form = True

    def parse(self, q: Question, raw: str) -> dict[str, Any]:
        # A typed note (document number, link) is accepted as evidence too.
        return {"kind": "text", "text": clip_text(raw, MAX_TEXT, "answer.too_long_evidence")}

    def free_text(self, q: Question, value: Any) -> bool:
        # A typed note is read like a text answer; a file is opened, not read here.
        return isinstance(value, dict) and value.get("kind") == "text" and bool(str(value.get("text", "")).strip())

    def attach(self, q: Question, data: Mapping[str, Any]) -> dict[str, Any]:
        value = evidence_value(data)
        if not value.get("file_id") and not value.get("url"):
            raise AnswerError("answer.file_unreadable")
        return value

    def shown(self, q: Question, value: Any, lang: str) -> Shown:
        if isinstance(value, dict):
            if value.get("kind") == "text":
                return Plain(str(value.get("text", "")))
            name = value.get("name") or value.get("caption") or value.get("kind", "")
            return Phrase("render.file", {"name": str(name)})
        return Plain(str(value))

    def cell(self, q: Question, value: Any, lang: str) -> Any:
        if isinstance(value, dict):
            if value.get("kind") == "text":
                return str(value.get("text", ""))
            if isinstance(value.get("sha256"), str):
                # Kept by content hash: the reference fetches it (/minhchung, dvbot evidence get).
                return f"{value.get('name') or value.get('caption') or ''} [{reference(value['sha256'])}]".strip()
            return str(value.get("name") or value.get("url") or value.get("caption") or value.get("file_id") or "")
        return super().cell(q, value, lang)

    def link(self, q: Question, value: Any) -> str | None:
        if isinstance(value, dict):
            url = value.get("url")
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                return url
        return None


KIND = EvidenceKind()
