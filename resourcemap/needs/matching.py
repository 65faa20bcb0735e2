"""Which needs a typed search term names: 心理, 孤獨症 (traditional), xinli (pinyin), 附近的幼儿园.

A term names a need when, normalised like the search index (simplified, lower case), it is one
of the need's names or everyday words, contains one of them (two characters or more), or is
the full pinyin of one. The index is rebuilt when a need is edited (its key is the table's
row count and last update), so administrators' edits count at once without any signal.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q

from resourcemap.needs.models import Need
from resourcemap.search.normalize import has_han, normalize, pinyin_of_normalized

MIN_CONTAINED_WORD = 2
_index: dict[str, object] = {"key": None, "words": {}}


def _words_index() -> dict[str, set[str]]:
    """normalised word or full pinyin -> codes of the needs it names."""
    state = Need.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
    key = (state["count"], state["last"])
    if _index["key"] != key:
        words: dict[str, set[str]] = {}
        for need in Need.objects.all():
            for word in need.words():
                normalised = normalize(word)
                if not normalised:
                    continue
                words.setdefault(normalised, set()).add(need.code)
                full, _initials = pinyin_of_normalized(normalised)
                if full and len(full) >= 4:  # "xinli", not a two-letter syllable that names half the list
                    words.setdefault(full, set()).add(need.code)
        _index.update(key=key, words=words)
    return _index["words"]  # type: ignore[return-value]


def need_codes_for_term(term: str) -> set[str]:
    """Codes of the needs a normalised search term names."""
    words = _words_index()
    codes = set(words.get(term, ()))
    if has_han(term):
        for word, need_codes in words.items():
            if len(word) >= MIN_CONTAINED_WORD and has_han(word) and word in term:
                codes |= need_codes
    return codes


def category_codes_for_needs(codes: set[str]) -> list[str]:
    return sorted(set(Need.objects.filter(code__in=codes).values_list("categories__code", flat=True)) - {None})


def sites_meeting(codes: set[str]) -> Q:
    """Sites of a category (or sub-category) that meets any of these needs."""
    categories = category_codes_for_needs(codes)
    if not categories:
        return Q(pk__in=[])
    return Q(category__code__in=categories) | Q(category__parent__code__in=categories)
