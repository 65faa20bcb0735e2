"""Text that will be opened in a spreadsheet program stays text.

A cell that starts with = + - @ (or a tab or carriage return) is run as a formula by Excel,
WPS and LibreOffice (CSV injection). Imported names and addresses are data, so such cells
are written with a leading apostrophe, which the programs read as "this is text".
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
