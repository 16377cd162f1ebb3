"""The admin queries on PostgreSQL: summary, export, appraisal, return,
broadcast rate limit, units import. Skipped when 127.0.0.1:5432 is not
reachable."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.services.runtime import Runtime
from bot.shell.cli.admin import export_bytes
from bot.shell.cli.summary import round_summary
from handlers.router import Router
from storage import admins as admin_store
from storage import audit
from storage import unit_tree as tree_store
from storage.unit_tree import ImportRow
from tests.conftest import Chat, postgres_reachable
from tests.support.admin import RecordingSender, make_admin
from tests.support.expected import expected_summary
from tests.support.tree import build_tree

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_reachable(), reason="PostgreSQL not reachable on 127.0.0.1:5432"),
]



async def test_admin_on_postgres(pg_rt: Runtime) -> None:
    tree = await build_tree(pg_rt, n_so=4, n_xa=12)
    clock = pg_rt.clock
    assert isinstance(clock, FakeClock)
    clock.set(dt.datetime(2025, 11, 20, 3, tzinfo=dt.UTC))
    got = await round_summary(pg_rt, "tu-cham-diem", None)
    want = expected_summary(tree, "tu-cham-diem", ["TN"], dt.date(2025, 11, 20))
    assert got["counts"] == want["counts"]
    assert {b["label"]: b["count"] for b in got["scoring"]["bands"]} == want["scoring"]["bands"]
    wb = openpyxl.load_workbook(io.BytesIO(await export_bytes(pg_rt, None, None, None, as_csv=False)))
    assert "Tình trạng" in wb.sheetnames

    sender = RecordingSender()
    router = Router(pg_rt, {Channel.CONSOLE: sender})
    await make_admin(pg_rt, "boss", "TN")
    admin = Chat(router, "boss")
    done = next(c for c in sorted(tree.ids) if tree.status.get(("tu-cham-diem", c)) == "submitted")
    assert "Đã lưu" in await admin.say(f"/thamdinh {done} tu-cham-diem bao-cao.tham-dinh 8")
    assert "Đã trả lại" in await admin.say(f"/tralai {done} tu-cham-diem Thiếu hồ sơ")
    assert "console:boss" in await admin.say("/dsquantri")
    async with pg_rt.begin() as conn:
        result = await tree_store.import_units(conn, [ImportRow(1, "NEW", "Đơn vị mới", "S01", "don-vi")],
                                               clock.now())
    assert result.added == 1
    await make_admin(pg_rt, "boss2", "S01")
    assert "Chưa có cán bộ" in await Chat(router, "boss2").say("/thongbao Nhắc nộp")
    async with pg_rt.begin() as conn:
        await audit.record(conn, actor="console:boss2", action="broadcast", entity="broadcast", now=clock.now())
        assert await admin_store.last_action_at(conn, "console:boss2", "broadcast") == clock.now()
