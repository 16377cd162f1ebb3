"""Settings from the environment (``DVBOT_`` prefix) or ``.env``.

Only the composition root reads these; everything else receives values.
"""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.core.errors import ConfigError

# What each platform accepts as a webhook secret (it comes back in a header).
# Telegram's setWebhook: 1-256 characters of A-Z a-z 0-9 _ -.
TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Zalo Bot Platform's setWebhook: 8-256 characters. Its charset is not
# documented; a header carries only visible ASCII, so nothing else is allowed.
ZALO_SECRET = re.compile(r"[\x21-\x7e]{8,256}")
# Zalo OA keys (the app's secret key, the webhook page's OA Secret Key) are
# printed by developers.zalo.me as about 20 letters and digits; anything short
# or with spaces is a paste error, refused at start.
ZALO_OA_KEY = re.compile(r"[\x21-\x7e]{16,256}")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="DVBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = "sqlite+aiosqlite:///data/dvbot.sqlite3"
    timezone: str = "Asia/Ho_Chi_Minh"
    locale: Literal["vi", "en"] = "vi"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Zalo Bot Platform
    zalo_token: SecretStr | None = None
    zalo_api_base: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_secret: SecretStr | None = None
    zalo_rate_per_second: float = Field(default=5.0, gt=0)
    # The Bot Platform's Basic plan: 3,000 messages a month, 50 users per bot.
    zalo_monthly_quota: int = Field(default=3000, ge=1)
    zalo_max_users: int = Field(default=50, ge=1)
    zalo_quota_reset_day: int = Field(default=1, ge=1, le=28)  # day of the month, in `timezone`
    # A chat whose sends keep failing with Zalo's 403 ("internal server error")
    # for this long is taken as unreachable (403 alone never is).
    zalo_unreachable_after_hours: float = Field(default=24.0, gt=0)

    # Zalo Official Account (bot/channels/zalo_oa): on when the app id and secret key are set
    zalo_oa_app_id: str | None = None
    zalo_oa_secret_key: SecretStr | None = None  # the app's "Khóa bí mật": authenticates token refreshes
    zalo_oa_webhook_secret: SecretStr | None = None  # the webhook page's "OA Secret Key": signs webhooks
    zalo_oa_refresh_token: SecretStr | None = None  # the first refresh token, used once to seed the database
    zalo_oa_api_base: str = "https://openapi.zalo.me"
    zalo_oa_oauth_base: str = "https://oauth.zaloapp.com"
    zalo_oa_max_skew_seconds: int = Field(default=300, ge=10)  # a webhook older than this is refused
    zalo_oa_rate_per_second: float = Field(default=5.0, gt=0)

    # Telegram
    telegram_token: SecretStr | None = None
    telegram_api_base: str = "https://api.telegram.org"
    telegram_webhook_secret: SecretStr | None = None
    # The bot's @username, for t.me deep links in invites; learnt from getMe at start when unset.
    telegram_bot_username: str | None = None
    # Send caps (Telegram documents about 30 messages a second overall and 20 a
    # minute into one group); 0 turns that limit off (a local Bot API server, measurement).
    telegram_max_rate: float = Field(default=30.0, ge=0)  # messages a second, overall
    telegram_group_max_rate: float = Field(default=20.0, ge=0)  # messages a minute, into one group

    # Shared webhook server (both platforms); empty means long polling
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # The admin's web page (/admin, bot/shell/web): a session opened by a one-time
    # link lasts this many hours (a working day); the link itself 10 minutes.
    web_session_hours: int = Field(default=9, ge=1, le=24)

    # Replies (the reply outbox): how long a sender holds a reply it is sending;
    # a reply whose sender died (a crash) is sent again once this has lapsed, or
    # at once when the chat writes again.
    reply_lease_seconds: int = Field(default=60, ge=1, le=3600)

    # Evidence uploads
    max_evidence_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    # Files stored by content hash; unset: ``evidence/`` beside the SQLite
    # database (data/evidence/ with the default database), else data/evidence/.
    evidence_dir: Path | None = None

    # Reminders
    reminder_tick_seconds: int = Field(default=60, ge=1)
    # A dispatcher's claim on the reminders it is sending: renewed every third of
    # it while it works, so a dispatcher restarted after a crash takes the dead
    # one's rows over within this many seconds, and never a live one's.
    reminder_lease_seconds: int = Field(default=60, ge=1, le=3600)
    # Planned reminders reach people in office hours on working days (a late one
    # waits for the next office morning). Off only for the console demo, where a
    # newcomer trying the bot at night must still see a reminder arrive.
    reminder_office_hours: bool = True
    extra_days_off: list[str] = Field(default_factory=list)  # ISO dates
    extra_working_days: list[str] = Field(default_factory=list)  # ISO dates (make-up days)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            zoneinfo.ZoneInfo(v)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {v!r}") from exc
        return v

    @field_validator("extra_days_off", "extra_working_days")
    @classmethod
    def _iso_dates(cls, v: list[str]) -> list[str]:
        import datetime as dt

        for item in v:
            try:
                dt.date.fromisoformat(item)
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a date like 2026-02-13") from exc
        return v

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, v: str) -> str:
        if not v.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return v

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _telegram_secret(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not TELEGRAM_SECRET.fullmatch(v.get_secret_value()):
            raise ValueError("Telegram needs 1 to 256 characters of A-Z a-z 0-9 _ -")
        return v

    @field_validator("zalo_webhook_secret")
    @classmethod
    def _zalo_secret(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not ZALO_SECRET.fullmatch(v.get_secret_value()):
            raise ValueError("Zalo needs 8 to 256 ASCII characters, no spaces")
        return v

    @field_validator("zalo_oa_secret_key", "zalo_oa_webhook_secret")
    @classmethod
    def _zalo_oa_key(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not ZALO_OA_KEY.fullmatch(v.get_secret_value()):
            raise ValueError("a Zalo OA key is 16 to 256 ASCII characters, no spaces (copy it again)")
        return v

    @field_validator("zalo_oa_app_id")
    @classmethod
    def _zalo_oa_app_id(cls, v: str | None) -> str | None:
        if v is not None and v != "" and not v.isdigit():
            raise ValueError("the Zalo app id is the number shown on developers.zalo.me")
        return v or None

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, v: str | None) -> str | None:
        if not v:
            return None  # empty means long polling
        parts = urlsplit(v)
        if parts.scheme != "https" or not parts.hostname or not v.isascii():
            raise ValueError("must be a public https:// address (platforms post only to HTTPS)")
        return v

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def has_channel_token(self) -> bool:
        return self.zalo_token is not None or self.telegram_token is not None or self.zalo_oa_on

    @property
    def zalo_oa_on(self) -> bool:
        """The Zalo OA channel is on when its app id and secret key are set."""
        return self.zalo_oa_app_id is not None and self.zalo_oa_secret_key is not None

    @property
    def evidence_root(self) -> Path:
        if self.evidence_dir is not None:
            return self.evidence_dir
        db = self.sqlite_path()
        return db.parent / "evidence" if db is not None else Path("data/evidence")

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            rest = self.database_url[len(prefix):].split("?", 1)[0]
            return Path(rest) if rest and rest != ":memory:" else None
        return None


def load_settings(**overrides: object) -> Settings:
    """Settings from env/.env; :class:`ConfigError` names the bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = "DVBOT_" + "_".join(str(p) for p in err["loc"]).upper()
        raise ConfigError(f"invalid setting {name}: {err['msg']}") from exc
