"""The draft as a YAML plan file whose comments say where each item comes
from (the source line and its words), and what is missing or inferred.

A small block-style writer: strings are written as JSON strings (valid YAML
double-quoted scalars), so the text reads back exactly; ``yaml.safe_load``
of the output is the draft.
"""

from __future__ import annotations

import json
from typing import Any

from bot.domain.plan.ingest.questions import Paths, Say


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


class _Writer:
    def __init__(self, sources: Paths, say: Say) -> None:
        self.sources = sources
        self.say = say
        self.lines: list[str] = []

    def comment(self, path: tuple[Any, ...], pad: str) -> None:
        src = self.sources.get(path)
        if src is not None:
            self.lines.append(f"{pad}# {self.say('ingest.yaml.source', 'vi', line=src.line, text=src.quoted)}")

    def value(self, key: str, value: Any, path: tuple[Any, ...], pad: str) -> None:
        self.comment(path, pad)
        if isinstance(value, dict | list) and value:
            self.lines.append(f"{pad}{key}:")
            self.node(value, path, pad + "  ")
        elif isinstance(value, dict | list):
            self.lines.append(f"{pad}{key}: {'{}' if isinstance(value, dict) else '[]'}")
        else:
            self.lines.append(f"{pad}{key}: {_scalar(value)}")

    def node(self, value: Any, path: tuple[Any, ...], pad: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                self.value(str(key), item, (*path, key), pad)
            return
        for index, item in enumerate(value):
            if not isinstance(item, dict | list) or not item:
                self.comment((*path, index), pad)
                self.lines.append(f"{pad}- {_scalar(item) if not isinstance(item, dict | list) else '{}'}")
                continue
            self.comment((*path, index), pad)
            start = len(self.lines)
            self.node(item, (*path, index), pad + "  ")
            first = next(i for i in range(start, len(self.lines)) if not self.lines[i].lstrip().startswith("#"))
            self.lines[first] = f"{pad}- {self.lines[first][len(pad) + 2:]}"


def to_yaml(draft: dict[str, Any], sources: Paths, say: Say, notes: list[str] | None = None) -> str:
    """The plan file text: ``notes`` (the preview's missing and inferred
    lines) as a comment block on top, then the draft with its sources."""
    writer = _Writer(sources, say)
    writer.lines += [f"# {note}" for note in notes or []]
    writer.node(draft, (), "")
    return "\n".join(writer.lines) + "\n"
