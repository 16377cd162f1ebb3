"""Scope rules: each admin sees exactly their subtree; an officer never sees
another unit; non-admins are refused every admin command."""

from __future__ import annotations

import datetime as dt

from bot.core.clock import FakeClock
from bot.services.admin_data import find_round, load_round, unit_tree
from bot.services.runtime import Runtime
from bot.services.scope import minimal_roots
from handlers.router import Router
from storage import admins as admin_store
from storage import invites as invite_store
from tests.conftest import Chat, register
from tests.support.admin import make_admin
from tests.support.expected import reporting
from tests.support.tree import build_tree

ADMINS = {"a-tinh": ["TN"], "a-so": ["S03"], "a-xa": ["X042"], "a-two": ["S05", "X042", "S05"]}


async def test_each_admin_sees_exactly_their_subtree(rt: Runtime, router: Router, clock: FakeClock) -> None:
    tree = await build_tree(rt)
    clock.set(dt.datetime(2025, 5, 25, 3, tzinfo=dt.UTC))
    for user, scopes in ADMINS.items():
        for code in scopes:
            await make_admin(rt, user, code)
    for user, scopes in ADMINS.items():
        async with rt.begin() as conn:
            granted = await admin_store.scopes_of(conn, "console", user)
            roots = minimal_roots(await unit_tree(conn), [g.unit_id for g in granted])
            stored, rid = await find_round(conn, "6-thang")
            data = await load_round(rt, conn, stored, rid, roots)
        want = reporting(tree, sorted(set(scopes)))
        assert [u.code for u in data.units] == want, user
        text = await Chat(router, user).say("/tongket 6-thang")
        assert f"· {len(want)} đơn vị" in text, (user, text)
    # a sở admin opens a unit of their subtree, never one outside it
    so = Chat(router, "a-so")
    assert "X022" in await so.say("/xemdonvi X022 6-thang")
    for other in ("S04", "X003", "TN"):
        assert "nằm ngoài phạm vi" in await so.say(f"/xemdonvi {other} 6-thang")
        assert "nằm ngoài phạm vi" in await so.say(f"/duyet {other} 6-thang")
        assert "nằm ngoài phạm vi" in await so.say(f"/tongket 6-thang {other}")
        assert "nằm ngoài phạm vi" in await so.say(f"/moi {other}")
        assert "nằm ngoài phạm vi" in await so.say(f"/capquyen zalo:9 {other}")
    # they may grant within their scope; the grantee then sees only that subtree
    assert "Đã cấp quyền" in await so.say("/capquyen console:new-admin X062 Trần Thị B")
    new = Chat(router, "new-admin")
    assert "· 1 đơn vị" in await new.say("/tongket 6-thang")
    assert "nằm ngoài phạm vi" in await new.say("/xemdonvi X022 6-thang")
    assert "console:new-admin" in await so.say("/dsquantri")


async def test_officer_never_sees_another_unit(rt: Runtime, router: Router) -> None:
    await build_tree(rt)
    async with rt.begin() as conn:
        tree = await unit_tree(conn)
        s03 = next(u.id for u in tree.values() if u.code == "S03")
        [code] = await invite_store.create_invites(conn, s03, count=1, days=30, now=rt.clock.now())
    officer = Chat(router, "officer-s03")
    assert "Đăng ký thành công" in await register(officer, code)
    for command in ("/tongket 6-thang", "/xuat 6-thang", "/xemdonvi S04 6-thang", "/duyet S03 6-thang",
                    "/tralai S04 6-thang sai", "/thamdinh S03 tu-cham-diem", "/moi S03", "/thongbao hi",
                    "/capquyen console:x S03", "/quantri", "/dsquantri"):
        reply = await officer.say(command)
        assert "chưa được cấp quyền quản trị" in reply, command
        assert not any(o.document or o.image_png for o in officer.last)
    assert "Sở số 03" in await officer.say("/hoso")
