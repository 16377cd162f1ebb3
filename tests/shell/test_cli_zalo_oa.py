"""``dvbot run`` refuses weak Zalo OA settings (exit 2, naming the setting);
``dvbot zalo-oa authorize`` explains and seeds; ``dvbot zalo-oa status``
shows the pair's expiry, the quota, the webhook and who is outside the
window — never a token."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from storage import zalo_oa as store
from tests.fakes.zalo_oa_api import APP_ID, APP_SECRET, OA_SECRET
from tests.support.cli import cli_env, dvbot

__all__ = ["cli_env"]


@pytest.fixture
def oa_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVBOT_ZALO_OA_APP_ID", APP_ID)
    monkeypatch.setenv("DVBOT_ZALO_OA_SECRET_KEY", APP_SECRET)
    monkeypatch.setenv("DVBOT_ZALO_OA_WEBHOOK_SECRET", OA_SECRET)
    monkeypatch.setenv("DVBOT_WEBHOOK_URL", "https://dvbot.example.gov.vn")


@pytest.mark.parametrize(("name", "value", "said"), [
    ("DVBOT_WEBHOOK_URL", "", "DVBOT_WEBHOOK_URL"),
    ("DVBOT_ZALO_OA_WEBHOOK_SECRET", APP_SECRET, "OA Secret Key"),
    ("DVBOT_ZALO_OA_WEBHOOK_SECRET", "short", "DVBOT_ZALO_OA_WEBHOOK_SECRET"),
    ("DVBOT_ZALO_OA_SECRET_KEY", "has a space in it 0123", "DVBOT_ZALO_OA_SECRET_KEY"),
    ("DVBOT_ZALO_OA_APP_ID", "my-app", "DVBOT_ZALO_OA_APP_ID"),
])
def test_run_refuses_weak_oa_settings(oa_env: None, monkeypatch: pytest.MonkeyPatch,
                                      name: str, value: str, said: str) -> None:
    monkeypatch.setenv(name, value)
    code, out = dvbot("run")
    assert code == 2 and said in out, out


def test_run_refuses_an_oa_without_its_webhook_secret(oa_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DVBOT_ZALO_OA_WEBHOOK_SECRET")
    code, out = dvbot("run")
    assert code == 2 and "OA Secret Key" in out and "Webhook" in out


def test_run_refuses_when_no_token_can_be_had(oa_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVBOT_WEBHOOK_PORT", "18999")
    code, out = dvbot("run")
    assert code == 2 and "DVBOT_ZALO_OA_REFRESH_TOKEN" in out and "dvbot zalo-oa authorize" in out


def test_authorize_explains_then_seeds_and_status_shows_no_token(oa_env: None) -> None:
    code, out = dvbot("zalo-oa", "authorize")
    assert code == 0 and f"app_id={APP_ID}" in out and "dvbot zalo-oa authorize --refresh-token" in out
    code, out = dvbot("zalo-oa", "status")
    assert code == 0 and "DVBOT_ZALO_OA_REFRESH_TOKEN" in out  # nothing stored yet
    code, out = dvbot("zalo-oa", "authorize", "--refresh-token", "rt-new-secret-token")
    assert code == 0
    code, out = dvbot("zalo-oa", "status")
    assert code == 0 and f"Ứng dụng Zalo {APP_ID}" in out and "/zalo-oa" in out
    assert "Hạn mức tin nhắn: đang gửi bình thường" in out and "rt-new-secret-token" not in out


def test_status_shows_a_lost_pair_the_quota_pause_and_refusals(oa_env: None) -> None:
    assert dvbot("zalo-oa", "authorize", "--refresh-token", "rt-first")[0] == 0

    async def damage() -> None:
        rt = await Runtime.open(Settings())
        now = rt.clock.now()
        try:
            async with rt.begin() as conn:
                await store.mark_lost(conn, APP_ID, "Zalo refused the stored refresh token", now)
                await store.claim_quota_notice(conn, APP_ID, now + dt.timedelta(days=3), now)
                await store.webhook_seen(conn, APP_ID, now, "the signature does not match: … OA Secret Key …")
        finally:
            await rt.close()

    asyncio.run(damage())
    code, out = dvbot("zalo-oa", "status")
    assert code == 0
    assert "Cặp mã đã MẤT" in out and "Zalo refused the stored refresh token" in out
    assert "Hết hạn mức tin nhắn" in out and "Webhook: từ chối lần gần nhất" in out
