"""The one filter chain: what the map's form (resourcemap.public.filters) and the API's
parameters (resourcemap.api.params) have validated, applied to a QuerySet of sites the same way
at both doors. Each door validates its own parameters (a form, a serializer) and names them in
its own words (`open` on the map, `open_now` in the API); the meaning lives here once.

It sits above the directory and the needs (a need filter is a category filter computed from the
needs vocabulary), so it is its own small app rather than a directory QuerySet method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.needs.matching import sites_meeting


@dataclass(frozen=True)
class SiteFilters:
    """Validated filters; an empty value means "no filter". `bbox` is WGS-84
    (minlon, minlat, maxlon, maxlat). `q` last: a search ranks its matches best first."""

    categories: Sequence[str] = ()
    needs: Sequence[str] = ()
    district: str = ""
    age: float | None = None
    open_now: bool = False
    free: bool = False
    status: str = ""
    bbox: tuple[float, float, float, float] | None = None
    q: str = ""

    def apply(self, sites: ServicePointQuerySet, now: datetime | None = None) -> ServicePointQuerySet:
        if self.categories:
            sites = sites.of_category(*self.categories)
        if self.needs:
            sites = sites.filter(sites_meeting(set(self.needs)))
        if self.district:
            sites = sites.in_district(self.district)
        if self.bbox is not None:
            sites = sites.in_bbox(*self.bbox)
        if self.age is not None:
            sites = sites.for_age(self.age)
        if self.status:
            sites = sites.filter(status=self.status)
        if self.open_now:
            sites = sites.open_at(now or timezone.localtime())
        if self.free:
            sites = sites.free_of_charge()
        if self.q:
            sites = sites.search(self.q)
        return sites
