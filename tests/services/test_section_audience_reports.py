"""A section the plan asks of one agency (IV.2.c: the Inspectorate's duties)
through the app: the officer's walk, progress, the Word report and the CSV
export of a unit that has the type, and of one that has not."""

from __future__ import annotations

import csv
import datetime as dt
import io

import docx

from bot.core.clock import FakeClock
from bot.services import filling
from bot.services.admin_data import load_round
from bot.services.export import round_csv
from bot.services.progress import round_status
from bot.services.runtime import Runtime
from bot.shell.cli.report import docx_report
from storage import plans as plan_store
from storage import submissions as sub_store
from storage import units as unit_store

SECTION = "Nhiệm vụ của Thanh tra tỉnh theo Kế hoạch"


async def _inspectorate(rt: Runtime) -> int:
    async with rt.begin() as conn:
        unit = await unit_store.add_unit(conn, "TTT", "Thanh tra tỉnh", now=rt.clock.now(), parent_code="TN",
                                         level="so", type="thanh-tra")
        return unit.id


async def test_only_the_inspectorate_walks_its_section(rt: Runtime, codes: dict[str, str]) -> None:
    ttt = await _inspectorate(rt)
    async with rt.begin() as conn:
        stc = await unit_store.find_unit(conn, "STC")
        assert stc is not None
        own = await filling.load_walk(conn, ttt, "tay-ninh-2025", "6-thang")
        other = await filling.load_walk(conn, stc.id, "tay-ninh-2025", "6-thang")
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        own_status = await round_status(conn, ttt, stored, "6-thang")
        other_status = await round_status(conn, stc.id, stored, "6-thang")
    section = [q.id for s in own.plan.round("6-thang").sections if s.id == "nv-thanh-tra" for q in s.questions]
    assert section and set(section) <= {q.id for q in own.questions}
    assert not set(section) & {q.id for q in other.questions}
    assert len(own.questions) == len(other.questions) + len(section)
    assert own_status.total - other_status.total == 4  # its questions in the review
    assert own_status.missing - other_status.missing == 2  # its two required ones


async def test_the_reports_follow_the_section_rule(rt: Runtime, clock: FakeClock, codes: dict[str, str]) -> None:
    ttt = await _inspectorate(rt)
    async with rt.begin() as conn:
        stored = await plan_store.latest_plan(conn, "tay-ninh-2025")
        assert stored is not None
        sub = await sub_store.open_submission(conn, ttt, stored.code, stored.id, "6-thang", rt.clock.now())
        for k, v in {"quan-triet.trien-khai": "da", "nv-thanh-tra.kiem-tra-khieu-nai": "da",
                     "nv-thanh-tra.so-cuoc-kiem-tra": 7, "nv-thanh-tra.ton-dong": "khong"}.items():
            await sub_store.save_answer(conn, sub, k, v, officer_id=None, now=rt.clock.now())
        await sub_store.set_status(conn, sub.id, "submitted", now=rt.clock.now())
    clock.set(dt.datetime(2025, 5, 25, 3, 0, tzinfo=dt.UTC))
    own = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "TTT", None))).paragraphs]
    heading = next(line for line in own if line.endswith(SECTION))
    assert heading.startswith("6. ")  # after the plan's five content areas
    assert ("Số cuộc kiểm tra, giám sát việc giải quyết khiếu nại, tố cáo, phản ánh đã thực hiện trong kỳ: 7."
            in own)
    other = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, "STC", None))).paragraphs]
    assert not any(SECTION in line for line in other)
    scope = [p.text for p in docx.Document(io.BytesIO(await docx_report(rt, "6-thang", None, None, "TN"))).paragraphs]
    assert ("Số cuộc kiểm tra, giám sát việc giải quyết khiếu nại, tố cáo, phản ánh đã thực hiện trong kỳ: "
            "tổng cộng 7 (số liệu của 1 đơn vị).") in scope
    async with rt.begin() as conn:
        tn = await unit_store.find_unit(conn, "TN")
        assert tn is not None
        data = await load_round(rt, conn, stored, "6-thang", [tn.id])
    rows = list(csv.reader(io.StringIO(round_csv(data).decode("utf-8-sig")), delimiter=";"))
    col = next(i for i, h in enumerate(rows[0]) if "Số cuộc kiểm tra, giám sát việc giải quyết" in h)
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["TTT"][col] == "7" and by_code["STC"][col] == "(không áp dụng)"
