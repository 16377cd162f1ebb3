"""Personal data and secrets never reach the logs, at any level.

A whole journey — registration with a name and a phone, answers, a reminder —
runs at DEBUG on each channel (console, Telegram against its fake Bot API, Zalo
in webhook mode against its fake, the Zalo OA through ``dvbot run`` against its
fake, a token refresh included), with logging configured as ``dvbot``
configures it. Every line captured, tracebacks included, is then searched for
the phone, the name (with and without accents), every token and every secret.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.channels.console import ConsoleSender
from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.core.text import fold
from bot.services.runtime import Runtime
from bot.shell import logs
from bot.shell.scheduler import ReminderTick
from handlers.router import Router
from tests.channels.telegram_support import MakeAdapter, fake_telegram, make_adapter
from tests.channels.test_telegram_officer import register_by_deep_link
from tests.channels.zalo_oa_support import USER as OA_USER
from tests.channels.zalo_oa_support import dvbot_run, fake_oa, free_port, oa_settings, seeded
from tests.channels.zalo_support import SECRET as ZALO_SECRET
from tests.channels.zalo_support import Bot, fake
from tests.conftest import Chat, register, seed
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZaloApi
from tests.fakes.zalo_oa_api import APP_SECRET as OA_APP_SECRET
from tests.fakes.zalo_oa_api import OA_SECRET
from tests.support.reminders import local

__all__ = ["fake", "fake_telegram", "make_adapter"]  # fixtures used by name

NAME = "Nguyễn Văn An"
PHONE = "0912 345 678"
TELEGRAM_SECRET = "tg-webhook_Secret-42"
DB_PASSWORD = "db-pass-Xy7"


def forbidden(*secrets: str) -> list[str]:
    """What no line may contain: the name in every spelling a library might
    print, the phone typed and normalised, and every secret."""
    names = {NAME, fold(NAME), NAME.upper(), fold(NAME).upper(), json.dumps(NAME)[1:-1]}
    phones = {PHONE, PHONE.replace(" ", ""), PHONE.replace(" ", "")[1:], "+84" + PHONE.replace(" ", "")[1:]}
    return sorted(names | phones | {s for s in secrets if s})


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter(logs.FORMAT))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[Lines]:
    """Root at DEBUG behind a capturing handler; levels, handlers and the record
    factory restored afterwards."""
    names = ["", *logs.LIBRARY_FLOORS]
    saved = {n: logging.getLogger(n).level for n in names}
    factory = logging.getLogRecordFactory()
    handler = Lines()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for n, level in saved.items():
            logging.getLogger(n).setLevel(level)
        logs.install_redaction(())
        logging.setLogRecordFactory(factory)
        logs._made_by = None


def configure(settings: Settings, **secrets: object) -> Settings:
    configured = settings.model_copy(update={"log_level": "DEBUG", **secrets})
    logs.configure_logging(configured)
    return configured


def assert_clean(lines: list[str], words: list[str]) -> None:
    assert len(lines) > 20  # DEBUG really was on
    leaks = [(w, line) for line in lines for w in words if w.lower() in line.lower()]
    assert not leaks, "\n".join(f"{w!r} in: {line[:300]}" for w, line in leaks[:10])


async def remind(rt: Runtime, clock: FakeClock, channel: Channel, sender: object) -> None:
    clock.set(local(2025, 5, 12, 8, 30))  # 7 days before the 6-month report's last day, 19/5 ("trước ngày 20/5")
    _planned, stats = await ReminderTick(rt, {channel: sender}).run()  # type: ignore[dict-item]
    assert stats.sent >= 1


async def test_console_journey_at_debug_logs_no_personal_data(
    captured: Lines, settings: Settings, clock: FakeClock
) -> None:
    pg = "postgresql+asyncpg://dvbot:" + DB_PASSWORD + "@127.0.0.1/dvbot"
    configure(settings.model_copy(update={"database_url": pg}))  # its password is masked too
    rt = await Runtime.open(settings, clock)
    try:
        codes = await seed(rt)
        chat = Chat(Router(rt), "u-console")
        assert "Đăng ký thành công" in await register(chat, codes["SNV"], NAME)
        assert "Câu 1/" in await chat.say("/baocao 6-thang")
        await chat.say("1")
        await chat.say("4")
        await chat.say("/hoso")
        out = io.StringIO()
        await remind(rt, clock, Channel.CONSOLE, ConsoleSender(out))
        assert "6 tháng" in out.getvalue()
    finally:
        await rt.close()
    assert any("[SQL parameters hidden" in line for line in captured.lines)  # SQL was logged, without them
    assert_clean(captured.lines, forbidden(DB_PASSWORD, codes["SNV"]))


async def test_telegram_journey_at_debug_logs_no_token_and_no_personal_data(
    captured: Lines, settings: Settings, clock: FakeClock, fake_telegram: FakeTelegram,
    make_adapter: MakeAdapter,
) -> None:
    token = fake_telegram.token
    configure(settings, telegram_token=SecretStr(token), telegram_webhook_secret=SecretStr(TELEGRAM_SECRET))
    rt = await Runtime.open(settings, clock)
    try:
        codes = await seed(rt)
        an = await register_by_deep_link(fake_telegram, rt, make_adapter, codes["SNV"])
        assert "Câu 1/" in await an.say("/baocao 6-thang")
        await an.say("1")
        await an.say("4")
        await remind(rt, clock, Channel.TELEGRAM, an.bot)
        # A library line that does carry the token (httpx logs every URL at
        # INFO) is masked even when someone turns that library up.
        logging.getLogger("httpx").warning("HTTP Request: POST %s/bot%s/getMe", fake_telegram.base, token)
    finally:
        await rt.close()
    assert any("bot***" in line for line in captured.lines)
    assert_clean(captured.lines, forbidden(token, token.split(":", 1)[1], TELEGRAM_SECRET, codes["SNV"]))


async def test_zalo_journey_at_debug_logs_no_token_and_no_personal_data(
    captured: Lines, settings: Settings, clock: FakeClock, fake: FakeZaloApi
) -> None:
    configured = configure(settings, zalo_token=SecretStr(fake.token), zalo_webhook_secret=SecretStr(ZALO_SECRET))
    bot = await Bot(configured, clock, fake, "webhook").start()  # deliveries carry the secret
    try:
        assert bot.rt is not None
        codes = await seed(bot.rt)
        for typed in (f"/start {codes['SNV']}", "1", NAME, "Chuyên viên", PHONE):
            await bot.say(typed)
        assert "Câu 1/" in await bot.say("/baocao 6-thang")
        await bot.say("1")
        await bot.say("4")
        assert bot.rt is not None and bot.adapter is not None
        await remind(bot.rt, clock, Channel.ZALO, bot.adapter)
    finally:
        await bot.stop()
    assert fake.deliveries and set(fake.deliveries) == {200}  # it was the webhook
    assert_clean(captured.lines, forbidden(fake.token, fake.token.split(":", 1)[-1], ZALO_SECRET, codes["SNV"]))


def test_a_secret_is_masked_in_messages_arguments_and_tracebacks(captured: Lines, settings: Settings) -> None:
    token = "123456789:AAH-token-secret-half_xyz"
    configure(settings, telegram_token=SecretStr(token))
    log = logging.getLogger("tests.redaction")
    log.debug("GET https://api.telegram.org/bot%s/getMe", token)
    log.debug("encoded: %s", token.replace(":", "%3A"))
    log.debug("half: " + token.split(":", 1)[1])
    try:
        raise RuntimeError(f"connect failed for /bot{token}/sendMessage")
    except RuntimeError:
        log.exception("send failed")
    log.info("unrelated %s line", "plain")
    text = "\n".join(captured.lines)
    assert "AAH-token-secret-half_xyz" not in text and "123456789:" not in text.replace("bot***", "")
    assert text.count("***") >= 4 and "Traceback" in text
    assert captured.lines[-1].endswith("unrelated plain line")


def test_sql_statements_are_not_logged_at_the_default_level() -> None:
    """At INFO (the default) SQLAlchemy stays silent, as it is left alone;
    a floor of INFO once made every statement print into the demo's stderr."""
    from bot.core.settings import Settings

    logs.configure_logging(Settings(_env_file=None))  # type: ignore[call-arg]
    try:
        assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
        logs.configure_logging(Settings(_env_file=None, log_level="DEBUG"))  # type: ignore[call-arg]
        assert logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    finally:
        logs.configure_logging(Settings(_env_file=None))  # type: ignore[call-arg]


async def test_zalo_oa_journey_at_debug_logs_no_token_and_no_personal_data(
    captured: Lines, tmp_path: Path
) -> None:
    async with fake_oa() as oa:
        first = oa.authorize()
        settings = configure(oa_settings(tmp_path / "db.sqlite3", oa, free_port(), first))
        codes = await seeded(settings)
        async with dvbot_run(settings, oa):
            await oa.say(OA_USER, f"/start {codes['SNV']}")
            for typed in ("1", NAME, "Chuyên viên", PHONE):
                await oa.say(OA_USER, typed)
            assert "Câu 1/" in await oa.say(OA_USER, "/baocao 6-thang")
            await oa.say(OA_USER, oa.buttons(OA_USER)[0]["payload"])  # a button pressed
            oa.expire_access()  # a refresh in the middle: old and new pairs pass through the code
            await oa.say(OA_USER, "4")
            assert await oa.deliver(oa.event(OA_USER, text="x"), forge=True) == 401
        tokens = [*oa.access_tokens, *oa.refresh_tokens, first]
    assert oa.refreshes == 2
    assert_clean(captured.lines, forbidden(*tokens, OA_APP_SECRET, OA_SECRET, codes["SNV"]))
