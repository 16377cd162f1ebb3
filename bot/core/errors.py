"""The error tree: every error the application raises on purpose, in one file.

::

    DvbotError                      error.generic
    ├── ConfigError                 a setting is missing or invalid
    ├── PlanError                   a plan file does not read or validate
    │   └── NotAPlan                a document to import is not a plan (params: reason)
    ├── NotFound                    a named unit/plan/round/officer does not exist
    │   ├── UnknownUnit             an admin named a unit code that does not exist
    │   ├── UnknownRound            an admin named a round no stored plan has
    │   └── UndatedRound            a round the plan gives no date, not set yet
    ├── PermissionDenied            the user may not do this
    │   ├── NotAdmin                no admin scope at all
    │   └── OutOfScope              a unit outside every scope held
    ├── InvalidInput                a user's input is not acceptable (key says why)
    │   └── AnswerError             an answer to a question does not validate
    │       └── AnswerUnclear       it reads two ways; the engine asks which one
    ├── TreeError                   a unit-tree change would break the tree
    ├── CsvError                    a units file cannot be read as CSV
    ├── BadUpdate                   an authenticated webhook body is not an update
    ├── Conflict                    stored state disagrees with the request
    │   ├── StaleState              changed under us: retry (the router does)
    │   └── AlreadyExists           a duplicate, or already done: never retried
    └── ChannelError                a channel (Zalo, Telegram) call failed
        ├── BadToken                the platform refused the bot token
        │   └── TokenLost           a spent OA refresh token whose successor was never stored
        ├── ChannelRequestRefused   the platform called our request malformed: a bug, never retried
        ├── ChatUnreachable         the recipient is gone for good
        ├── OutsideWindow           the OA may not write to this person now (no recent message)
        ├── RateLimited             slow down for ``retry_after`` seconds
        ├── QuotaExceeded           the channel's message quota is spent: pause until it resets
        └── TransientChannelError   network/5xx: the send may be retried later

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


class NotAPlan(PlanError):
    """A document given to ``dvbot plan import`` is not a plan: empty, no
    text (an image PDF), no content part with areas, or no year to read its
    dates in. ``params["reason"]`` names which (``ingest.not_a_plan.<reason>``)."""

    key = "error.not_a_plan"


class NotFound(DvbotError):
    """A unit, plan, round, submission or officer named by the user does not exist."""

    key = "error.not_found"


class UnknownUnit(NotFound):
    """An admin named a unit code that does not exist (admin scope checks)."""

    key = "admin.unknown_unit"


class UnknownRound(NotFound):
    """An admin named a round no stored plan has (/summary, /export, ...)."""

    key = "admin.unknown_round"


class UndatedRound(NotFound):
    """A round the plan gives no date ("định kỳ 6 tháng, năm") was asked for
    its deadline before an admin set one (``dvbot plan set-deadline``); lists
    of rounds leave such rounds out, so only a round named directly raises it."""

    key = "error.undated_round"


class PermissionDenied(DvbotError):
    """The user may not do this (not an admin, or outside their scope)."""

    key = "error.permission"


class NotAdmin(PermissionDenied):
    """The sender holds no admin scope and tried an admin command."""

    key = "admin.not_admin"


class OutOfScope(PermissionDenied):
    """An admin named a unit outside every subtree they administer."""

    key = "admin.out_of_scope"


class InvalidInput(DvbotError):
    """A user's input is not acceptable; ``key`` says why, for the reply."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, **params)
        self.key = key


class AnswerError(InvalidInput):
    """An answer typed to a question does not parse or is out of bounds
    (raised by the checklist validator; the engine turns it into a re-ask
    whose text is ``key`` with ``params``)."""


class AnswerUnclear(AnswerError):
    """An answer that reads two ways ("1,000": a thousand, or one). The engine
    asks which one (``key`` with ``params``) and stores one of ``choices`` —
    the stored values, in the order offered — only after the reply."""

    def __init__(self, key: str, choices: tuple[Any, ...], **params: Any) -> None:
        super().__init__(key, **params)
        self.choices = choices


class TreeError(DvbotError):
    """A tree change (import, move, retire, rename) would break the unit tree;
    the message says what and, for imports, on which lines."""


class CsvError(DvbotError):
    """A units file cannot be read as CSV (``dvbot admin units import``); the
    message names the line."""


class BadUpdate(DvbotError):
    """An authenticated webhook body is not an update: malformed or deeply
    nested JSON, or the wrong shape (``bot/core/webhooks.py``). The route
    answers 400 and logs one warning line; the message says why without
    quoting the body."""


class Conflict(DvbotError):
    """Stored state disagrees with the request. Raise one of the two
    subclasses, which say whether trying again can help."""

    key = "error.conflict"


class StaleState(Conflict):
    """The stored state changed under us (e.g. another replica saved the same
    person's session first). Retryable: the router rolls back and handles the
    update again on the fresh state."""


class AlreadyExists(Conflict):
    """What the request would create already exists (a unit code, an admin
    scope, ...) or is already in the requested state (a unit already
    retired). Not retryable: trying again gives the same answer."""

    key = "error.already_exists"


class ChannelError(DvbotError):
    """A channel (Zalo, Telegram) call failed."""

    key = "error.channel"


class BadToken(ChannelError):
    """The platform refused the bot token (a 401-style answer). Permanent: the
    channel stops and the operator is told."""


class ChannelRequestRefused(ChannelError):
    """The platform refused the request itself (a 400-style answer: a bad
    parameter, an unknown method). A bug on our side: logged, never retried,
    and not a reason to stop the channel or mark anyone unreachable."""


class TokenLost(BadToken):
    """The Zalo OA's refresh token was spent and the pair that replaced it was
    never stored (a crash between Zalo's answer and the write): only a person
    re-authorising the app (``dvbot zalo-oa authorize``) brings the OA back."""


class OutsideWindow(ChannelError):
    """The Zalo OA may not send this person a consultation message now: their
    last message is older than the platform's window. Not retried (it cannot
    succeed until they write), not "unreachable" (they can write again)."""


class ChatUnreachable(ChannelError):
    """The recipient blocked the bot, left, or the chat does not exist. Permanent:
    recorded against the officer, not retried."""


class RateLimited(ChannelError):
    """The platform asked us to slow down; ``retry_after`` seconds."""

    def __init__(self, message: str = "", retry_after: float = 1.0) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


class QuotaExceeded(ChannelError):
    """The channel's message quota is spent (Zalo Bot Platform: 429). Not
    retried: sends on that channel pause until ``resumes_at`` (a UTC
    datetime, or ``None`` when the adapter could not tell), reminders stay
    queued for then, and admins are told once."""

    def __init__(self, message: str = "", resumes_at: Any = None) -> None:
        super().__init__(message, resumes_at=resumes_at)
        self.resumes_at = resumes_at


class TransientChannelError(ChannelError):
    """Network failure or 5xx after retries; the send may be retried later."""
