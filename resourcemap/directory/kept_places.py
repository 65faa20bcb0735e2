"""The directory's few hundred areas, organizations and categories, kept in each process per
data version.

A site page names the site's district, street, community and organization. Joining those four
tables into the site's query made PostgreSQL plan a six-table join for every page (0.8 ms of
planning for 0.06 ms of work) and Django build four more objects from wide rows; the rows are
few (Shenzhen: 10 districts, 78 streets, 779 communities, 9 organizations) and change only
with the data, so each process reads them once per data version (resourcemap.directory.version)
and hands the page the kept objects. Outlines and centroids are not kept: pages only name areas.
The map's filter form takes its category and district choices from here too (it read every
district's outline for its labels on every search).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from resourcemap.directory.models import Category, Community, District, Organization, ServicePoint, Street
from resourcemap.directory.version_memo import VersionMemo, data_stamp


@dataclass(frozen=True)
class Places:
    categories: list[Category]  # in their display order (Category.Meta.ordering)
    categories_by_id: dict[int, Category]
    districts: dict[str, District]
    streets: dict[str, Street]
    communities: dict[str, Community]
    organizations: dict[int, Organization]


def kept_places() -> Places:
    stamp = data_stamp()
    places = _kept.get(stamp, "places")
    if places is None:
        categories = list(Category.objects.all())
        places = Places(
            categories=categories,
            categories_by_id={category.pk: category for category in categories},
            districts={d.pk: d for d in District.objects.defer("boundary")},
            streets={s.pk: s for s in Street.objects.defer("boundary")},
            communities={c.pk: c for c in Community.objects.defer("centroid")},
            organizations={o.pk: o for o in Organization.objects.all()},
        )
        _kept.put(stamp, "places", places)
    return places


def with_places(site: ServicePoint) -> ServicePoint:
    """The site with its district, street, community and organization set from the kept ones
    (read-only objects shared between requests). One missing from the kept set (written since
    this request read the version) is left to Django's usual lazy query."""
    places = kept_places()
    for field, kept in (
        ("district", places.districts),
        ("street", places.streets),
        ("community", places.communities),
        ("organization", places.organizations),
    ):
        key = getattr(site, f"{field}_id")
        if key is not None and key in kept:
            setattr(site, field, kept[key])
    return site


def with_categories(sites: Iterable[ServicePoint]) -> list[ServicePoint]:
    """The sites with their category set from the kept ones (a lookup needs no category join)."""
    categories = kept_places().categories_by_id
    listed = list(sites)
    for site in listed:
        if site.category_id in categories:
            site.category = categories[site.category_id]
    return listed


_kept: VersionMemo[Places] = VersionMemo(size=1)
