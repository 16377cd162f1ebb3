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
