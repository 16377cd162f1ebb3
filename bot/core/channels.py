"""Which channels are installed and what each can do.

The kernel cannot import the channel packages, and handlers and services
must not, so the composition root (:mod:`bot.shell.channels`) registers each
package's declared :class:`~bot.core.ports.ChannelCapabilities` here at
start-up — for ``dvbot run`` and for every CLI command alike — and the rest
of the application asks :func:`capabilities` instead of naming a channel.
"""

from __future__ import annotations

from bot.core.messages import Channel
from bot.core.ports import ChannelCapabilities

_REGISTRY: dict[Channel, ChannelCapabilities] = {}


def register(channel: Channel, caps: ChannelCapabilities) -> None:
    """Declare (or re-declare, e.g. with other settings) a channel's capabilities."""
    _REGISTRY[Channel(channel)] = caps


def capabilities(channel: Channel | str) -> ChannelCapabilities:
    """What ``channel`` can do; ``LookupError`` when nothing registered it,
    which means the composition root was bypassed (a bug, not bad input)."""
    try:
        return _REGISTRY[Channel(channel)]
    except (KeyError, ValueError) as exc:
        raise LookupError(f"no capabilities registered for channel {channel!r} "
                          "(bot.shell.channels.install registers them)") from exc


def registered() -> dict[Channel, ChannelCapabilities]:
    """Every registered channel's capabilities (a copy)."""
    return dict(_REGISTRY)
