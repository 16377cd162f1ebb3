"""Capabilities: each channel declares its own; the composition root
registers them; handlers and reminders ask the registry."""

from __future__ import annotations

import pytest

from bot.channels import console, telegram, zalo
from bot.core import channels as registry
from bot.core.messages import Channel
from bot.core.ports import Rate
from bot.core.settings import Settings
from bot.shell.channels import CHANNELS, install


def test_every_channel_has_an_entry_and_is_registered() -> None:
    assert set(CHANNELS) == set(Channel)
    assert set(registry.registered()) == set(Channel)


def test_declared_capabilities() -> None:
    assert registry.capabilities(Channel.TELEGRAM) == telegram.CAPABILITIES  # with the default caps
    assert registry.capabilities("console") is console.CAPABILITIES
    tg = telegram.CAPABILITIES
    assert (tg.text_limit, tg.send_rate, tg.group_rate) == (4096, Rate(30, 1.0), Rate(20, 60.0))
    assert zalo.CAPABILITIES.text_limit == 2000 and not zalo.CAPABILITIES.buttons


def test_zalo_rate_comes_from_the_settings() -> None:
    install(Settings(zalo_rate_per_second=2, _env_file=None))  # type: ignore[call-arg]
    assert registry.capabilities(Channel.ZALO).send_rate == Rate(1, 0.5)


def test_an_unregistered_channel_is_a_bug_not_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", {})
    with pytest.raises(LookupError):
        registry.capabilities(Channel.ZALO)
    with pytest.raises(LookupError):
        registry.capabilities("fax")
