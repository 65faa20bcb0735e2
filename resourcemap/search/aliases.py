"""Abbreviations people type for the longer names in the data, read from the one abbreviation
store (SearchAbbreviation, edited in the admin; seeded by migration 0002 with what this module
held in code before #10).

A query term that is one of the short forms also matches its full forms, so 特教 finds
深圳元平特殊教育学校 even where the site's own alternate names do not list the abbreviation.
Category aliases (edited in the admin) are indexed with every site of the category; this table
covers words that cut across categories or appear inside names.

The rows are read on every search (a few dozen short rows, one indexed-size query), so an
administrator's edit counts at once in every process, with no cache to invalidate.
"""

from __future__ import annotations

from functools import lru_cache

from resourcemap.search.models import SearchAbbreviation
from resourcemap.search.normalize import normalize


@lru_cache(maxsize=4)
def _normalised(rows: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """short form -> full forms, both normalised like the index (cached per table content)."""
    table: dict[str, tuple[str, ...]] = {}
    for short, full in rows:
        key = normalize(short)
        forms = tuple(normalize(form) for form in full.split(";") if normalize(form))
        if key:
            table[key] = (*table.get(key, ()), *forms)
    return table


def abbreviations() -> dict[str, tuple[str, ...]]:
    return _normalised(tuple(SearchAbbreviation.objects.order_by("pk").values_list("short_form", "full_form")))


def expansions(term: str) -> tuple[str, ...]:
    """The term itself and whatever it abbreviates (term is already normalised)."""
    return (term, *(v for v in abbreviations().get(term, ()) if v != term))
