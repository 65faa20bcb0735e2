"""Bounded work for a broad search, however many sites match.

A query such as 儿, 幼儿, 深圳 or 党群服务中心 matches most of a million sites. Counting or
ranking every match (resourcemap/search/query.py: exact name, name prefix, name contains,
pinyin, the rest; then shorter names) reads all of them: seconds of database work. So:

- Counting stops at a cap (resourcemap/public/search_answers.py), and the matches are first
  looked for among the WINDOW_ROWS oldest sites (lowest ids), walking the primary key with
  bitmap scans off: at most WINDOW_ROWS rows are read, whatever the planner estimates (its
  estimate for a many-character query can be 30 times too low, and a bitmap of 450,000
  matches alone costs 150 ms). A broad query finds its cap there; a rarer one falls back to
  the planner's own plan over fewer matches.
- Past the cap, the list's order is: the ranked candidates, in the full ranking's order:
  the RANKED_CANDIDATES oldest matches (lowest ids) together with the first RANKED_CANDIDATES
  matches whose normalised name starts with the query, in the name's code-point order (index
  on the normalised name and id: the exact name sorts first of them), so the exact name and
  name prefixes come first; then every other match, oldest first (id order), reachable page
  by page.

What differs from the full ranking: a match outside the candidates whose name merely contains
the query is listed after the candidates' other-field matches. Every page agrees with every
other (one order), and every match is reachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import QuerySet

RANKED_CANDIDATES = 200
WINDOW_ROWS = 10_000
LAST_CHARACTER = "\U0010ffff"  # sorts after every character a name holds


@contextmanager
def _index_walks(using: str) -> Iterator[None]:
    """Bitmap scans off for the statements inside: an ordered LIMIT walks its index and stops
    (a bitmap would first collect every match of a common gram: 380,000 for 深圳, 110 ms).
    `using`: the database the walk reads (the replica on the public read path), which the
    setting must reach."""
    with transaction.atomic(using=using, savepoint=False), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")


def first_matches(sites: QuerySet, wanted: int) -> tuple[list[int], bool]:
    """The first `wanted` matching ids in id order if they are among the WINDOW_ROWS oldest
    sites, and whether that list is every match (the window held the whole table)."""
    bound = list(sites.model.objects.order_by("pk").values_list("pk", flat=True)[WINDOW_ROWS : WINDOW_ROWS + 1])
    window = sites.filter(pk__lt=bound[0]) if bound else sites
    with _index_walks(window.db):
        found = list(window.order_by("pk").values_list("id", flat=True)[:wanted])
    return found, not bound


def broad_page_ids(ranked: QuerySet, whole_query: str, oldest: list[int], start: int, stop: int) -> list[int]:
    """Ids start..stop (0-based, stop exclusive) of a search's matches in the order above.
    `ranked` is search_service_points' answer (filtered, annotated, in ranking order);
    `whole_query` its normalised terms joined, as the ranking compares with names; `oldest`
    the first matches in id order as far as known (first_matches), else they are read here."""
    if len(oldest) < RANKED_CANDIDATES:
        oldest = list(ranked.order_by("pk").values_list("id", flat=True)[:RANKED_CANDIDATES])
    oldest = oldest[:RANKED_CANDIDATES]
    # The names starting with the query: one range of the normalised name's index (in the C
    # collation's code-point order; LIKE alone widens the range to whole neighbouring
    # characters: 儿% read 21,799 names starting with 光 or 党), then LIKE for exactness; read
    # in the index's order so that only the first few are read (深圳 starts 3,734 names).
    prefix_range = ranked.filter(
        rank_name__gte=whole_query, rank_name__lt=whole_query + LAST_CHARACTER, rank_name__startswith=whole_query
    )
    with _index_walks(prefix_range.db):
        prefixed = list(prefix_range.order_by("rank_name", "pk").values_list("id", flat=True)[:RANKED_CANDIDATES])
    candidates = {*oldest, *prefixed}
    first = list(ranked.filter(pk__in=candidates).values_list("id", flat=True)[start:stop])
    if len(first) == stop - start:
        return first
    # Past the candidates: the others, oldest first.
    rest_start = max(0, start - len(candidates))
    rest = ranked.exclude(pk__in=candidates).order_by("pk").values_list("id", flat=True)
    return first + list(rest[rest_start : rest_start + (stop - start - len(first))])
