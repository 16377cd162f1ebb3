"""The error tree. Each class says when it is raised.

Handlers catch :class:`DvbotError` subclasses and answer the user in their
language using ``key`` (a locale key) and ``params``; anything else is a bug,
logged by the one error handler, and answered with a kind generic message.
"""

from __future__ import annotations

from typing import Any


class DvbotError(Exception):
    """Base of every error the application raises on purpose."""

    key = "error.generic"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.key)
        self.params = params


class ConfigError(DvbotError):
    """A setting is missing or invalid (raised at start-up, exit code 2)."""

    key = "error.config"


class PlanError(DvbotError):
    """A plan file cannot be read or does not validate; the message names the
    file, the path inside it and what is wrong."""

    key = "error.plan"


class NotFound(DvbotError):
    """A unit, plan, round, submission or officer named by the user does not exist."""

    key = "error.not_found"


class PermissionDenied(DvbotError):
    """The user may not do this (not an admin, or outside their scope)."""

    key = "error.permission"


class InvalidInput(DvbotError):
    """A user's input is not acceptable; ``key`` says why, for the reply."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, **params)
        self.key = key


class Conflict(DvbotError):
    """The stored state changed under us (e.g. a concurrent update); retry."""

    key = "error.conflict"


class ChannelError(DvbotError):
    """A channel (Zalo, Telegram) call failed."""

    key = "error.channel"


class BadToken(ChannelError):
    """The platform refused the bot token (401/404-style answer). Permanent."""


class ChatUnreachable(ChannelError):
    """The recipient blocked the bot, left, or the chat does not exist. Permanent:
    recorded against the officer, not retried."""


class RateLimited(ChannelError):
    """The platform asked us to slow down; ``retry_after`` seconds."""

    def __init__(self, message: str = "", retry_after: float = 1.0) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class TransientChannelError(ChannelError):
    """Network failure or 5xx after retries; the send may be retried later."""
