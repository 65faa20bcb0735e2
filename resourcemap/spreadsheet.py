"""Text that will be opened in a spreadsheet program stays text: the one guard every CSV and
XLSX export uses (staff export, referral plan, HSDS CSV package).

A CSV cell that starts with = + - @ (or a tab or carriage return; Excel and WPS also read
the full-width ＝ ＋ － ＠ typed by a Chinese input method) is run as a formula by Excel, WPS and
LibreOffice (CSV injection: `=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Imported names and
addresses are data, so such cells are written with a leading apostrophe, which the programs
read as "this is text"; the importer removes that apostrophe again (`from_text_cell`), so an
export edited and imported again round-trips.

In XLSX the cell's type says what it is: a string cell is never a formula, whatever it starts
with, so `xlsx_text_cell` only has to stop openpyxl from storing "=..." as a formula.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
GUARDED = re.compile("^'(?=[" + re.escape("".join(FORMULA_TRIGGERS)) + "])")


def as_text_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def from_text_cell(value: str) -> str:
    """The reverse of as_text_cell, for the importer."""
    return GUARDED.sub("", value)


def safe_row(row: Iterable[object]) -> list[object]:
    return [as_text_cell(cell) for cell in row]


class SafeCsvWriter:
    """csv.writer whose text cells cannot turn into formulas."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """csv.DictWriter whose text cells cannot turn into formulas (the header is ours, not guarded)."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: as_text_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def xlsx_text_cell(sheet: Any, value: object) -> object:
    """A value for openpyxl's write-only sheet.append: "=..." stays a string cell, not a formula."""
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
