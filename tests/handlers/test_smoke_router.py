from __future__ import annotations

from tests.conftest import Chat, register


async def test_register_and_open_report(chat: Chat, codes: dict[str, str]) -> None:
    done = await register(chat, codes["SNV"])
    assert "Đăng ký thành công" in done
    menu = await chat.say("/baocao")
    assert "Báo cáo 6 tháng" in menu
