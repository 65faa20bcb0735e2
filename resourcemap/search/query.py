"""Chinese-aware search over service points.

Matching: the query is normalised like the index (simplified, lower case); its 1-/2-character
grams must all be in `search_grams` (GIN index, works for one- and two-character queries that
pg_trgm cannot index), and the normalised query must occur in `search_text`. Latin queries
also match pinyin (full or initials) through the trigram index on `search_latin`.
Ranking: exact name, then name prefix, then name contains, then the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, Value, When

from resourcemap.search.normalize import grams, has_han, normalize

if TYPE_CHECKING:
    from resourcemap.directory.querysets import ServicePointQuerySet


def search_service_points(qs: ServicePointQuerySet, text: str) -> ServicePointQuerySet:
    query = normalize(text)
    if not query:
        return qs
    match = Q(search_grams__contains=sorted(grams(query)), search_text__contains=query)
    if not has_han(query):
        match |= Q(search_latin__contains=query)
    return qs.filter(match).annotate(
        search_rank=Case(
            When(name__iexact=text.strip(), then=Value(0)),
            When(name__istartswith=text.strip(), then=Value(1)),
            When(name__icontains=text.strip(), then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("search_rank", "name", "pk")
