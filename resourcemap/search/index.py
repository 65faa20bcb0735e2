"""Builds a service point's search columns (search_text, search_grams, search_latin).

search_text:  normalised name first (the ranking relies on that), then alternate names,
              services, address and category words, separated by single spaces.
search_grams: every 1- and 2-character gram of those (GIN index for short Chinese queries).
search_latin: "<name pinyin> <name initials>" first, then the same for each alternate name,
              then any Latin-script names (pg_trgm GIN index).
"""

from __future__ import annotations

from functools import lru_cache

from resourcemap.search.normalize import grams_of_normalized, normalize, pinyin_of_normalized


@lru_cache(maxsize=256)
def category_terms(category_words: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """Normalised category words and their grams: the same few strings recur on every row
    of an import, so they are worked out once."""
    normalized = tuple(n for n in (normalize(w) for w in (category_words or "").replace(";", " ").split()) if n)
    gram_set: set[str] = set()
    for word in normalized:
        gram_set |= grams_of_normalized(word)
    return normalized, frozenset(gram_set)


def search_columns_for(
    name: str, alternate_name: str, description: str, address: str, category_words: str
) -> dict[str, object]:
    names = [name, *[a for a in (alternate_name or "").split(";") if a.strip()]]
    normalized_names = [normalize(each) for each in names]
    normalized_rest = [normalize(part) for part in (description, address) if part]
    category_normalized, category_grams = category_terms(category_words)
    parts = [*normalized_names, *normalized_rest, *category_normalized]
    text = " ".join(part for part in parts if part)
    gram_set: set[str] = set(category_grams)
    for part in (*normalized_names, *normalized_rest):
        gram_set |= grams_of_normalized(part)
    latin: list[str] = []
    for index, normalized in enumerate(normalized_names):
        full, initials = pinyin_of_normalized(normalized)
        # Keep the two leading tokens in place even for a name with no Chinese in it.
        latin.extend([full or "-", initials or "-"] if index == 0 else [p for p in (full, initials) if p])
        if normalized and normalized.isascii():
            latin.append(normalized)
    return {"search_text": text, "search_grams": sorted(gram_set), "search_latin": " ".join(latin)}
