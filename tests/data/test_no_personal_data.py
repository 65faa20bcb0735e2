"""No personal contact data anywhere under data/ (sources included), and the scrub that ensures it.

Plain pytest, no database: reads the files as they would ship and runs data/scrub_sources.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SCRUB = DATA / "scrub_sources.py"

# A Chinese mobile number standing alone: not part of a longer digit run, and not the
# decimals of a coordinate (22.13456789012 is a latitude, not a phone).
MOBILE = re.compile(r"(?<!\d)(?<!\d\.)1[3-9]\d{9}(?!\d)")
PERSONAL_MAIL_DOMAINS = (
    "qq.com|foxmail.com|163.com|126.com|yeah.net|188.com|sina.com|sina.cn|sohu.com|139.com|189.cn"
    "|aliyun.com|gmail.com|hotmail.com|outlook.com|live.com|yahoo.com|yahoo.com.cn|icloud.com"
)
PERSONAL_MAIL = re.compile(
    rf"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)*(?:{PERSONAL_MAIL_DOMAINS})(?![A-Za-z0-9.-]*[A-Za-z0-9])",
    re.IGNORECASE,
)


def text_files_under_data() -> list[Path]:
    files = []
    for path in sorted(DATA.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        raw = path.read_bytes()
        if b"\0" in raw:
            continue  # binary
        files.append(path)
    return files


def findings(pattern: re.Pattern[str]) -> list[str]:
    found = []
    for path in text_files_under_data():
        text = path.read_bytes().decode("utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(ROOT)}:{line}: {match.group()}")
    return found


def run_scrub(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRUB), *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_it_scans_the_sources_and_the_build_outputs() -> None:
    scanned = {p.relative_to(DATA).as_posix() for p in text_files_under_data()}
    assert {
        "sites.csv",
        "sources/poi/schools_2018.csv",
        "sources/poi/tencent_pois_2020_gcj02.csv",
        "sources/boundaries/districts_datav_gcj02.geojson",
    } <= scanned


def test_it_finds_no_mobile_number_under_data() -> None:
    assert findings(MOBILE) == []


def test_it_finds_no_personal_email_address_under_data() -> None:
    assert findings(PERSONAL_MAIL) == []


def test_it_would_catch_the_numbers_the_2018_sources_held() -> None:
    # the shapes found in schools_2018.csv office_phone before the scrub (numbers made up)
    for value in ("075581234567-15900000001", "0755-13600000002", "28012345-13400000003", "13400000004"):
        assert MOBILE.search(value), value
    for value in ("0755-83265494", "0755-075527347255", "114.13428901234", "16031130759285438543"):
        assert not MOBILE.search(value), value
    assert PERSONAL_MAIL.search("园长 abc_1@vip.QQ.com")
    assert not PERSONAL_MAIL.search("office@szeb.sz.gov.cn")
    assert not PERSONAL_MAIL.search("x@qq.com.example.org")


def test_it_leaves_the_committed_sources_unchanged_when_rerun() -> None:
    result = run_scrub("--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_blanks_mobiles_and_keeps_every_other_byte(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    (sources / "poi").mkdir(parents=True)
    csv_text = (
        "id,name,office_phone,address\r\n"
        '1,甲幼儿园,075581234567-15900000001,"A路1号,2栋"\r\n'
        "2,乙幼儿园,0755-13600000002,B路\r\n"
        "3,丙幼儿园,0-13400000005,\r\n"
        '4,丁幼儿园,28012345-13400000003,"C路""北"""\r\n'
        "5,戊学校,0755-83265494,D路 22.13456789012\r\n"
    )
    (sources / "poi" / "k.csv").write_bytes(csv_text.encode("utf-8"))
    geojson = '{"type":"Feature","properties":{"tel":"13400000004","n":"x"},"geometry":null}\n'
    (sources / "poi" / "p.geojson").write_bytes(geojson.encode("utf-8"))

    first = run_scrub("--sources", str(sources))
    assert first.returncode == 0, first.stderr

    assert (sources / "poi" / "k.csv").read_bytes().decode("utf-8") == (
        "id,name,office_phone,address\r\n"
        '1,甲幼儿园,075581234567,"A路1号,2栋"\r\n'
        "2,乙幼儿园,,B路\r\n"
        "3,丙幼儿园,,\r\n"
        '4,丁幼儿园,28012345,"C路""北"""\r\n'
        "5,戊学校,0755-83265494,D路 22.13456789012\r\n"
    )
    assert (sources / "poi" / "p.geojson").read_text(encoding="utf-8") == geojson.replace("13400000004", "")
    assert "poi/k.csv: 4" in first.stdout

    again = run_scrub("--sources", str(sources), "--check")
    assert again.returncode == 0, again.stdout
