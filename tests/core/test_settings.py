from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.shell.cli import app


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("DVBOT_DATABASE_URL", "DVBOT_TIMEZONE", "DVBOT_LOCALE"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings()
    assert s.database_url == "sqlite+aiosqlite:///data/dvbot.sqlite3"
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.locale == "vi"
    assert not s.has_channel_token


def test_env_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DVBOT_LOCALE", raising=False)
    (tmp_path / ".env").write_text("DVBOT_LOCALE=en\nDVBOT_TELEGRAM_TOKEN=123:abc\n", encoding="utf-8")
    s = load_settings()
    assert s.locale == "en"
    assert s.telegram_token is not None and s.telegram_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(s)  # SecretStr never shows the token


@pytest.mark.parametrize(
    ("name", "value"),
    [("DVBOT_TIMEZONE", "Mars/Olympus"), ("DVBOT_LOCALE", "fr"), ("DVBOT_DATABASE_URL", "mysql://x"),
     ("DVBOT_WEBHOOK_PORT", "99999"), ("DVBOT_EXTRA_DAYS_OFF", '["13/02/2026"]')],
)
def test_invalid_setting_names_it_and_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path, name: str, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()
    result = CliRunner().invoke(app, ["migrate"])
    assert result.exit_code == 2
    assert name in result.output
    assert len(result.output.strip().splitlines()) == 1


# Settings that would weaken the webhooks are refused before anything starts:
# `dvbot run` (the real CLI) prints one line naming the setting and exits 2.
WEAK = [
    ("DVBOT_ZALO_WEBHOOK_SECRET", "x"),  # Zalo: 8-256 characters
    ("DVBOT_ZALO_WEBHOOK_SECRET", "1234567"),
    ("DVBOT_ZALO_WEBHOOK_SECRET", "y" * 257),
    ("DVBOT_ZALO_WEBHOOK_SECRET", ""),
    ("DVBOT_ZALO_WEBHOOK_SECRET", "mật-khẩu-bí-mật"),  # non-ASCII cannot travel in a header
    ("DVBOT_ZALO_WEBHOOK_SECRET", "has a space"),
    ("DVBOT_TELEGRAM_WEBHOOK_SECRET", ""),  # Telegram: 1-256 of A-Z a-z 0-9 _ -
    ("DVBOT_TELEGRAM_WEBHOOK_SECRET", "z" * 257),
    ("DVBOT_TELEGRAM_WEBHOOK_SECRET", "with.dot"),
    ("DVBOT_TELEGRAM_WEBHOOK_SECRET", "bímật"),
    ("DVBOT_WEBHOOK_URL", "http://bot.example.gov.vn"),
    ("DVBOT_WEBHOOK_URL", "bot.example.gov.vn"),
    ("DVBOT_WEBHOOK_URL", "https://"),
    ("DVBOT_WEBHOOK_URL", "ftp://bot.example.gov.vn"),
]


@pytest.mark.parametrize(("name", "value"), WEAK)
def test_run_refuses_a_setting_that_weakens_security(
    monkeypatch: pytest.MonkeyPatch, tmp_path, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3")
    monkeypatch.setenv("DVBOT_ZALO_TOKEN", "12345:zalo-token-value")
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]
    if value:
        assert value not in lines[0] or name == "DVBOT_WEBHOOK_URL"  # a secret is never echoed back
    assert not (tmp_path / "x.sqlite3").exists()  # refused before anything was opened


@pytest.mark.parametrize(
    ("name", "value"),
    [("DVBOT_ZALO_WEBHOOK_SECRET", "12345678"), ("DVBOT_ZALO_WEBHOOK_SECRET", "A" * 256),
     ("DVBOT_ZALO_WEBHOOK_SECRET", "p@ss:w0rd!~"), ("DVBOT_TELEGRAM_WEBHOOK_SECRET", "a"),
     ("DVBOT_TELEGRAM_WEBHOOK_SECRET", "A-z_09" * 42), ("DVBOT_WEBHOOK_URL", "https://bot.example.gov.vn/dvbot"),
     ("DVBOT_WEBHOOK_URL", "")],
)
def test_settings_within_the_platform_rules_are_accepted(
    monkeypatch: pytest.MonkeyPatch, tmp_path, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    s = load_settings()
    if name == "DVBOT_WEBHOOK_URL":
        assert s.webhook_url == (value or None)


def test_a_real_process_refuses_a_one_character_zalo_secret(tmp_path) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DVBOT_ZALO_TOKEN": "12345:zalo-token-value", "DVBOT_ZALO_WEBHOOK_SECRET": "x",
           "DVBOT_WEBHOOK_URL": "https://bot.example.gov.vn",
           "DVBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3"}
    dvbot = Path(sys.executable).with_name("dvbot")
    done = subprocess.run([str(dvbot), "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "DVBOT_ZALO_WEBHOOK_SECRET" in done.stderr and "8 to 256" in done.stderr
