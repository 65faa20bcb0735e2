"""The answer to a map search without a point: how many sites match (up to a cap) and which
sites fill the requested page of the list, best first.

At a million sites a broad query (儿, 幼儿, 深圳, 党群服务中心) matches hundreds of thousands of
rows: counting and ranking them all costs seconds of database work (bench/bench_search.py). So
the count stops at COUNT_CAP (the page says "more than 1000 places"), and past the cap the list's
order is bounded (resourcemap/search/broad.py: the full ranking over a few hundred candidates,
then the oldest first); up to the cap it is the full ranking (resourcemap/search/query.py).
The map itself draws its markers from data tiles (resourcemap/public/tiles.py), which apply
the search and filters themselves: no list of matching ids is sent.

Such answers depend only on the directory's data (resourcemap.directory.version), the query and
the data-only filters, so each worker process also keeps the broad ones for the current data
version, with its 20 list items per language and minute (their open-now flag follows the
clock, their names' script and links the page's language).

Privacy: only two kinds of answers are kept, in this process's memory only (nothing written
to the cache table, disk or a log): short queries (at most SHORT_QUERY_CHARS normalised
characters: a kind of place or a word, never a typed address) that match at least
BROAD_MATCHES sites, and queries that are exactly a word of the directory's own vocabulary (a
category's names or aliases, a need's names or synonyms, an abbreviation or what it stands
for: 幼儿园, 特教, 儿童医院), which are our data, not something a person could reveal about
themselves. A search with a point ("near me") is never kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from resourcemap.directory.actions import category_words
from resourcemap.directory.models import Category
from resourcemap.directory.version_memo import Stamp, VersionMemo, data_stamp
from resourcemap.needs.models import Need
from resourcemap.public.filters import MapFilterForm, matching_sites
from resourcemap.public.listing import PAGE_SIZE, items_for_ids, page_bounds
from resourcemap.search.aliases import abbreviations
from resourcemap.search.broad import broad_page_ids, first_matches
from resourcemap.search.index import category_terms
from resourcemap.search.normalize import normalize
from resourcemap.search.query import query_terms

SHORT_QUERY_CHARS = 6
BROAD_MATCHES = 1000
KEPT_ANSWERS = 64  # per process: each a count and 20 ids
# Counting stops here: past it the page says "more than 1000 places found" (an exact count of
# hundreds of thousands of matches would read them all, and nobody pages through them).
COUNT_CAP = 1000


@dataclass(frozen=True)
class SearchAnswer:
    count: int  # the number of matches, or COUNT_CAP when more match (count_capped)
    count_capped: bool
    page_ids: list[int]
    has_more: bool  # a match after this page
    kept: bool = False  # kept per data version (a broad query or a vocabulary word): so are its items


kept_answers: VersionMemo[SearchAnswer] = VersionMemo(size=KEPT_ANSWERS)
_vocabulary: VersionMemo[frozenset[str]] = VersionMemo(size=1)


def vocabulary(stamp: Stamp) -> frozenset[str]:
    """The directory's own search words, normalised: kept per data version (admins edit them)."""
    words = _vocabulary.get(stamp, "words")
    if words is None:
        found: set[str] = set()
        for category in Category.objects.only("name_zh_hans", "name_zh_hant", "name_en", "aliases"):
            found.update(category_terms(category_words(category))[0])  # the words its sites are indexed by
        for need in Need.objects.only("name_zh_hans", "name_zh_hant", "name_en", "synonyms"):
            found.update(filter(None, map(normalize, need.words())))
        for short, full in abbreviations().items():
            found.update((short, *full))
        words = frozenset(found)
        _vocabulary.put(stamp, "words", words)
    return words


def _is_vocabulary(terms: list[str], stamp: Stamp) -> bool:
    return len(terms) == 1 and terms[0] in vocabulary(stamp)


def _key(form: MapFilterForm, page: int, stamp: Stamp) -> tuple[object, ...] | None:
    """What the answer depends on, or None when it must not be kept."""
    data = form.cleaned_data
    terms = query_terms(data.get("q") or "")
    if data.get("open"):  # open now: the clock decides
        return None
    if len("".join(terms)) > SHORT_QUERY_CHARS and not _is_vocabulary(terms, stamp):
        return None
    age = data.get("age")
    return (tuple(terms), tuple(sorted(data.get("category") or [])), data.get("district") or "",
            None if age is None else str(age), bool(data.get("free")), page)


def _count(sites: QuerySet) -> tuple[int, list[int]]:
    """How many sites match, up to COUNT_CAP + 1 (more: the count is capped), and the oldest
    matches, as many as the bounded walk found (resourcemap/search/broad.py)."""
    oldest, exhaustive = first_matches(sites, COUNT_CAP + 1)
    if len(oldest) > COUNT_CAP or exhaustive:
        return len(oldest), oldest
    # Fewer matches near the start of the table: a rarer query, counted by the planner's plan
    # (the database stops after COUNT_CAP + 1 rows).
    return sites.order_by()[: COUNT_CAP + 1].count(), oldest


def capped_count(sites: QuerySet) -> tuple[int, bool]:
    """(the number of matches up to COUNT_CAP, whether more match): for lists ranked elsewhere."""
    count, _oldest = _count(sites)
    return min(count, COUNT_CAP), count > COUNT_CAP


def _compute(form: MapFilterForm, page: int) -> SearchAnswer:
    sites = matching_sites(form)
    count, oldest = _count(sites)
    capped = count > COUNT_CAP
    start, stop = page_bounds(page)
    terms = query_terms(form.cleaned_data.get("q") or "")
    if capped and terms:
        # One row past the page says whether there is another page.
        ids = broad_page_ids(sites, "".join(terms), oldest, start, stop + 1)
    else:
        # Up to the cap the full ranking; no search: by name, read from the (name, id) index.
        ids = list(sites.values_list("id", flat=True)[start : stop + 1]) if capped or start < count else []
    return SearchAnswer(min(count, COUNT_CAP), capped, ids[:PAGE_SIZE], len(ids) > PAGE_SIZE)


def search_answer(form: MapFilterForm, page: int) -> SearchAnswer:
    """The answer for a valid form and page, from this process's memory when a broad one is kept."""
    stamp = data_stamp()
    key = _key(form, page, stamp)
    if key is None:
        return _compute(form, page)
    answer = kept_answers.get(stamp, key)
    if answer is None:
        answer = _compute(form, page)
        terms = list(key[0])  # type: ignore[arg-type]
        if answer.count_capped or answer.count >= BROAD_MATCHES or _is_vocabulary(terms, stamp):
            answer = replace(answer, kept=True)
            kept_answers.put(stamp, key, answer)
    return answer


def answer_items(answer: SearchAnswer, now: datetime) -> list[dict[str, Any]]:
    """The list items of the answer's page. A kept answer's items are kept too, per language (the
    names' script, the links) and minute (open now): a repeated broad search builds none. Only
    kept answers: the ids of a typed search's page are not kept either."""
    if not answer.kept:
        return items_for_ids(answer.page_ids, now)
    stamp = data_stamp()
    key = (tuple(answer.page_ids), get_language(), now.strftime("%Y%m%d%H%M"))
    items = _kept_items.get(stamp, key)
    if items is None:
        items = items_for_ids(answer.page_ids, now)
        _kept_items.put(stamp, key, items)
    return [dict(item) for item in items]  # the caller may add to its copy


_kept_items: VersionMemo[list[dict[str, Any]]] = VersionMemo(size=3 * KEPT_ANSWERS)  # three languages
