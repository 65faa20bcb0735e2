"""Abbreviations people type for the longer names in the data (simplified, normalised form).

A query that is one of these keys also matches its expansions, so 特教 finds 深圳元平特殊教育学校
even where the site's own alternate names do not list the abbreviation. Category aliases
(edited in the admin) are indexed with every site of the category; this table covers words
that cut across categories or appear inside names.
"""

from __future__ import annotations

from resourcemap.search.normalize import normalize

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "特教": ("特殊教育",),
    "特校": ("特殊教育学校", "特殊学校"),
    "未保": ("未成年人保护",),
    "妇幼": ("妇幼保健", "妇女儿童"),
    "儿保": ("儿童保健", "儿童保护"),
    "儿福": ("儿童福利",),
    "党群": ("党群服务",),
    "社康": ("社区健康服务",),
    "残联": ("残疾人联合会",),
    "妇联": ("妇女联合会",),
    "团委": ("共青团",),
    "救助站": ("救助管理站",),
    "福利院": ("福利中心", "儿童福利"),
    "市儿童": ("深圳市儿童",),
    "幼稚园": ("幼儿园",),
    "托儿所": ("托育", "幼儿园"),
    "九年一贯制": ("九年一贯制学校",),
}

_NORMALISED = {normalize(key): tuple(normalize(v) for v in values) for key, values in ABBREVIATIONS.items()}


def expansions(term: str) -> tuple[str, ...]:
    """The term itself and whatever it abbreviates (term is already normalised)."""
    return (term, *(v for v in _NORMALISED.get(term, ()) if v != term))
