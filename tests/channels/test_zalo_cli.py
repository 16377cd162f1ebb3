"""``dvbot zalo …`` against the fake server (served from a thread: the CLI
runs its own event loop)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.shell.cli import app
from tests.fakes.zalo_api import FakeZaloApi


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeZaloApi]:
    server = FakeZaloApi()
    with server.in_thread():
        monkeypatch.setenv("DVBOT_ZALO_TOKEN", server.token)
        monkeypatch.setenv("DVBOT_ZALO_API_BASE", server.base_url)
        monkeypatch.setenv("DVBOT_WEBHOOK_URL", "https://dvbot.tayninh.gov.vn/")
        monkeypatch.setenv("DVBOT_ZALO_WEBHOOK_SECRET", "s3cret-s3cret")
        yield server


def test_set_and_delete_webhook(fake: FakeZaloApi) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["zalo", "set-webhook"])
    assert result.exit_code == 0, result.output
    assert "https://dvbot.tayninh.gov.vn/zalo" in result.output
    assert (fake.webhook_url, fake.webhook_secret) == ("https://dvbot.tayninh.gov.vn/zalo", "s3cret-s3cret")
    assert fake.token not in result.output
    result = runner.invoke(app, ["zalo", "whoami"])
    assert result.exit_code == 0, result.output
    assert f"name: {fake.name}" in result.output
    assert "webhook: https://dvbot.tayninh.gov.vn/zalo" in result.output
    assert "can join groups: no" in result.output
    result = runner.invoke(app, ["zalo", "delete-webhook"])
    assert result.exit_code == 0, result.output
    assert fake.webhook_url == ""


def test_missing_settings_and_bad_token(fake: FakeZaloApi, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    monkeypatch.delenv("DVBOT_WEBHOOK_URL")
    result = runner.invoke(app, ["zalo", "set-webhook"])
    assert result.exit_code == 2 and "DVBOT_WEBHOOK_URL" in result.output
    monkeypatch.setenv("DVBOT_ZALO_TOKEN", "1:refused-token")
    result = runner.invoke(app, ["zalo", "whoami"])
    assert result.exit_code == 1
    assert "refused-token" not in result.output


def test_set_webhook_prints_zalos_verification_and_hint(fake: FakeZaloApi) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["zalo", "set-webhook"])
    assert result.exit_code == 0, result.output
    assert "verification: ok (HTTP 200, success, 42 ms)" in result.output
    fake.verification = {"ok": False, "status_code": 403, "outcome": "forbidden", "latency_ms": 80,
                         "hint": "Kiểm tra tường lửa"}
    result = runner.invoke(app, ["zalo", "set-webhook"])
    assert result.exit_code == 0, result.output
    assert "verification: FAILED (HTTP 403, forbidden, 80 ms)" in result.output
    assert "hint: Kiểm tra tường lửa" in result.output and "Java/" in result.output


def test_run_refuses_to_poll_over_a_webhook_and_names_the_command(
    fake: FakeZaloApi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DVBOT_WEBHOOK_URL")  # polling mode …
    monkeypatch.setenv("DVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    fake.webhook_url = "https://dvbot.tayninh.gov.vn/zalo"  # … while production runs on the webhook
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2, result.output
    assert "dvbot zalo delete-webhook" in result.output and "--force" in result.output
    assert fake.webhook_url == "https://dvbot.tayninh.gov.vn/zalo"
    assert fake.calls_of("deleteWebhook") == []


def test_status_shows_quota_users_and_pause(
    fake: FakeZaloApi, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DVBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    monkeypatch.setenv("DVBOT_ZALO_MONTHLY_QUOTA", "200")
    result = CliRunner().invoke(app, ["zalo", "status"])
    assert result.exit_code == 0, result.output
    assert "0/200 messages sent" in result.output
    assert "users linked: 0/50" in result.output and "sending: running" in result.output
