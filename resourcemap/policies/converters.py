"""URL converter for a law's version date (YYYY-MM-DD), kept apart from article slugs."""

from __future__ import annotations

import datetime


class VersionConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        # An impossible date (2024-02-30, 0000-00-00) raises ValueError, so the URL does not
        # match and Django answers 404 instead of the DateField lookup failing with a 500.
        return datetime.date.fromisoformat(value).isoformat()

    def to_url(self, value: str | datetime.date) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else value
