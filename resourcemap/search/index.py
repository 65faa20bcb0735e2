"""Builds a service point's search columns (search_text, search_grams, search_latin)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from resourcemap.search.normalize import grams, normalize, pinyin_forms

if TYPE_CHECKING:
    from resourcemap.directory.models import ServicePoint


def search_columns_for(
    name: str, alternate_name: str, description: str, address: str, category_words: str
) -> dict[str, object]:
    names = [name, *[a for a in (alternate_name or "").split(";") if a.strip()]]
    text_parts = [*names, description, address, category_words]
    text = " ".join(normalize(p) for p in text_parts if p)
    gram_set: set[str] = set()
    for part in text_parts:
        gram_set |= grams(part or "")
    latin = []
    for n in names:
        full, initials = pinyin_forms(n)
        if full:
            latin.extend([full, initials])
        ascii_part = normalize(n)
        if ascii_part.isascii() and ascii_part:
            latin.append(ascii_part)
    return {"search_text": text, "search_grams": sorted(gram_set), "search_latin": " ".join(latin)}


def search_columns(site: ServicePoint) -> dict[str, object]:
    category = site.category
    category_words = " ".join(
        filter(None, [category.name_zh_hans, category.name_zh_hant, category.name_en, category.aliases])
    )
    return search_columns_for(site.name, site.alternate_name, site.description, site.address, category_words)
