"""How an adapter delivers the replies to an update, so that none is lost.

The router returns :class:`Replies`: the list of :class:`Outgoing` for the
chat the update came from, with a :class:`Receipt` when the replies are
durable (stored in the reply outbox in the update's own transaction, see
``bot/services/replies.py``). An adapter sends them with
:func:`send_replies`, giving it the one function that sends one reply in its
own way (buttons, edits, splitting); the helper marks the receipt right
before the first send and settles it after the last, one outcome per reply:

* sent — delivered;
* retry — a passing failure (:class:`TransientChannelError`,
  :class:`RateLimited`, anything unexpected): this reply and every later one
  wait for a retry, in order;
* failed — the platform refused this reply (a :class:`ChannelError` that is
  not passing): the others still go;
* unreachable — the chat is gone (:class:`ChatUnreachable`), or the channel's
  quota is spent (:class:`QuotaExceeded`, sends paused until it resets): none
  of the rest is tried (they are held and go first, with resend recognition,
  when the chat writes again), never dropped.

A plain list (no receipt) is sent the same way and settles nothing.

``DVBOT_TEST_KILL_AT`` (read from the environment at start, set only by the
tests) makes the process kill itself with SIGKILL at an exact point of the
N-th durable delivery: ``after-commit:N`` between the update's commit and the
send (before the send is marked), ``after-send:N`` right after the send and
before its outcome is marked. Nothing a platform sends can set it.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Protocol

from bot.core.errors import (
    ChannelError,
    ChatUnreachable,
    QuotaExceeded,
    RateLimited,
    TransientChannelError,
)
from bot.core.messages import Outgoing

log = logging.getLogger(__name__)

SENT, RETRY, FAILED, UNREACHABLE = "sent", "retry", "failed", "unreachable"


class Receipt(Protocol):
    async def sending(self) -> None:
        """Right before the first send (a crash after it may repeat a reply)."""
        ...

    async def settle(self, outcomes: Sequence[str], error: str | None) -> None:
        """One outcome per reply (:data:`SENT`, :data:`RETRY`, :data:`FAILED`, :data:`UNREACHABLE`)."""
        ...

    async def supersede(self) -> None:
        """None of them is to be sent (a newer reply replaces them)."""
        ...


class Replies(list[Outgoing]):
    """The replies to one update, and the receipt that settles them (if durable)."""

    def __init__(self, items: Iterable[Outgoing] = (), receipt: Receipt | None = None) -> None:
        super().__init__(items)
        self.receipt = receipt


SendOne = Callable[[Outgoing], Awaitable[object]]


async def send_replies(replies: Sequence[Outgoing], send: SendOne) -> bool:
    """Send ``replies`` in order with ``send``; settle their receipt. True
    when every reply was delivered."""
    receipt = replies.receipt if isinstance(replies, Replies) else None
    if receipt is not None and replies:
        _crash_point("after-commit")
        await receipt.sending()
    outcomes: list[str] = []
    error: str | None = None
    for reply in replies:
        try:
            await send(reply)
        except (ChatUnreachable, QuotaExceeded) as exc:
            error = f"{'quota' if isinstance(exc, QuotaExceeded) else 'unreachable'}: {exc}"
            outcomes += [UNREACHABLE] * (len(replies) - len(outcomes))
            break
        except (TransientChannelError, RateLimited) as exc:
            error = f"{type(exc).__name__}: {exc}"
            log.warning("a reply was not delivered (%s); it waits for a retry", error)
            outcomes += [RETRY] * (len(replies) - len(outcomes))
            break
        except ChannelError as exc:
            error = f"refused: {exc}"
            log.error("a reply was refused by the platform: %s", exc)
            outcomes.append(FAILED)
            continue
        except Exception as exc:  # a bug or an unmapped library error: try again later, say so
            error = f"{type(exc).__name__}: {exc}"
            log.exception("sending a reply failed unexpectedly")
            outcomes += [RETRY] * (len(replies) - len(outcomes))
            break
        outcomes.append(SENT)
    if receipt is not None and replies:
        _crash_point("after-send")
        await receipt.settle(outcomes, error)
    return all(o == SENT for o in outcomes)


def _kill_plan() -> tuple[str, int] | None:
    raw = os.environ.get("DVBOT_TEST_KILL_AT", "")
    point, _, count = raw.partition(":")
    if point not in ("after-commit", "after-send") or not count.isdigit():
        return None
    return point, int(count)


_KILL = _kill_plan()
_seen: dict[str, int] = {}


def _crash_point(point: str) -> None:
    if _KILL is None or _KILL[0] != point:
        return
    _seen[point] = _seen.get(point, 0) + 1
    if _seen[point] == _KILL[1]:
        log.warning("DVBOT_TEST_KILL_AT=%s:%d reached: killing this process", point, _KILL[1])
        os.kill(os.getpid(), signal.SIGKILL)
