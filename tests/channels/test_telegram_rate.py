"""The Telegram send caps are settings (``DVBOT_TELEGRAM_MAX_RATE``,
``DVBOT_TELEGRAM_GROUP_MAX_RATE``): they reach both limiters — PTB's
``AIORateLimiter`` in the adapter and the reminder dispatcher's windows — and
0 turns a cap off."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.telegram.adapter import TelegramAdapter
from bot.channels.telegram.ratelimit import MARGIN
from bot.core import channels as registry
from bot.core.messages import Channel, Incoming
from bot.core.ports import Rate
from bot.core.settings import Settings
from bot.services.reminders.ratelimit import Limits
from bot.shell.channels import install


def _settings(**kw: Any) -> Settings:
    return Settings(_env_file=None, telegram_token="123:abc", **kw)  # type: ignore[call-arg]


async def _handler(_incoming: Incoming) -> list[Any]:
    return []


def _ptb_limiter(settings: Settings) -> Any:
    adapter = TelegramAdapter.from_settings(settings, _handler)  # built, not started: no network
    return adapter.app.bot.rate_limiter


def test_defaults_are_telegrams_documented_caps() -> None:
    settings = _settings()
    assert (settings.telegram_max_rate, settings.telegram_group_max_rate) == (30, 20)
    install(settings)
    caps = registry.capabilities(Channel.TELEGRAM)
    assert (caps.send_rate, caps.group_rate) == (Rate(30, 1.0), Rate(20, 60.0))
    limiter = _ptb_limiter(settings)
    assert limiter._base_limiter.max_rate == 30 and limiter._base_limiter.time_period == 1
    assert (limiter._group_max_rate, limiter._group_time_period) == (20, 60)


def test_a_configured_cap_reaches_both_limiters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DVBOT_TELEGRAM_MAX_RATE", "12")
    monkeypatch.setenv("DVBOT_TELEGRAM_GROUP_MAX_RATE", "2.5")
    settings = _settings()
    install(settings)
    caps = registry.capabilities(Channel.TELEGRAM)
    assert caps.send_rate == Rate(12, 1.0)
    assert caps.group_rate == Rate(1, 24.0)  # 2.5 a minute: one every 24 s
    window = Limits.installed().channels["telegram"]
    assert (window.limit, window.period) == (12, 1.0)
    limiter = _ptb_limiter(settings)
    assert limiter._base_limiter.max_rate == 12
    assert limiter._group_max_rate == 2.5


def test_zero_turns_the_limiters_off() -> None:
    settings = _settings(telegram_max_rate=0, telegram_group_max_rate=0)
    install(settings)
    caps = registry.capabilities(Channel.TELEGRAM)
    assert caps.send_rate is None and caps.group_rate is None
    limits = Limits.installed()
    assert "telegram" not in limits.channels and "zalo" in limits.channels
    limiter = _ptb_limiter(settings)
    assert limiter._base_limiter is None and limiter._group_max_rate == 0


async def test_without_caps_the_dispatcher_never_waits() -> None:
    install(_settings(telegram_max_rate=0, telegram_group_max_rate=0))
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limits = Limits.installed(now=lambda: 0.0, sleep=sleep)  # a frozen clock: any wait would show
    for i in range(100):
        await limits.acquire("telegram", "-100" if i % 2 else str(i), is_group=bool(i % 2))
    assert slept == []
    limits.pause("telegram", 5)  # a 429 on an unlimited channel pauses nothing here
    await limits.acquire("telegram", "1", is_group=False)
    assert slept == []


def test_a_negative_cap_is_refused() -> None:
    with pytest.raises(ValueError):
        _settings(telegram_max_rate=-1)


async def test_the_overall_cap_holds_in_every_second_even_after_a_quiet_spell() -> None:
    """PTB's own limiter is a leaky bucket: after a quiet spell it lets 30
    through at once and 30 more within the same second. The adapter's holds at
    most 30 in any second (a little longer: MARGIN), on a fake clock."""
    clock = [1000.0]

    async def sleep(seconds: float) -> None:
        clock[0] += seconds

    limiter = _ptb_limiter(_settings())
    window = limiter._base_limiter.window
    window._now, window._sleep = (lambda: clock[0]), sleep
    sent: list[float] = []

    async def send(*_args: Any, **_kw: Any) -> bool:
        sent.append(clock[0])
        return True

    for n in range(100):
        if n == 50:
            clock[0] += 30  # quiet: a bucket would be full again
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": n}, None)
    assert len(sent) == 100
    for at in sent:
        assert sum(at <= other < at + 1.0 + MARGIN for other in sent) <= 30
    assert sent[29] == sent[0] and sent[30] == sent[0] + 1.0 + MARGIN  # 30 at once, the 31st a window later
