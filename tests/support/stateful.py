"""The world of the stateful fuzz (tests/handlers/test_stateful_fuzz.py):
three units with an officer each (a name, a phone and a token their free
text carries, which no one outside their unit may be shown), an admin over
the province and one over Sở Nội vụ, a short plan asking every question
type (and a scoring round, self-scored and submitted, for appraisal), and what the officers and admins may type."""

from __future__ import annotations

import asyncio
import re
import tempfile
from pathlib import Path
from typing import Any

from bot.core.clock import FakeClock
from bot.core.messages import Channel
from bot.core.settings import Settings
from bot.domain.plan.loader import load_plan_data
from bot.services.runtime import Runtime
from handlers.router import Router
from locales import t
from storage import invites as invite_store
from storage import plans as plan_store
from storage import units as unit_store
from tests.conftest import START, UNITS, Chat
from tests.support.admin import RecordingSender, make_admin
from tests.support.hostile import hostile_inputs

OFFICERS = {  # user → (unit, full name, phone, the token their free text carries)
    "an": ("SNV", "Nguyễn Văn An", "0912 111 222", "mat-snv-41"),
    "binh": ("STC", "Trần Thị Bình", "0913 333 444", "mat-stc-52"),
    "chi": ("X-TANAN", "Lê Minh Chí", "0914 555 666", "mat-tanan-63"),
}
BOSS, SNV_ADMIN = "boss", "snv-admin"
ERRORS = [t(f"error.{key}", lang) for key in ("generic", "unexpected") for lang in ("vi", "en")]
RECEIPT = re.compile(r"DV-\d{4}-[A-Z0-9]+-\d{4}(?:-\d+)?\b")  # bot/domain/receipts.py
ANSWERS = ["1", "2", "3", "Đã thực hiện", "chưa", "12", "0", "85", "85,5", "100%", "120", "3,75", "15/03/2025",
           "1/1/2025", "20/1/2026", "giữ", "có", "không", "99999999999999999999999"]
STEPS = ["/baocao", "/tieptuc", "/xemlai", "/quaylai", "/boqua", "/tamdung", "/sua 3", "/sua 1", "/nop", "/huy",
         "/tiendo", "/hoso", "tiếp", "1", "2"]
ADMIN_STEPS = ["/tongket", "/tiendo", "/xemdonvi SNV quy-1", "/xemdonvi STC quy-1", "/xemdonvi X-TANAN quy-1",
               "/xemdonvi", "/dsquantri", "/xuat", "tiếp", "1", "2", "/huy", "/duyet SNV quy-1",
               "/duyet STC quy-1", "/tralai SNV quy-1 câu 2: Bổ sung", "/tralai X-TANAN quy-1 Xem lại số liệu"]
HOSTILE = hostile_inputs(60, seed=1102)
ASKED = re.compile(r"Câu (\d+)/\d+")
VALID = {1: "1", 2: "12", 3: "85", 4: "3,75", 5: "15/03/2025", 6: "Ghi chú {token}", 7: "/boqua"}  # by question number


PLAN: dict[str, Any] = {  # one short round asking every question type, so submissions happen
    "schema_version": 1, "code": "fuzz-2025", "title": "Kế hoạch thử", "year": 2025, "level": "tinh",
    "document": {"number": "7/KH-TEST", "date": "2025-01-02", "issuer": "UBND tỉnh Tây Ninh"},
    "rounds": [{"id": "quy-1", "title": "Báo cáo quý I", "kind": "report", "deadline": "2025-05-20", "sections": [
        {"id": "chung", "title": "Chung", "questions": [
            {"id": "da-lam", "type": "choice", "text": "Đã triển khai chưa?",
             "options": [{"id": "da", "text": "Đã thực hiện"}, {"id": "chua", "text": "Chưa thực hiện"}]},
            {"id": "so-buoi", "type": "integer", "text": "Số buổi"},
            {"id": "ty-le", "type": "percent", "text": "Tỷ lệ tham dự"},
            {"id": "kinh-phi", "type": "decimal", "text": "Kinh phí (triệu đồng)"},
            {"id": "ngay", "type": "date", "text": "Ngày ban hành"},
            {"id": "ket-qua", "type": "text", "text": "Kết quả nổi bật"},
            {"id": "minh-chung", "type": "evidence", "required": False, "text": "Minh chứng"},
        ]}]},
        {"id": "cham-diem", "title": "Tự chấm điểm", "kind": "scoring", "deadline": "2025-06-30", "rubric": "mau"}],
    "rubrics": [{"id": "mau", "title": "Bảng điểm thử", "sample": True, "total_points": 20,
                 "bands": [{"label": "Tốt", "min": 90}, {"label": "Khá", "min": 0}],
                 "groups": [{"id": "chung", "title": "Chung", "criteria": [
                     {"id": "tu-cham", "text": "Tự chấm việc triển khai", "max_points": 10},
                     {"id": "cap-tren", "text": "Cấp trên đánh giá", "max_points": 10, "upper_level_only": True},
                 ]}]}],
}
SCORING = ("/baocao cham-diem", "8", "/nop", "1")  # each officer's self-score, submitted (so it can be appraised)


_TEMPLATE: list[Path] = []


def template() -> Path:
    """One database with the plan, the units, three registered officers (each
    in the report) and both admins, made once; each example starts from a copy."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="dvbot-fuzz-"))
        asyncio.run(_build(folder / "world.sqlite3"))
        _TEMPLATE.append(folder / "world.sqlite3")
    return _TEMPLATE[0]


async def _build(db: Path) -> None:
    rt = await Runtime.open(settings_for(db), FakeClock(START))
    try:
        codes: dict[str, str] = {}
        async with rt.begin() as conn:
            await plan_store.store_plan(conn, load_plan_data(PLAN), now=rt.clock.now())
            for code, title, parent, level in UNITS:
                added = await unit_store.add_unit(conn, code, title, now=rt.clock.now(), parent_code=parent, level=level)
                [codes[code]] = await invite_store.create_invites(conn, added.id, count=1, days=30, now=rt.clock.now())
        router = Router(rt, {Channel.CONSOLE: RecordingSender()})  # type: ignore[dict-item]
        for user, (unit, name, phone, _) in OFFICERS.items():
            chat = Chat(router, user)
            for text in (f"/start {codes[unit]}", "1", name, "Chuyên viên", phone, *SCORING, "/baocao quy-1", "1"):
                await chat.say(text)  # registered, and in the report
        await make_admin(rt, BOSS, "TN")
        await make_admin(rt, SNV_ADMIN, "SNV")
    finally:
        await rt.close()


def settings_for(db: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{db}", _env_file=None)  # type: ignore[call-arg]
