"""{% legal_basis category %}: "legal basis" links for a category (code or Category) or for
the hotline ("hotline"), for the map's category and site pages."""

from __future__ import annotations

from django import template

from resourcemap.directory.models import Category
from resourcemap.policies.mapping import legal_basis_for
from resourcemap.policies.models import HOTLINE_TOPIC

register = template.Library()

DEFAULT_LIMIT = 6


@register.inclusion_tag("policies/legal_basis.html")
def legal_basis(category: Category | str, limit: int = DEFAULT_LIMIT, heading: str | None = None) -> dict:
    code = category if isinstance(category, str) else category.code
    articles = legal_basis_for(code)
    return {
        "articles": articles[:limit],
        "heading": heading,
        # Always link to the full list for categories; the hotline's list is short.
        "category_code": code if code != HOTLINE_TOPIC or len(articles) > limit else "",
    }
