"""Real headless Chromium for the web page's browser tests: Debian's
``chromium`` driven by Playwright (``executable_path``; Playwright's own
browser downloads are never used), the app served by uvicorn on a free
local port in the test's event loop. Tests skip when there is no browser."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.core.messages import Outgoing
from bot.core.ports import Sender
from bot.services.runtime import Runtime
from bot.shell import web
from bot.shell.webhook import create_app
from handlers.router import Router

ROOT = Path(__file__).parents[2]
# where screenshots go (git-ignored); DVBOT_TEST_ARTIFACTS moves them
ARTIFACTS = Path(os.environ.get("DVBOT_TEST_ARTIFACTS", ROOT / "test-artifacts")) / "web"


def chromium() -> str:
    """The browser binary, or the test is skipped."""
    for candidate in (os.environ.get("DVBOT_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.skip("no chromium binary (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@asynccontextmanager
async def served(rt: Runtime, senders: dict[Any, Sender]) -> AsyncIterator[str]:
    """The webhook app with the pages, on http://127.0.0.1:PORT; notices
    through a router with ``senders``, as ``dvbot run`` wires it."""
    import uvicorn

    router = Router(rt, senders)

    async def deliver(message: Outgoing) -> bool:
        return await router.deliver(message)

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app([web.mount(rt, deliver)]), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@asynccontextmanager
async def browser_page() -> AsyncIterator[Any]:
    """A fresh page of headless Chromium (a phone-sized viewport is set by the test where wanted)."""
    playwright = pytest.importorskip("playwright.async_api")
    binary = chromium()
    async with playwright.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=binary, headless=True,
                                          args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            context = await browser.new_context(accept_downloads=True, locale="vi-VN",
                                                viewport={"width": 1280, "height": 900})
            yield await context.new_page()
        finally:
            await browser.close()


async def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def critical_violations(page: Any) -> list[str]:
    """axe-core (bundled by axe-playwright-python) on the page: the critical
    violations, as ``rule: target``."""
    axe = pytest.importorskip("axe_playwright_python.async_playwright")
    results = await axe.Axe().run(page)
    return [f"{v['id']}: {n['target']}" for v in results.response["violations"] if v.get("impact") == "critical"
            for n in v["nodes"]]
