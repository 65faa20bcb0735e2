"""Builds a service point's search columns (search_text, search_grams, search_latin).

search_text:  normalised name first (the ranking relies on that), then alternate names,
              services, address and category words, separated by single spaces.
search_grams: every 1- and 2-character gram of those (GIN index for short Chinese queries).
search_latin: "<name pinyin> <name initials>" first, then the same for each alternate name,
              then any Latin-script names (pg_trgm GIN index).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resourcemap.search.normalize import grams, normalize, pinyin_forms

if TYPE_CHECKING:
    from resourcemap.directory.models import ServicePoint


def search_columns_for(
    name: str, alternate_name: str, description: str, address: str, category_words: str
) -> dict[str, object]:
    names = [name, *[a for a in (alternate_name or "").split(";") if a.strip()]]
    text_parts = [*names, description, address, *(category_words or "").replace(";", " ").split()]
    text = " ".join(normalized for normalized in (normalize(p) for p in text_parts if p) if normalized)
    gram_set: set[str] = set()
    for part in text_parts:
        gram_set |= grams(part or "")
    latin: list[str] = []
    for each in names:
        full, initials = pinyin_forms(each)
        # Keep the two leading tokens in place even for a name with no Chinese in it.
        latin.extend([full or "-", initials or "-"] if each is name else [p for p in (full, initials) if p])
        ascii_part = normalize(each)
        if ascii_part.isascii() and ascii_part:
            latin.append(ascii_part)
    return {"search_text": text, "search_grams": sorted(gram_set), "search_latin": " ".join(latin)}


def search_columns(site: ServicePoint) -> dict[str, object]:
    category = site.category
    category_words = " ".join(
        filter(None, [category.name_zh_hans, category.name_zh_hant, category.name_en, category.aliases])
    )
    return search_columns_for(site.name, site.alternate_name, site.description, site.address, category_words)
