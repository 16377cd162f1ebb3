"""``dvbot units import|rename|move|retire``, ``dvbot admin``, ``dvbot invite
--all-children --out``, ``dvbot summary --json`` and ``dvbot export``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from bot.shell.cli.units_csv import CsvError, parse_units
from plans import bundled_path
from storage.unit_tree import ImportRow, check_import
from storage.units import Unit
from tests.support.cli import cli_env, dvbot  # noqa: F401  (cli_env: an autouse fixture)

UNITS_CSV = (
    "\ufeffMã đơn vị;Tên đơn vị;Mã đơn vị cấp trên;Cấp\n"
    "X-1;UBND xã Một;SNV;xa\n"  # its parent comes later in the file
    "TN;UBND tỉnh Tây Ninh;;tinh\n"
    "SNV;Sở Nội vụ;TN;so\n"
    'STC;"Sở Tài chính; Kế hoạch";TN;so\n'
)






def _import(tmp_path: Path, text: str, encoding: str = "utf-8") -> tuple[int, str]:
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode(encoding))
    return dvbot("units", "import", str(path))


def test_units_import_move_rename_retire(tmp_path: Path) -> None:
    code, out = _import(tmp_path, UNITS_CSV)
    assert code == 0 and "4 added" in out, out
    assert dvbot("units", "list")[1].splitlines() == [
        "TN  UBND tỉnh Tây Ninh  [tinh]", "  SNV  Sở Nội vụ  [so]", "    X-1  UBND xã Một  [xa]",
        "  STC  Sở Tài chính; Kế hoạch  [so]"]
    # re-import with commas and without BOM: one rename, the rest unchanged
    code, out = _import(tmp_path, "TN,UBND tỉnh Tây Ninh,,tinh\nSTC,Sở Tài chính,TN,so\n")
    assert code == 0 and "1 updated, 1 unchanged" in out, out
    code, out = dvbot("units", "move", "TN", "--parent", "X-1")
    assert code == 1 and "cycle" in out
    assert dvbot("units", "move", "X-1", "--parent", "STC")[0] == 0
    assert dvbot("units", "rename", "X-1", "UBND xã Một Mới")[0] == 0
    code, out = dvbot("units", "retire", "STC")
    assert code == 1 and "X-1" in out  # not while a unit is under it
    assert dvbot("units", "retire", "X-1")[0] == 0
    assert dvbot("units", "retire", "STC")[0] == 0
    listing = dvbot("units", "list", "--all")[1]
    assert "X-1  UBND xã Một Mới  [xa] (retired)" in listing
    assert "STC" not in dvbot("units", "list")[1]
    code, out = _import(tmp_path, "Y;Xã Y;STC;xa\n")  # a retired parent cannot take new units
    assert code == 1 and "line 1" in out


def test_import_errors_name_the_line(tmp_path: Path) -> None:
    code, out = _import(tmp_path, "A;Một;;tinh\nB;;A;so\nA;Trùng;;so\nC;Ba;ZZ;xa\nD;Bốn;E;xa\nE;Năm;D;xa\n")
    assert code == 1
    for expected in ("line 2: the unit name is empty", "line 3: code A already appears on line 1",
                     "line 4: parent ZZ", "line 5: D would sit inside its own subtree",
                     "line 6: E would sit inside its own subtree"):
        assert expected in out, out
    assert dvbot("units", "list")[1].strip() == "(no units)"  # all or nothing
    code, out = _import(tmp_path, "A;Một\nB;Hai;A;so;thanh-tra;extra\n")
    assert code == 1 and "line 2" in out
    with pytest.raises(CsvError, match="line 1: unit type 'thanh tra'"):
        parse_units("TTT;Thanh tra tỉnh;;so;Thanh tra\n".encode())
    with pytest.raises(CsvError, match="line 2"):
        parse_units("A;Một\n".encode() + b"B;\xff\xfe;A\n")
    assert parse_units("code,name\nA,Một\n".encode()) == [ImportRow(2, "A", "Một", None, "don-vi")]


def test_units_carry_an_optional_type(tmp_path: Path) -> None:
    """The type a plan section's applies_to names ("thanh-tra"): the fifth column, lower-cased."""
    assert parse_units("TTT;Thanh tra tỉnh;TN;so;Thanh-Tra\n".encode()) == [
        ImportRow(1, "TTT", "Thanh tra tỉnh", "TN", "so", "thanh-tra")]
    code, out = _import(tmp_path, "TN;UBND tỉnh Tây Ninh;;tinh\nTTT;Thanh tra tỉnh;TN;so\n")
    assert code == 0 and "2 added" in out, out
    code, out = _import(tmp_path, "TTT;Thanh tra tỉnh;TN;so;thanh-tra\n")  # the type set: an update
    assert code == 0 and "1 updated" in out, out
    assert "  TTT  Thanh tra tỉnh  [so thanh-tra]" in dvbot("units", "list")[1].splitlines()
    assert dvbot("units", "add", "STP", "Sở Tư pháp", "--parent", "TN", "--level", "so", "--type", "so-tu-phap")[0] == 0
    assert "  STP  Sở Tư pháp  [so so-tu-phap]" in dvbot("units", "list")[1].splitlines()
    code, out = dvbot("units", "add", "X", "Xã", "--type", "thanh tra")
    assert code == 1 and "unit type" in out


def test_check_import_against_existing_tree() -> None:
    existing = [Unit(1, "TN", "Tỉnh", None, "tinh"), Unit(2, "SNV", "Sở", 1, "so")]
    assert check_import(existing, [ImportRow(1, "TN", "Tỉnh", "SNV", "tinh")]) == [
        "line 1: TN would sit inside its own subtree (cycle)"]
    assert check_import(existing, [ImportRow(1, "X", "Xã", "SNV", "xa")]) == []


def test_admins_invites_summary_export(tmp_path: Path) -> None:
    assert dvbot("plan", "load", str(bundled_path("tay-ninh-2025")))[0] == 0
    assert _import(tmp_path, UNITS_CSV)[0] == 0
    code, out = dvbot("admin", "add", "--user", "zalo:123", "--unit", "SNV", "--name", "Chị Lan")
    assert code == 0 and "added" in out
    assert "already admin" in dvbot("admin", "add", "--user", "zalo:123", "--unit", "SNV")[1]
    assert dvbot("admin", "add", "--user", "nope", "--unit", "SNV")[0] != 0
    assert "zalo:123\tSNV\tSở Nội vụ\tChị Lan" in dvbot("admin", "list")[1]
    assert "removed 1" in dvbot("admin", "remove", "--user", "zalo:123")[1]
    assert "(no admins)" in dvbot("admin", "list")[1]

    code, out = dvbot("invite", "--unit", "TN", "--all-children", "--out", "invites.csv",
                      "--bot-username", "dvbot_test_bot")
    assert code == 0, out
    raw = (tmp_path / "invites.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the exports' dialect: UTF-8 with BOM, ";" between fields
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Mã mời"]
    assert [r[0] for r in rows[1:]] == ["SNV", "STC", "X-1"]
    assert all(r[5] == f"https://t.me/dvbot_test_bot?start={r[3]}" for r in rows[1:])
    code, out = dvbot("invite", "--unit", "SNV", "--count", "2")
    assert code == 0 and len(out.split()) == 2

    code, out = dvbot("summary", "--round", "6-thang", "--json")
    data = json.loads(out)
    # the province plan's reporters are its direct children (IV.1): X-1, a commune
    # under a sở, is not chased
    assert [u["unit"] for u in data["units"]] == ["SNV", "STC"]
    assert data["counts"]["not_started"] == 2 and all(u["status"] == "not_started" for u in data["units"])
    assert {"plan", "round", "title", "deadline", "units"} <= set(data)
    assert "📊" in dvbot("summary", "--round", "6-thang")[1]
    assert dvbot("summary", "--round", "nope")[0] == 1

    code, out = dvbot("export", "--round", "tu-cham-diem", "--out", "x.xlsx")
    assert code == 0, out
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert wb.sheetnames == ["Tình trạng", "Tự đánh giá, chấm điểm công tác", "Tổng hợp", "Chấm điểm", "Kế hoạch"]
    assert dvbot("export", "--csv", "--out", "x.csv")[0] != 0  # --csv needs --round
    assert dvbot("export", "--round", "6-thang", "--csv", "--out", "x.csv", "--unit", "STC")[0] == 0
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    def header(name: str, sep: str) -> list[str]:
        return next(csv.reader(io.StringIO((tmp_path / name).read_bytes().decode("utf-8-sig")), delimiter=sep))

    assert header("x.csv", ";")[:2] == ["Mã đơn vị", "Tên đơn vị"]  # Excel in Vietnamese by default
    assert dvbot("export", "--round", "6-thang", "--csv", "--csv-plain", "--out", "p.csv")[0] == 0
    assert header("p.csv", ",")[:2] == ["Mã đơn vị", "Tên đơn vị"]
    assert dvbot("export", "--csv-plain", "--out", "x.xlsx")[0] != 0  # --csv-plain goes with --csv
