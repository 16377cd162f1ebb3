"""What every command shares: the settings and a way to open the runtime."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import typer

from bot.errors import DvbotError
from bot.runtime import Runtime
from bot.settings import Settings

T = TypeVar("T")


@dataclass
class Context:
    settings: Settings


def settings_of(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Context)
    return obj.settings


def run_with_runtime(ctx: typer.Context, fn: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open the runtime (migrating the database), run ``fn``, close; a
    :class:`DvbotError` becomes one line on stderr and exit code 1."""
    settings = settings_of(ctx)

    async def _go() -> T:
        rt = await Runtime.open(settings)
        try:
            return await fn(rt)
        finally:
            await rt.close()

    try:
        return asyncio.run(_go())
    except DvbotError as exc:
        typer.echo(f"dvbot: {exc}", err=True)
        raise typer.Exit(1) from exc
