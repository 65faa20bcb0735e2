"""How much of a file an import reads before it refuses it: a small hostile file must not be
able to exhaust the server (an XLSX declaring A1:XFD1048576, one 300 MB cell, a million rows).

Every limit is a setting (IMPORT_MAX_* in .env.example). They are checked before parsing
where the file says how big it is (the XLSX archive's member sizes) and while parsing
otherwise, so the reader stops at the first row past a limit instead of reading on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

VALUE_EXCERPT_CHARS = 80


@dataclass(frozen=True)
class ParseLimits:
    max_rows: int
    max_columns: int
    max_cell_chars: int
    max_cells: int
    max_unpacked_bytes: int

    @classmethod
    def from_settings(cls) -> ParseLimits:
        return cls(
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_cells=settings.IMPORT_MAX_CELLS,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
        )


def excerpt(value: object, limit: int = VALUE_EXCERPT_CHARS) -> str:
    """At most `limit` characters of a value for a message: a 1 MB name must not make a 1 MB line."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text):,} characters)"
