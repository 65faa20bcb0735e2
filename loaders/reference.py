"""Categories and organizations by code or by any of their names (what a `category` cell may hold)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import get_language

from resourcemap.directory.actions import category_words
from resourcemap.directory.models import Category, Organization
from resourcemap.search.normalize import normalize

# 深圳市 / 福田区 / 市 / 区 before an office name: 福田区民政局 is 民政局 for the importer.
_PLACE_PREFIX = re.compile(r"^(广东省)?(深圳市?)?([\u4e00-\u9fa5]{2,3}(新区|区))?(市委|区委|市|区)?")


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
    # code -> (zh-hans, zh-hant, en) name and everyday names, for error messages
    category_labels: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)
    organization_labels: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)

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
            category_words={c.pk: category_words(c) for c in categories},
            organization_codes={o.code: o.pk for o in organizations},
            organization_names=_names_index(
                [(o.pk, [o.name_zh_hans, o.name_zh_hant, o.name_en]) for o in organizations],
                [(o.pk, o.aliases.split(";")) for o in organizations],
            ),
            category_labels={c.code: (c.name_zh_hans, c.name_zh_hant, c.name_en, c.aliases) for c in categories},
            organization_labels={
                o.code: (o.name_zh_hans, o.name_zh_hant, o.name_en, o.aliases) for o in organizations
            },
        )

    def category(self, value: str) -> int | None:
        return self.category_codes.get(value) or self.category_names.get(normalize(value))

    def organization(self, value: str) -> int | None:
        """By code, name or everyday name, also behind a place (福田区民政局, 深圳市教育局, 区残联)."""
        found = self.organization_codes.get(value) or self.organization_names.get(normalize(value))
        if found is None:
            bare = _PLACE_PREFIX.sub("", value.strip())
            found = self.organization_names.get(normalize(bare)) if bare else None
        return found

    def accepted(self, kind: str) -> str:
        """What a cell may hold, in the active language: "民政部门（民政、民政局…）、教育部门（…）"."""
        labels = self.category_labels if kind == "category" else self.organization_labels
        language = (get_language() or "zh-hans").lower()
        chinese = not language.startswith("en")
        parts = []
        for code, (hans, hant, english, aliases) in sorted(labels.items()):
            if chinese:
                name = hant if language in ("zh-hant", "zh-tw", "zh-hk") and hant else hans
                everyday = [a for a in aliases.split(";") if a and not a.isascii()][:4]
                parts.append(f"{name}（{'、'.join(everyday)}）" if everyday else name)
            else:
                parts.append(f"{english or hans} ({code})")
        return ("、" if chinese else "; ").join(parts)
