"""Hostile and damaged files, each made by the test itself (small on disk), imported through the
command in a subprocess whose peak memory is measured: each is answered with a clear error
(exit status 2, the limit named, at most 80 characters of a value quoted), the process stays
under MEMORY_CEILING_MB, and nothing is stored."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from loaders.models import ImportRun
from resourcemap.directory.models import ServicePoint
from tests.loaders.files import site, write_csv, write_xlsx
from tests.loaders.paused_import import PAUSE_ENV
from tests.loaders.test_transactions import subprocess_database_url

# The ceiling. A two-row import already peaks at about 220 MB (Django, pandas, pinyin
# dictionaries, district outlines); before the limits these files drove the process to 4 GB,
# and the million-row CSV reached 305 MB until its rows were counted before pandas read them.
MEMORY_CEILING_MB = 300
BASE_DIR = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Outcome:
    status: int
    output: str
    peak_mb: float


# The import_sites command in English (commands speak LANGUAGE_CODE otherwise), as manage.py runs it,
# writing its peak RSS (VmHWM: this process's own, unlike the rusage of a child forked from
# the large test process, which starts at the parent's size) to PEAK_FILE as it exits.
ENGLISH_COMMAND = (
    "import atexit, os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'resourcemap.settings'); "
    "atexit.register(lambda: open(os.environ['PEAK_FILE'], 'w').write("
    "[line for line in open('/proc/self/status') if line.startswith('VmHWM')][0])); "
    "django.setup(); from django.utils import translation; translation.activate('en'); "
    "from django.core.management import execute_from_command_line; "
    "execute_from_command_line(['manage.py', 'import_sites', *sys.argv[1:]])"
)


def import_in_subprocess(path: Path, tmp_path: Path, *args: str, **env: str) -> Outcome:
    """`import_sites PATH --commit` in a child process, with its own peak RSS."""
    log, peak = tmp_path / "import.log", tmp_path / "peak.txt"
    environment = {**os.environ, "DATABASE_URL": subprocess_database_url(), "MEDIA_ROOT": str(tmp_path / "media"),
                   "GEOCODER": "", PAUSE_ENV: "0", "PEAK_FILE": str(peak), **env}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", ENGLISH_COMMAND, str(path), "--commit", *args],
            cwd=BASE_DIR, env=environment, stdout=out, stderr=subprocess.STDOUT,
        )
        status = process.wait(300)
    peak_kb = int(peak.read_text().split()[1])  # "VmHWM:  123456 kB"
    return Outcome(status, log.read_text("utf-8", errors="replace"), peak_kb / 1024)


def assert_refused(outcome: Outcome, *fragments: str) -> None:
    assert outcome.status == 2, outcome.output
    for fragment in fragments:
        assert fragment in outcome.output, outcome.output
    assert max(len(line) for line in outcome.output.splitlines()) < 600, "a message repeats a whole value"
    assert outcome.peak_mb < MEMORY_CEILING_MB, f"peak RSS {outcome.peak_mb:.0f} MB"
    assert not ImportRun.objects.exists() and not ServicePoint.objects.exists()


def with_sheet_xml(path: Path, sheet_xml: bytes, shared_strings: bytes | None = None) -> Path:
    """A real workbook (openpyxl) whose first sheet's XML is replaced by `sheet_xml`."""
    base = write_xlsx(path.with_suffix(".base.xlsx"), [{"name": "x"}])
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            elif item.filename == "xl/sharedStrings.xml" and shared_strings is not None:
                data = shared_strings
            target.writestr(item.filename, data)
    return path


SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def sheet(rows: bytes, dimension: bytes = b"A1:B3", doctype: bytes = b"") -> bytes:
    return SHEET_HEAD + doctype + SHEET_OPEN + b'<dimension ref="' + dimension + b'"/><sheetData>' + rows + (
        b"</sheetData></worksheet>")


def inline_row(number: int, *values: str) -> bytes:
    cells = b"".join(
        f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'.encode() for i, v in enumerate(values)
    )
    return f'<row r="{number}">'.encode() + cells + b"</row>"


def test_it_ignores_a_declared_dimension_of_a_whole_sheet(boundaries, tmp_path: Path) -> None:
    rows = inline_row(1, "external_id", "name") + inline_row(2, "a-1", "甲")
    path = with_sheet_xml(tmp_path / "bomb.xlsx", sheet(rows, dimension=b"A1:XFD1048576"))
    assert path.stat().st_size < 10_000
    outcome = import_in_subprocess(path, tmp_path)
    # Read as the two cells it has: the row is checked like any other (it has no coordinates).
    assert outcome.status == 1, outcome.output
    assert "row 2, column lon" in outcome.output and "no coordinates" in outcome.output
    assert outcome.peak_mb < MEMORY_CEILING_MB, f"peak RSS {outcome.peak_mb:.0f} MB"
    assert not ImportRun.objects.exists()


def test_it_refuses_a_huge_cell_quoting_80_characters(tmp_path: Path) -> None:
    rows = inline_row(1, "external_id", "name") + inline_row(2, "a-1", "名" * 2_000_000)
    path = with_sheet_xml(tmp_path / "huge-cell.xlsx", sheet(rows))
    assert path.stat().st_size < 200_000
    outcome = import_in_subprocess(path, tmp_path)
    assert_refused(outcome, "row 2, column name: a cell of 2000000 characters (at most 5000",
                   "名" * 79 + "… (2,000,000 characters)")


def test_it_refuses_an_xlsx_that_unpacks_past_the_limit_before_opening_it(tmp_path: Path) -> None:
    rows = inline_row(1, "external_id", "name") + inline_row(2, "a-1", "x" * 30_000_000)
    path = with_sheet_xml(tmp_path / "unpacks.xlsx", sheet(rows))
    assert path.stat().st_size < 200_000
    outcome = import_in_subprocess(path, tmp_path, IMPORT_MAX_UNPACKED_MB="20")
    assert_refused(outcome, "unpacks to 28 MB, more than 20 MB (IMPORT_MAX_UNPACKED_MB)")


def test_it_stops_reading_a_million_rows_at_the_row_limit(tmp_path: Path) -> None:
    rows = inline_row(1, "external_id", "name") + b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c></row>'.encode() for n in range(2, 1_000_002)
    )
    path = with_sheet_xml(tmp_path / "million.xlsx", sheet(rows, dimension=b"A1:B1000001"))
    outcome = import_in_subprocess(path, tmp_path, IMPORT_MAX_ROWS="50000")
    assert_refused(outcome, "more than 50000 rows (IMPORT_MAX_ROWS)")


def test_it_refuses_a_million_row_csv(tmp_path: Path) -> None:
    path = tmp_path / "million.csv"
    path.write_text("external_id,name\n" + "".join(f"{n},x\n" for n in range(1_000_000)), "utf-8")
    assert_refused(import_in_subprocess(path, tmp_path), "more than 200000 rows (IMPORT_MAX_ROWS)")


def test_it_refuses_an_external_entity(tmp_path: Path) -> None:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    rows = inline_row(1, "external_id", "name") + inline_row(2, "a-1", "&xxe;")
    path = with_sheet_xml(tmp_path / "xxe.xlsx", sheet(rows, doctype=doctype))
    outcome = import_in_subprocess(path, tmp_path)
    assert_refused(outcome, "the XLSX file cannot be read")
    assert "root:" not in outcome.output


def test_it_refuses_a_billion_laughs(tmp_path: Path) -> None:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10)
    )
    rows = inline_row(1, "external_id", "name") + inline_row(2, "a-1", "&lol9;")
    path = with_sheet_xml(tmp_path / "laughs.xlsx", sheet(rows, doctype=b"<!DOCTYPE worksheet [" + entities + b"]>"))
    assert_refused(import_in_subprocess(path, tmp_path), "the XLSX file cannot be read")


def test_it_refuses_a_gbk_body_behind_a_utf8_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom-gbk.csv"
    path.write_bytes(codecs.BOM_UTF8 + "external_id,name\na-1,儿童福利院\n".encode("gbk"))
    assert_refused(import_in_subprocess(path, tmp_path), "starts with a UTF-8 byte-order mark but byte 25 is not UTF-8")


def test_it_refuses_utf16_of_odd_length(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes("external_id,name\na-1,甲\n".encode("utf-16") + b"\x00")
    assert_refused(import_in_subprocess(path, tmp_path), "starts with a UTF-16-LE byte-order mark but byte 49 is not UTF-16-LE")


def test_it_refuses_a_cell_with_100000_phone_numbers(boundaries, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "phones.csv", [site("a-1", "甲", phone=";".join(["0755-83000000"] * 100_000))])
    outcome = import_in_subprocess(path, tmp_path, IMPORT_MAX_CELL_CHARS="2000000")  # past the cell limit
    assert outcome.status == 1, outcome.output
    assert "100000 phone numbers: at most 10 per site" in outcome.output
    assert max(len(line) for line in outcome.output.splitlines()) < 600
    assert outcome.peak_mb < MEMORY_CEILING_MB, f"peak RSS {outcome.peak_mb:.0f} MB"
    assert not ServicePoint.objects.exists()
