"""The golden transcript format, shared by the console runner
(``tests/handlers/test_golden_transcripts.py``, which documents the format) and
the Telegram one (``tests/channels/telegram_golden.py``): parsing and rendering
a file, replaying its steps through a player, comparing or regenerating it
(``DVBOT_UPDATE_GOLDEN=1``)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

UPDATE = os.environ.get("DVBOT_UPDATE_GOLDEN") == "1"
STATE_MARK = "== state"


@dataclass
class Step:
    kind: str  # "comment" | "directive" | "say"
    line: str  # the line as written in the file
    expected: list[str] = field(default_factory=list)


@dataclass
class Transcript:
    steps: list[Step]
    state: str | None


def parse(text: str) -> Transcript:
    steps: list[Step] = []
    lines = text.splitlines()
    state: str | None = None
    for i, line in enumerate(lines):
        if line.startswith(STATE_MARK):
            state = "\n".join(lines[i + 1:]).strip()
            break
        if line.startswith("## ") or line == "##":
            steps.append(Step("comment", line))
        elif line.startswith("! "):
            steps.append(Step("directive", line))
        elif line == ">" or line.startswith("> "):
            steps.append(Step("say", line))
        elif steps and steps[-1].kind == "say":
            steps[-1].expected.append(line)
        elif line.strip():
            raise ValueError(f"line {i + 1}: text outside a reply: {line!r}")
    return Transcript(steps, state)


def _block(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def render(steps: list[Step], state: str) -> str:
    out: list[str] = []
    for st in steps:
        out.append(st.line)
        if st.kind == "say":
            body = _block(st.expected)
            if body:
                out.append(body)
            out.append("")
    out += [STATE_MARK, state, ""]
    return "\n".join(out)


class Plays(Protocol):
    async def directive(self, line: str) -> None: ...
    async def say(self, raw: str) -> str: ...


async def replay(script: Transcript, player: Plays) -> list[str]:
    """Play ``script``'s steps, filling in each step's actual reply; the mismatches."""
    mismatches: list[str] = []
    for st in script.steps:
        if st.kind == "directive":
            await player.directive(st.line)
        elif st.kind == "say":
            got = _block((await player.say(st.line[2:])).splitlines())
            if got != _block(st.expected):
                mismatches.append(f"{st.line}\n--- expected\n{_block(st.expected)}\n--- got\n{got}")
            st.expected = got.splitlines()
    return mismatches


def check_golden(path: Path, played: Callable[[Transcript], Coroutine[None, None, tuple[list[str], str]]]) -> None:
    """Play the golden at ``path``; rewrite it under DVBOT_UPDATE_GOLDEN=1, else compare."""
    script = parse(path.read_text(encoding="utf-8"))
    mismatches, state = asyncio.run(played(script))
    if UPDATE:
        path.write_text(render(script.steps, state), encoding="utf-8")
        return
    assert not mismatches, f"{path.name}: {len(mismatches)} replies differ\n\n" + "\n\n".join(mismatches[:3])
    assert state == script.state, f"{path.name}: final state differs"


def check_round_trips(files: list[Path]) -> None:
    """Parsing and rendering each golden file gives it back unchanged."""
    for path in files:
        text = path.read_text(encoding="utf-8")
        script = parse(text)
        assert script.state is not None, f"{path.name} has no '== state' block"
        assert render(script.steps, script.state) == text, path.name
