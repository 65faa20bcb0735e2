"""URL converter for a law's version date (YYYY-MM-DD), kept apart from article slugs."""

from __future__ import annotations


class VersionConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
