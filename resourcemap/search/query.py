"""Chinese-aware search over service points.

Matching: the query is split on spaces into terms; each term is normalised like the index
(simplified, lower case, no punctuation) and every term must match. A one- or two-character
term matches when it is in `search_grams` (GIN index: this is what makes short Chinese
queries fast, which pg_trgm cannot index); a longer one when all its 2-character grams are
there and it occurs in `search_text`; an abbreviation also matches what it stands for (aliases.py); a Latin term
also matches the pinyin of names, full or initials (pg_trgm GIN index on `search_latin`); a
term naming a need (resourcemap.needs) also matches every site of the categories meeting it.

Ranking: exact name, then name prefix (or pinyin prefix), then name contains, then other
names/pinyin, then services/address/category; shorter names first within a rank.
"""

from __future__ import annotations

from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Length

from resourcemap.search.aliases import expansions
from resourcemap.search.need_terms import need_codes_for_term, sites_meeting
from resourcemap.search.normalize import has_han, normalize

MAX_QUERY_LENGTH = 100


def query_terms(text: str) -> list[str]:
    """Normalised, non-empty terms of a typed query (spaces separate terms)."""
    terms = (normalize(part) for part in (text or "")[:MAX_QUERY_LENGTH].split())
    return [term for term in terms if term]


def _variant_match(variant: str) -> Q:
    if len(variant) <= 2:
        # The gram set holds every 1- and 2-character substring of each indexed part, so for
        # a short term the GIN lookup alone is the exact answer (no need to read the text).
        return Q(search_grams__contains=[variant])
    # Longer: rows holding all its 2-character grams (GIN), then the substring itself.
    bigrams = sorted({variant[i : i + 2] for i in range(len(variant) - 1)})
    return Q(search_grams__contains=bigrams, search_text__contains=variant)


def _term_match(term: str) -> Q:
    match = Q()
    for variant in expansions(term):
        match |= _variant_match(variant)
    if term.isascii() and not has_han(term):
        match |= Q(search_latin__contains=term)
    # A need word (心理, 孤独症, 家暴, xinli) also finds the categories that meet the need.
    need_codes = need_codes_for_term(term)
    if need_codes:
        match |= sites_meeting(need_codes)
    return match


def _split_part(field: str, index: int) -> Func:
    return Func(F(field), Value(" "), Value(index), function="split_part", output_field=TextField())


def _rank(query: str) -> Case:
    # search_text starts with the normalised name (normalising removes spaces, so the first
    # space-separated token is the whole name); search_latin starts "<full pinyin> <initials>".
    exact = Q(rank_name=query)
    prefix = Q(rank_name__startswith=query)
    name_contains = Q()
    for variant in expansions(query):
        name_contains |= Q(rank_name__contains=variant)
    whens = []
    if query.isascii():
        exact |= Q(rank_pinyin=query) | Q(rank_initials=query)
        prefix |= Q(rank_pinyin__startswith=query) | Q(rank_initials__startswith=query)
        whens.append(When(search_latin__contains=query, then=Value(3)))
    return Case(
        When(exact, then=Value(0)),
        When(prefix, then=Value(1)),
        When(name_contains, then=Value(2)),
        *whens,
        default=Value(4),
        output_field=IntegerField(),
    )


def search_service_points(qs: QuerySet, text: str) -> QuerySet:
    terms = query_terms(text)
    if not terms:
        return qs
    for term in terms:
        qs = qs.filter(_term_match(term))
    return (
        qs.annotate(
            rank_name=_split_part("search_text", 1),
            rank_pinyin=_split_part("search_latin", 1),
            rank_initials=_split_part("search_latin", 2),
        )
        .annotate(search_rank=_rank("".join(terms)))
        .order_by("search_rank", Length("name"), "name", "pk")
    )
