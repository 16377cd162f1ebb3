"""Console ``/attach PATH``: a file that exists is sent as an attachment; one
that does not is refused with a clear message and never reaches the bot."""

from __future__ import annotations

import io
from pathlib import Path

from bot.channels.console import chat
from bot.core.messages import Incoming, Outgoing


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Incoming] = []

    async def __call__(self, incoming: Incoming) -> list[Outgoing]:
        self.seen.append(incoming)
        return [Outgoing(text="ok")]


async def _run(lines: str, lang: str = "vi") -> tuple[Recorder, str]:
    handler, out = Recorder(), io.StringIO()
    await chat(handler, "u1", None, io.StringIO(lines), out, lang=lang)
    return handler, out.getvalue()


async def test_attach_of_a_missing_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.pdf"
    handler, out = await _run(f"/attach {missing}\n/attach {tmp_path}\n/attach\n")
    assert handler.seen == []
    assert out.count("Không tìm thấy tệp") == 3 and str(missing) in out
    _, out = await _run(f"/attach {missing}\n", lang="en")
    assert "File not found" in out


async def test_attach_of_a_file_sends_it(tmp_path: Path) -> None:
    doc = tmp_path / "bien-ban.pdf"
    doc.write_bytes(b"%PDF-1.4")
    handler, out = await _run(f"/attach {doc}\n")
    [incoming] = handler.seen
    assert incoming.attachment is not None and incoming.attachment.name == "bien-ban.pdf"
    assert incoming.attachment.size == 8 and "ok" in out
