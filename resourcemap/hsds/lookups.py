"""From an HSDS UUID back to what the directory holds.

Organizations, categories and taxonomy terms are a few dozen rows: their UUIDs are computed
and compared in Python. Sites are looked up in SQL on the indexed UUID expression
(ids.site_uuid_sql), one row whatever the directory's size.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.expressions import RawSQL

from resourcemap.directory.models import Category, Organization, ServicePoint
from resourcemap.hsds import taxonomy
from resourcemap.hsds.ids import key_uuid, site_uuid_sql
from resourcemap.hsds.mapping import UNRECORDED_ORGANIZATION, UNRECORDED_ORGANIZATION_CODE

# organization_by_uuid's answer for the stand-in of sites without a recorded organization.
UNRECORDED = Organization(code=UNRECORDED_ORGANIZATION_CODE, name_zh_hans=UNRECORDED_ORGANIZATION["name"])


def sites_with_uuid(sites, kind: str, value: str):  # type: ignore[no-untyped-def]
    """`sites` narrowed to the one whose `kind` UUID (service, service_at_location) is `value`."""
    return sites.filter(pk__in=RawSQL(
        f"SELECT id FROM directory_servicepoint WHERE {site_uuid_sql(kind)} = %s::uuid", [value]  # noqa: S608
    ))


def organization_by_uuid(value: str) -> Organization | None:
    """The organization, UNRECORDED for the stand-in, or None."""
    if value == UNRECORDED_ORGANIZATION["id"]:
        return UNRECORDED
    for organization in Organization.objects.all():
        if key_uuid("organization", organization.code) == value:
            return organization
    return None


def filter_by_organization(sites, organization: Organization):  # type: ignore[no-untyped-def]
    if organization is UNRECORDED:
        return sites.filter(organization__isnull=True)
    return sites.filter(organization=organization)


def category_codes_of_term(value: str) -> list[str] | None:
    """The category codes whose sites carry this term, or None for an unknown term."""
    for code in Category.objects.values_list("code", flat=True):
        if taxonomy.term_id(taxonomy.CATEGORIES, code) == value:
            return [code]
    for name in taxonomy.OPEN_ELIGIBILITY_TERMS:
        if taxonomy.term_id(taxonomy.OPEN_ELIGIBILITY, name) == value:
            return [code for code, term in taxonomy.OPEN_ELIGIBILITY_OF_CATEGORY.items() if term == name]
    return None


def category_codes_of_taxonomy(value: str) -> list[str] | None:
    """The category codes whose sites carry a term of this taxonomy, or None if unknown."""
    if value == taxonomy.taxonomy_id(taxonomy.CATEGORIES):
        return list(Category.objects.values_list("code", flat=True))
    if value == taxonomy.taxonomy_id(taxonomy.OPEN_ELIGIBILITY):
        return list(taxonomy.OPEN_ELIGIBILITY_OF_CATEGORY)
    return None


def site_of_category_codes(sites, codes: list[str]):  # type: ignore[no-untyped-def]
    """Sites in exactly these categories (a term names one category, not its children), as main
    or further category (ServicePoint.also_categories)."""
    also = ServicePoint.also_categories.through.objects.filter(category__code__in=codes).values("servicepoint_id")
    return sites.filter(Q(category__code__in=codes) | Q(pk__in=also))

