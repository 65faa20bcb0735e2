"""Search across articles with the map's Chinese behaviour (resourcemap.search.normalize):
simplified and traditional are the same text, one- and two-character queries work through
the gram index, and abbreviations (未保法, 家暴) are expanded from SearchAbbreviation rows.

Terms separated by spaces must all match (未保法 强制报告).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from resourcemap.policies.models import Article, Law
from resourcemap.search.models import SearchAbbreviation
from resourcemap.search.normalize import grams, normalize, to_simplified

MAX_TERMS = 8


@dataclass
class Term:
    typed: str
    forms: list[str]
    law_slugs: list[str] = field(default_factory=list)

    @staticmethod
    def grams_of(form: str) -> list[str]:
        return sorted(grams(form))


@dataclass
class PolicyQuery:
    text: str
    terms: list[Term]

    @property
    def highlight_forms(self) -> list[str]:
        return [form for term in self.terms for form in term.forms]

    @property
    def law_slugs(self) -> set[str]:
        return {slug for term in self.terms for slug in term.law_slugs}


def expand(term: str, abbreviations: list[tuple[str, list[str]]]) -> list[str]:
    """The term with every abbreviation in it replaced (longest abbreviation first), one form
    per full form of an abbreviation that has several (特校: 特殊教育学校, 特殊学校)."""
    forms = [term]
    for short, fulls in abbreviations:
        if short and fulls and any(short in form for form in forms):
            forms = [form.replace(short, full) if short in form else form for form in forms for full in fulls]
    return forms


def parse_query(text: str) -> PolicyQuery:
    abbreviations = sorted(
        ((normalize(a.short_form), [normalize(full) for full in a.full_forms()]) for a in SearchAbbreviation.objects.all()),
        key=lambda pair: -len(pair[0]),
    )
    law_names: dict[str, str] = {}
    for law in Law.objects.current():
        for name in (law.short_name, law.title):
            law_names[normalize(name)] = law.slug
    terms = []
    for typed in (text or "").split()[:MAX_TERMS]:
        normal = normalize(typed)
        if not normal:
            continue
        forms = list(dict.fromkeys([normal, *expand(normal, abbreviations)]))
        slugs = sorted({law_names[f] for f in forms if f in law_names})
        terms.append(Term(typed=typed, forms=forms, law_slugs=slugs))
    return PolicyQuery(text=text, terms=terms)


def search_articles(text: str) -> tuple[PolicyQuery, list[tuple[Law, list[Article]]]]:
    """Current articles matching the query, grouped by law in reading order."""
    query = parse_query(text)
    if not query.terms:
        return query, []
    articles = Article.objects.current().matching(query).in_reading_order()
    groups = [(law, list(items)) for law, items in groupby(articles, key=lambda a: a.law)]
    return query, groups


def _pattern(forms: list[str]) -> re.Pattern[str] | None:
    # The index drops spaces and punctuation, so a match may span them in the original text.
    parts = ["[\\W_]*".join(re.escape(ch) for ch in form) for form in sorted(set(forms), key=len, reverse=True)]
    parts = [p for p in parts if p]
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, forms: list[str]) -> SafeString:
    """The text, HTML-escaped, with every match of the forms wrapped in <mark>.

    Each piece of the text is escaped before any markup is added, so imported text can never
    become markup. Matching runs on the simplified form of the text when converting keeps its
    length (character for character), so a traditional-script text highlights too.
    """
    pattern = _pattern(forms)
    if pattern is None:
        return escape(text)
    simplified = to_simplified(text)
    haystack = simplified if len(simplified) == len(text) else text
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(haystack):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append("<mark>" + escape(text[match.start() : match.end()]) + "</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped
