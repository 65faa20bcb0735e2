"""Coverage against the mandate: per street and per district, which units the law calls for are
recorded, how many sites of each category, and children per site (districts only).

未成年人保护法 第八十一条 calls for a minor-protection body in every district, a workstation
(or named staff) in every street office and a post in every residents' committee; Shenzhen's
design puts a party-mass service centre in every street and community. A unit counts as
recorded when a public site of the role's category has the matching service area there.
Population: 2020 census by district (data/population/); none exists by street or community.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from resourcemap.directory.models import Category, Community, District, ServicePoint, Street

CENSUS_FILE = Path(settings.BASE_DIR) / "data" / "population" / "census2020_districts.csv"


@cache
def children_0_14() -> dict[str, int]:
    """District code -> children aged 0-14 in the 2020 census (大鹏新区 inside 龙岗区)."""
    with CENSUS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["district_code"]: sum(int(row[band]) for band in ("age_0", "age_1_4", "age_5_9", "age_10_14"))
            for row in csv.DictReader(handle)
        }


@dataclass
class StreetCoverage:
    code: str
    name: str
    district_code: str
    district_name: str
    approximate_outline: bool
    district_centre: bool
    workstation: bool
    street_centre: bool
    communities: int
    community_centres: int  # communities with a recorded centre
    sites_by_category: dict[str, int] = field(default_factory=dict)

    @property
    def mandated(self) -> int:
        """Units the mandate calls for here: district centre, workstation, street centre, one per community."""
        return 3 + self.communities

    @property
    def recorded(self) -> int:
        return int(self.district_centre) + int(self.workstation) + int(self.street_centre) + self.community_centres

    @property
    def share(self) -> float:
        return self.recorded / self.mandated


@dataclass
class DistrictCoverage:
    code: str
    name: str
    centre: bool
    streets: int
    workstations: int
    street_centres: int
    communities: int
    community_centres: int
    sites: int
    children_0_14: int | None

    @property
    def children_per_site(self) -> float | None:
        return round(self.children_0_14 / self.sites, 1) if self.children_0_14 and self.sites else None


def _served(category: str, kind: str, column: str) -> set[str]:
    return set(
        ServicePoint.objects.public()
        .filter(category__code=category, service_area_kind=kind, **{f"{column}__isnull": False})
        .values_list(column, flat=True)
    )


def street_coverage() -> list[StreetCoverage]:
    centres = _served("minor_protection", "district", "district_id")
    workstations = _served("minor_protection", "street", "street_id")
    street_centres = _served("party_mass_centre", "street", "street_id")
    community_centres = _served("party_mass_centre", "community", "community_id")
    by_street: dict[str, dict[str, int]] = {}
    # A district-precision site's stored street is only where its stand-in point fell: not counted per street.
    counted = ServicePoint.objects.public().exclude(location_precision="district")
    for row in counted.values("street_id", "category__code").annotate(n=Count("pk")):
        by_street.setdefault(row["street_id"], {})[row["category__code"]] = row["n"]
    communities: dict[str, list[str]] = {}
    for code, street_id in Community.objects.values_list("code", "street_id"):
        communities.setdefault(street_id, []).append(code)
    rows = []
    for street in Street.objects.select_related("district").order_by("district_id", "code"):
        own = communities.get(street.code, [])
        rows.append(StreetCoverage(
            code=street.code, name=street.name, district_code=street.district_id, district_name=street.district.name,
            approximate_outline=street.approximate, district_centre=street.district_id in centres,
            workstation=street.code in workstations, street_centre=street.code in street_centres,
            communities=len(own), community_centres=sum(1 for c in own if c in community_centres),
            sites_by_category=by_street.get(street.code, {}),
        ))
    return rows


def district_coverage(streets: list[StreetCoverage]) -> list[DistrictCoverage]:
    children = children_0_14()
    sites = dict(
        ServicePoint.objects.public().filter(district__isnull=False).values_list("district_id")
        .annotate(n=Count("pk")).values_list("district_id", "n")
    )
    rows = []
    for district in District.objects.filter(kind="statutory").order_by("code"):
        own = [s for s in streets if s.district_code == district.code]
        rows.append(DistrictCoverage(
            code=district.code, name=district.name, centre=any(s.district_centre for s in own) or _has_centre(district),
            streets=len(own), workstations=sum(s.workstation for s in own),
            street_centres=sum(s.street_centre for s in own), communities=sum(s.communities for s in own),
            community_centres=sum(s.community_centres for s in own), sites=sites.get(district.code, 0),
            children_0_14=children.get(district.code),
        ))
    return rows


def _has_centre(district: District) -> bool:
    return ServicePoint.objects.public().filter(
        Q(category__code="minor_protection"), service_area_kind="district", district=district
    ).exists()


def category_codes() -> list[str]:
    return list(Category.objects.values_list("code", flat=True))
