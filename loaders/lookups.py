"""Categories and organizations by code or by any of their names (what a `category` cell may hold)."""

from __future__ import annotations

from dataclasses import dataclass

from resourcemap.directory.models import Category, Organization
from resourcemap.search.normalize import normalize


def _names_index(rows: list[tuple[int, list[str]]], aliases: list[tuple[int, list[str]]]) -> dict[str, int | None]:
    """normalised name -> id; a name two rows share maps to None (ambiguous)."""
    index: dict[str, int | None] = {}
    for group in (rows, aliases):
        seen_here: dict[str, int | None] = {}
        for pk, names in group:
            for name in names:
                key = normalize(name)
                if not key or key in index:
                    continue  # names beat aliases
                seen_here[key] = pk if seen_here.get(key, pk) == pk else None
        index.update(seen_here)
    return index


@dataclass
class Lookups:
    category_codes: dict[str, int]
    category_names: dict[str, int | None]
    category_words: dict[int, str]  # what search_columns_for gets as category_words
    organization_codes: dict[str, int]
    organization_names: dict[str, int | None]

    @classmethod
    def load(cls) -> Lookups:
        categories = list(Category.objects.all())
        organizations = list(Organization.objects.all())
        return cls(
            category_codes={c.code: c.pk for c in categories},
            category_names=_names_index(
                [(c.pk, [c.name_zh_hans, c.name_zh_hant, c.name_en]) for c in categories],
                [(c.pk, c.aliases.split(";")) for c in categories],
            ),
            category_words={
                c.pk: " ".join(filter(None, [c.name_zh_hans, c.name_zh_hant, c.name_en, c.aliases]))
                for c in categories
            },
            organization_codes={o.code: o.pk for o in organizations},
            organization_names=_names_index(
                [(o.pk, [o.name_zh_hans, o.name_zh_hant, o.name_en]) for o in organizations], []
            ),
        )

    def category(self, value: str) -> int | None:
        return self.category_codes.get(value) or self.category_names.get(normalize(value))

    def organization(self, value: str) -> int | None:
        return self.organization_codes.get(value) or self.organization_names.get(normalize(value))
