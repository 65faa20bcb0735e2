"""HSDS taxonomies: the directory's categories, the Open Eligibility terms they map to, and
(once issue #12 records them) the needs vocabulary.

Each taxonomy and term id is a UUID v5 of "<taxonomy slug>[:<term code>]", so a category keeps
its id as long as its code does. A term's parent is given only when it has one (HSDS's
parent_id is a UUID string, never null).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.hsds.ids import key_uuid
from resourcemap.needs.models import Need

CATEGORIES = "resourcemap-categories"
OPEN_ELIGIBILITY = "open-eligibility"
NEEDS = "resourcemap-needs"

TAXONOMIES: dict[str, dict[str, str]] = {
    CATEGORIES: {
        "name": "儿童关爱服务类别 Child-services categories",
        "description": "The categories of this directory (the map's legend and filters). 本目录的服务类别。",
        "version": "1",
    },
    OPEN_ELIGIBILITY: {
        "name": "Open Eligibility (human services, top level)",
        "description": "The Open Eligibility project's top-level human-service categories, to which the "
        "directory's categories are mapped where one fits (see the profile: /api/hsds/profile/).",
        "version": "top-level terms only",
    },
    NEEDS: {
        "name": "儿童和家庭的需求 Needs of children and families",
        "description": "What families and social workers ask for (心理, 孤独症, 欺凌, 家暴 ...), each linked to the "
        "categories that meet it; a service carries the needs its category meets. 需求词表。",
        "version": "1",
    },
}

# Category code -> Open Eligibility human-service term. Only where the category's services
# clearly fall under one top-level term; party-mass centres, minor-protection centres and
# youth/women's activity centres offer a mix that no single term describes, so they have none.
OPEN_ELIGIBILITY_OF_CATEGORY: dict[str, str] = {
    "kindergarten": "Education",
    "primary_school": "Education",
    "secondary_school": "Education",
    "special_school": "Education",
    "specialized_school": "Education",
    "hospital": "Health",
    "childrens_hospital": "Health",
    "maternal_child_health": "Health",
    "child_welfare": "Care",
    "welfare_centre": "Care",
    "relief_station": "Housing",
}
OPEN_ELIGIBILITY_TERMS: dict[str, str] = {
    "Education": "Services for education and training.",
    "Health": "Services for health care: medical, dental, mental and maternal health.",
    "Care": "Services for care: residential and daytime care and support networks.",
    "Housing": "Services for shelter and housing, including temporary shelter.",
}


def taxonomy_id(slug: str) -> str:
    return key_uuid("taxonomy", slug)


def term_id(slug: str, code: str) -> str:
    return key_uuid("taxonomy_term", slug, code)


def taxonomy_dict(slug: str) -> dict[str, Any]:
    return {"id": taxonomy_id(slug), **TAXONOMIES[slug]}


def all_taxonomies() -> list[dict[str, Any]]:
    """Every taxonomy with terms: the needs taxonomy only once a vocabulary is loaded."""
    has_needs = Need.objects.exists()
    return [taxonomy_dict(slug) for slug in TAXONOMIES if slug != NEEDS or has_needs]


def category_term(category: Category) -> dict[str, Any]:
    term: dict[str, Any] = {
        "id": term_id(CATEGORIES, category.code),
        "code": category.code,
        "name": category.name_zh_hans,
        "description": category.description or f"{category.name_zh_hans} {category.name_en}",
        "taxonomy": CATEGORIES,
        "language": "zh",
        "taxonomy_id": taxonomy_id(CATEGORIES),
    }
    if category.parent_id:
        term["parent_id"] = term_id(CATEGORIES, category.parent.code)
    return term


def open_eligibility_term(name: str) -> dict[str, Any]:
    return {
        "id": term_id(OPEN_ELIGIBILITY, name),
        "code": name,
        "name": name,
        "description": OPEN_ELIGIBILITY_TERMS[name],
        "taxonomy": OPEN_ELIGIBILITY,
        "language": "en",
        "taxonomy_id": taxonomy_id(OPEN_ELIGIBILITY),
    }


def need_term(need: Need) -> dict[str, Any]:
    words = "; ".join(w.strip() for w in need.synonyms.split(";") if w.strip())
    return {
        "id": term_id(NEEDS, need.code),
        "code": need.code,
        "name": need.name_zh_hans,
        "description": f"{need.name_zh_hans} / {need.name_zh_hant} / {need.name_en}" + (f". {words}" if words else ""),
        "taxonomy": NEEDS,
        "language": "zh",
        "taxonomy_id": taxonomy_id(NEEDS),
    }


def need_terms() -> list[dict[str, Any]]:
    """The needs vocabulary (resourcemap.needs) as terms of the NEEDS taxonomy."""
    return [need_term(need) for need in Need.objects.all()]


def extra_terms_of(site: ServicePoint) -> list[dict[str, Any]]:
    """The terms a site is tagged with besides its category: its Open Eligibility term and the
    needs its category meets (prefetch category__needs when listing many sites)."""
    name = OPEN_ELIGIBILITY_OF_CATEGORY.get(site.category.code)
    # Further categories (a 九年一贯制 school is also a primary school): exported_sites prefetches them.
    also = [category_term(category) for category in site.also_categories.all()]
    terms = [*also, open_eligibility_term(name)] if name else also
    return [*terms, *(need_term(need) for need in site.category.needs.all())]


@cache
def _static_terms() -> tuple[dict[str, Any], ...]:
    return tuple(open_eligibility_term(name) for name in OPEN_ELIGIBILITY_TERMS)


def all_terms() -> list[dict[str, Any]]:
    """Every term of every taxonomy, categories first (in the legend's order)."""
    categories = Category.objects.select_related("parent").order_by("sort_order", "code")
    return [*(category_term(c) for c in categories), *(dict(t) for t in _static_terms()), *need_terms()]
