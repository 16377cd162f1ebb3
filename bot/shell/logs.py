"""Where log lines go, and what they may never contain.

Where: a person chatting in the terminal must not see log lines between the
bot's replies: while the console chat is interactive, every record goes to a
file instead of stderr. Piped (a script, a test), stdout is the transcript and
stderr stays the log, as for every command.

What: no token, secret or personal data at any level, DEBUG included.
Libraries that log payloads are held above the level where they do so
(:data:`LIBRARY_FLOORS`), the engine hides SQL parameters
(``storage.db.create_engine``), and :class:`RedactSecrets` blanks every
configured token and secret out of every record before any handler sees it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from bot.core.settings import Settings

LOG_FILE = Path("data/dvbot.log")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"

# The lowest level each library may log at, whatever DVBOT_LOG_LEVEL says,
# and why: below it, its lines carry what must not be logged.
LIBRARY_FLOORS: dict[str, int] = {
    "httpx": logging.WARNING,  # INFO: every request URL, and Bot API URLs hold the token
    "httpcore": logging.INFO,  # DEBUG: wire traces (headers)
    "telegram": logging.INFO,  # DEBUG: every Bot API call with its parameters and answer: officers' messages
    "sqlalchemy.engine": logging.INFO,  # DEBUG: result rows (names, phones); INFO: statements only
    "sqlalchemy.pool": logging.INFO,
    "aiosqlite": logging.INFO,  # DEBUG: every call with its SQL parameters
    "asyncpg": logging.INFO,
    "alembic": logging.WARNING,
}
# Libraries whose INFO lines are noise (every SQL statement) rather than news:
# silent unless DVBOT_LOG_LEVEL=DEBUG, as SQLAlchemy is when left alone.
QUIET_UNLESS_DEBUG = ("sqlalchemy.engine", "sqlalchemy.pool")
# Shorter secrets are not masked (masking "ab" would garble every line); the
# settings refuse webhook secrets that short for Zalo, and tokens are longer.
MIN_MASKED = 6


def _to_stderr(handler: logging.Handler) -> bool:
    # Only the plain stderr handler basicConfig installs; test and library
    # handlers (their own subclasses or streams) are left alone.
    return type(handler) is logging.StreamHandler and getattr(handler, "stream", None) in (sys.stderr, sys.__stderr__)


def console_logging(interactive: bool, path: Path = LOG_FILE) -> Path | None:
    """When ``interactive``, move the root logger from stderr to ``path``
    (appended) and return it; otherwise change nothing and return ``None``."""
    if not interactive:
        return None
    root = logging.getLogger()
    for handler in [h for h in root.handlers if _to_stderr(h)]:
        root.removeHandler(handler)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, logging.FileHandler) and h.baseFilename == os.path.abspath(path) for h in root.handlers):
        file_handler = logging.FileHandler(path, encoding="utf-8")
        file_handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(file_handler)
    return path


def secrets_of(settings: Settings) -> list[str]:
    """Every configured token and secret, as it may appear in a line: whole,
    URL-encoded, and a token's secret half (after ``bot_id:``); the database
    password too."""
    values: list[str] = []
    for secret in (settings.telegram_token, settings.zalo_token,
                   settings.telegram_webhook_secret, settings.zalo_webhook_secret,
                   settings.zalo_oa_secret_key, settings.zalo_oa_webhook_secret, settings.zalo_oa_refresh_token):
        if secret is None:
            continue
        value = secret.get_secret_value()
        values += [value, quote(value, safe="")]
        _bot_id, colon, tail = value.partition(":")
        if colon:
            values.append(tail)
    try:
        password = urlsplit(settings.database_url).password
    except ValueError:
        password = None
    if password:
        values.append(password)
    return sorted({v for v in values if len(v) >= MIN_MASKED}, key=len, reverse=True)


class RedactSecrets(logging.Filter):
    """Replaces every known secret in a record (message, exception text, stack)
    by ``***``. Installed by :func:`install_redaction` for every record made."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is the logging module's to report
            return True
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            text = logging.Formatter().formatException(record.exc_info)
            if (clean_text := self.redact(text)) != text:
                record.exc_text = clean_text
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_redaction = RedactSecrets()
_made_by: Callable[..., logging.LogRecord] | None = None


def install_redaction(secrets: Iterable[str]) -> RedactSecrets:
    """Redact ``secrets`` from every record made from now on, whichever handler
    gets it (stderr, the console's log file, a test's capture). A record factory
    rather than a handler filter, so a handler added later is covered too.
    Calling it again replaces the secrets."""
    global _made_by
    _redaction.secrets = tuple(sorted(set(secrets), key=len, reverse=True))
    if _made_by is None:
        made_by = _made_by = logging.getLogRecordFactory()

        def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = made_by(*args, **kwargs)
            _redaction.filter(record)
            return record

        logging.setLogRecordFactory(make)
    return _redaction


def configure_logging(settings: Settings) -> None:
    """What every command does first: lines on stderr at ``DVBOT_LOG_LEVEL``,
    libraries held at their floors, secrets redacted."""
    level = logging.getLevelName(settings.log_level)
    logging.basicConfig(level=level, format=FORMAT, stream=sys.stderr)
    logging.getLogger().setLevel(level)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, level))
    if level > logging.DEBUG:  # SQL statements only when debugging (SQLAlchemy's own default)
        for name in QUIET_UNLESS_DEBUG:
            logging.getLogger(name).setLevel(logging.WARNING)
    install_redaction(secrets_of(settings))
