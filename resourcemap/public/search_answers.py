"""The answer to a map search without a point: how many sites match, the ids the map needs, and
which sites fill the requested page of the list, best first.

At a million sites a broad query (儿, 幼儿, 深圳, 党群服务中心) matches hundreds of thousands of
rows: counting and ranking them costs seconds of database work (bench/bench_search.py), the same
seconds for every visitor who types the same word. Such answers depend only on the directory's
data (resourcemap.directory.version), the query and the data-only filters, so each worker
process keeps the broad ones for the current data version and rebuilds only the 20 list items
(their open-now flag depends on the clock, their names on the page's language).

Privacy: only two kinds of answers are kept, in this process's memory only (nothing written
to the cache table, disk or a log): short queries (at most SHORT_QUERY_CHARS normalised
characters: a kind of place or a word, never a typed address) that match at least
BROAD_MATCHES sites, and queries that are exactly a word of the directory's own vocabulary (a
category's names or aliases, a need's names or synonyms, an abbreviation or what it stands
for: 幼儿园, 特教, 儿童医院), which are our data, not something a person could reveal about
themselves. A search with a point ("near me") is never kept.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from resourcemap.directory.models import Category
from resourcemap.directory.version_memo import Stamp, VersionMemo, data_stamp
from resourcemap.needs.models import Need
from resourcemap.public.filters import MapFilterForm, matching_sites
from resourcemap.public.listing import page_bounds
from resourcemap.search.aliases import abbreviations
from resourcemap.search.normalize import normalize
from resourcemap.search.query import query_terms

SHORT_QUERY_CHARS = 6
BROAD_MATCHES = 1000
KEPT_ANSWERS = 64  # per process: at most 64 x 160 KB of ids (8 bytes each, MAX_MARKER_IDS of them)
# The map hides the markers that do not match; past this many matching ids the list of ids costs
# more than it saves (at a million sites the map shows data by view, not one marker per site),
# so `ids` is null and the map keeps what it shows.
MAX_MARKER_IDS = 20_000


@dataclass(frozen=True)
class SearchAnswer:
    count: int
    ids: array[int] | None  # None: no search or filter (every site matches), or more than MAX_MARKER_IDS
    page_ids: list[int]

    def marker_ids(self) -> list[int] | None:
        return None if self.ids is None else self.ids.tolist()


kept_answers: VersionMemo[SearchAnswer] = VersionMemo(size=KEPT_ANSWERS)
_vocabulary: VersionMemo[frozenset[str]] = VersionMemo(size=1)


def _words(text: str) -> list[str]:
    return [word for word in (normalize(part) for part in text.split(";")) if word]


def vocabulary(stamp: Stamp) -> frozenset[str]:
    """The directory's own search words, normalised: kept per data version (admins edit them)."""
    words = _vocabulary.get(stamp, "words")
    if words is None:
        found: set[str] = set()
        for category in Category.objects.only("name_zh_hans", "name_zh_hant", "name_en", "aliases"):
            found.update(_words(";".join([category.name_zh_hans, category.name_zh_hant, category.name_en,
                                          category.aliases])))
        for need in Need.objects.only("name_zh_hans", "name_zh_hant", "name_en", "synonyms"):
            found.update(_words(";".join(need.words())))
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


def _compute(form: MapFilterForm, page: int) -> SearchAnswer:
    sites = matching_sites(form)
    ids = None
    count = None
    if form.is_filtered():
        # Unranked (the map needs the set, not an order): one index scan, capped.
        ids = array("q", sites.order_by().values_list("id", flat=True)[: MAX_MARKER_IDS + 1])
        if len(ids) <= MAX_MARKER_IDS:
            count = len(ids)
        else:
            ids = None
    if count is None:
        count = sites.order_by().count()
    start, stop = page_bounds(page)
    page_ids = list(sites.values_list("id", flat=True)[start:stop]) if start < count else []
    return SearchAnswer(count, ids, page_ids)


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
        if answer.count >= BROAD_MATCHES or _is_vocabulary(terms, stamp):
            kept_answers.put(stamp, key, answer)
    return answer
