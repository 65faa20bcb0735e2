"""The order of a broad search: bounded work however many sites match.

A query such as 儿, 幼儿, 深圳 or 党群服务中心 matches most of a million sites. Ranking every
match (resourcemap/search/query.py: exact name, name prefix, name contains, pinyin, the rest;
then shorter names) means reading and sorting all of them: seconds of database work. So when
more than a count cap match (resourcemap/public/search_answers.py), the list's order is:

1. the ranked candidates, in the full ranking's order: the RANKED_CANDIDATES shortest-named
   matches (index on length(name), name, id) together with the (at most RANKED_CANDIDATES,
   shortest first) matches whose normalised name starts with the query (index on the
   normalised name), so exact names and name prefixes always come first;
2. then every other match, shorter names first (length, name, id): reachable page by page.

What differs from the full ranking: a match outside the candidates whose name merely contains
the query (a long name) is listed after the candidates' other-field matches. Every page agrees
with every other (one order), and every match is reachable.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Length

RANKED_CANDIDATES = 2000


def broad_page_ids(ranked: QuerySet, whole_query: str, start: int, stop: int) -> list[int]:
    """Ids start..stop (0-based, stop exclusive) of a search's matches in the order above.
    `ranked` is search_service_points' answer (filtered, annotated, in ranking order);
    `whole_query` its normalised terms joined, as the ranking compares with names."""
    by_length = ranked.order_by(Length("name"), "name", "pk")
    shortest = by_length.values_list("id", flat=True)[:RANKED_CANDIDATES]
    prefixed = by_length.filter(rank_name__startswith=whole_query).values_list("id", flat=True)[:RANKED_CANDIDATES]
    candidates = {*shortest, *prefixed}
    first = list(ranked.filter(pk__in=candidates).values_list("id", flat=True)[start:stop])
    if len(first) == stop - start:
        return first
    # Past the candidates: the others, shorter names first.
    rest_start = max(0, start - len(candidates))
    rest = by_length.exclude(pk__in=candidates).values_list("id", flat=True)
    return first + list(rest[rest_start : rest_start + (stop - start - len(first))])
