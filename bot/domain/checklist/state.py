"""The walk's state: where the officer is in one round's questionnaire. It is
saved in the session as JSON (``to_json``), so any replica can carry on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["asking", "review", "paused", "done", "cancelled"]


@dataclass(frozen=True)
class WalkState:
    round_id: str
    cursor: str | None = None  # the question being asked
    mode: Mode = "asking"
    skipped: frozenset[str] = frozenset()
    back_to_review: bool = False  # after an edit, show the review again
    locked: bool = False  # submitted/accepted: answers cannot change
    answers: Mapping[str, Any] = field(default_factory=dict)  # injected, not persisted
    # Injected too: an earlier round's answers to the same questions (pre-filling).
    previous: Mapping[str, Any] = field(default_factory=dict)
    # What was offered about an answer to the cursor's question (the readings of
    # "1,000", or a doubtful value and None for "type it again"), until the next
    # reply picks one; any other input drops them. ``put``: which question it was
    # (bot.domain.checklist.confirm).
    pending: tuple[Any, ...] | None = None
    put: str = "readings"
    # "Nộp báo cáo …? 1. Nộp 2. Chưa" was asked; the next reply says which.
    confirming: bool = False
    # An edit in progress (/sua N from the walk or the review): the question
    # edited, whose newly relevant follow-ups are asked next, and the question
    # the officer was at before it (back_to_review: the review instead).
    edited: str | None = None
    return_to: str | None = None
    edit_hidden: frozenset[str] = frozenset()  # the edited question's follow-ups hidden before the edit
    # The question answered by the last input, while the walk asks the next one
    # (a reply meant for it is asked about: bot.domain.checklist.confirm.slip).
    last_answered: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "round_id": self.round_id,
            "cursor": self.cursor,
            "mode": self.mode,
            "skipped": sorted(self.skipped),
            "back_to_review": self.back_to_review,
        }
        if self.pending is not None:  # absent otherwise: stored sessions keep their shape
            data["pending"] = list(self.pending)
            if self.put != "readings":
                data["put"] = self.put
        if self.confirming:
            data["confirming"] = True
        for key in ("edited", "return_to"):  # likewise
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.edit_hidden:
            data["edit_hidden"] = sorted(self.edit_hidden)
        if self.last_answered is not None and self.mode == "asking":
            data["last_answered"] = self.last_answered
        return data

    @classmethod
    def from_json(
        cls, data: Mapping[str, Any], answers: Mapping[str, Any], *, locked: bool = False,
        previous: Mapping[str, Any] | None = None,
    ) -> WalkState:
        return cls(
            round_id=str(data["round_id"]),
            cursor=data.get("cursor"),
            mode=data.get("mode", "asking"),
            skipped=frozenset(data.get("skipped", ())),
            back_to_review=bool(data.get("back_to_review", False)),
            locked=locked,
            pending=tuple(data["pending"]) if data.get("pending") is not None else None,
            confirming=bool(data.get("confirming", False)),
            edited=data.get("edited"),
            return_to=data.get("return_to"),
            edit_hidden=frozenset(data.get("edit_hidden", ())),
            put=str(data.get("put", "readings")),
            last_answered=data.get("last_answered"),
            answers=dict(answers),
            previous=dict(previous or {}),
        )
