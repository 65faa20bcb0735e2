"""Lookups on laws, articles and the category mapping, as QuerySet methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from resourcemap.policies.search import PolicyQuery

# Pseudo-category for the child-protection hotline: its legal basis (the mandatory-reporting
# duty) is mapped like a category's, so it is data too (a link with no category).
HOTLINE_TOPIC = "hotline"


class LawQuerySet(models.QuerySet):
    def current(self) -> LawQuerySet:
        return self.filter(is_current=True)

    def versions_of(self, slug: str) -> LawQuerySet:
        return self.filter(slug=slug).order_by("-version_date")


class ArticleQuerySet(models.QuerySet):
    def current(self) -> ArticleQuerySet:
        return self.filter(law__is_current=True)

    def in_reading_order(self) -> ArticleQuerySet:
        return self.select_related("law").order_by("law__sort_order", "law__slug", "-law__version_date", "number")

    def matching(self, query: PolicyQuery) -> ArticleQuerySet:
        """Articles that satisfy every term of the query.

        A term is satisfied by text containing any of its forms (the typed form or its
        expansion): all the form's 1-/2-character grams must be in `search_grams` (the GIN
        index narrows the candidates, including for one- and two-character queries) and the
        form must occur in `search_text`. A term that names a law (未保法) is also satisfied
        by every article of that law.
        """
        qs = self
        for term in query.terms:
            match = models.Q(pk__in=[])
            for form in term.forms:
                match |= models.Q(search_grams__contains=term.grams_of(form), search_text__contains=form)
            if term.law_slugs:
                match |= models.Q(law__slug__in=term.law_slugs)
            qs = qs.filter(match)
        return qs


class CategoryArticleLinkQuerySet(models.QuerySet):
    def for_category(self, code: str) -> CategoryArticleLinkQuerySet:
        """The links of a category by code, or of the hotline ('hotline': no category)."""
        mine = models.Q(category__isnull=True) if code == HOTLINE_TOPIC else models.Q(category__code=code)
        return self.filter(mine).order_by("sort_order", "pk")

    def of_categories(self) -> CategoryArticleLinkQuerySet:
        """Every link but the hotline's."""
        return self.filter(category__isnull=False)

    def for_law(self, slug: str) -> CategoryArticleLinkQuerySet:
        return self.filter(law_slug=slug)
