"""``dvbot zalo …`` against the fake server (served from a thread: the CLI
runs its own event loop)."""

from __future__ import annotations

from collections.abc import Iterator

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
