"""``dvbot telegram …`` against the fake Bot API, run as the real CLI process."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.channels.telegram_support import fake_telegram
from tests.fakes.telegram_api import FakeTelegram

__all__ = ["fake_telegram"]

ROOT = Path(__file__).resolve().parents[2]


async def dvbot(fake: FakeTelegram, tmp_path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    environ = {
        "PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
        "DVBOT_TELEGRAM_TOKEN": fake.token, "DVBOT_TELEGRAM_API_BASE": fake.base,
        "DVBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3", **env,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "telegram", *args, cwd=tmp_path, env=environ,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_whoami_set_and_delete_webhook(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    code, out, _ = await dvbot(fake_telegram, tmp_path, "whoami")
    assert code == 0 and "@dvbot_test_bot (id 900001)" in out and "long polling" in out
    hook = {"DVBOT_WEBHOOK_URL": "https://bot.example.vn", "DVBOT_TELEGRAM_WEBHOOK_SECRET": "abc_DEF-123"}
    code, out, _ = await dvbot(fake_telegram, tmp_path, "set-webhook", **hook)
    assert (code, out.strip()) == (0, "webhook set: https://bot.example.vn/telegram")
    assert fake_telegram.webhook_secret == "abc_DEF-123"
    code, out, _ = await dvbot(fake_telegram, tmp_path, "whoami")
    assert "webhook: https://bot.example.vn/telegram (0 pending)" in out
    code, out, _ = await dvbot(fake_telegram, tmp_path, "delete-webhook")
    assert code == 0 and fake_telegram.webhook_url is None


async def test_deep_links_and_errors(fake_telegram: FakeTelegram, tmp_path: Path) -> None:
    code, out, _ = await dvbot(fake_telegram, tmp_path, "deep-link", "ABCD2345", "XYZ98765")
    assert code == 0
    assert out.split() == ["https://t.me/dvbot_test_bot?start=ABCD2345", "https://t.me/dvbot_test_bot?start=XYZ98765"]
    code, _, err = await dvbot(fake_telegram, tmp_path, "deep-link", "bad code!")
    assert code == 1 and "deep-link payload" in err
    code, _, err = await dvbot(fake_telegram, tmp_path, "set-webhook", DVBOT_WEBHOOK_URL="https://b.vn")
    assert code == 2 and "DVBOT_TELEGRAM_WEBHOOK_SECRET" in err
    code, _, err = await dvbot(fake_telegram, tmp_path, "whoami", DVBOT_TELEGRAM_TOKEN="999:WRONG")
    assert code == 1 and "dvbot:" in err and "Traceback" not in err
