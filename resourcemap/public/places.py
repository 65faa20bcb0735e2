"""The map's typed-place lookup ("near 深圳市儿童医院", "福田区园岭街道"): one function, so that
the offline gazetteer (#11) slots in here when it lands.

Tried in order, each answer carrying the precision it really has:
1. a site of the directory itself, named exactly: its own position and precision;
2. resourcemap.geo.typed_places.locate_typed_place: a station, park or landmark named by the whole text
   (approximate), then the configured geocoder, then the community / street /
   district names in the text (their centre: approximate);
3. a site whose name starts with the text (three characters at least), so that "福田区"
   stays the district rather than the first site whose name begins with it.
Nothing typed is cached or logged (`remember=False`): it may be a child's whereabouts.
"""

from __future__ import annotations

from dataclasses import dataclass

from resourcemap.directory.models import ServicePoint
from resourcemap.geo.typed_places import locate_typed_place as locate
from resourcemap.search.query import query_terms

MIN_SITE_NAME_LENGTH = 3
# search_rank (resourcemap.search.query) 0: the whole name; 1: the start of the name or pinyin.
WHOLE_NAME, NAME_START = 0, 1


@dataclass(frozen=True)
class Place:
    lon: float  # WGS-84
    lat: float
    label: str
    precision: str  # "site", a gazetteer precision (address, road, community, street, district …) or
    # station / park / landmark
    approximate: bool


def _site_named(text: str, rank: int) -> Place | None:
    if len("".join(query_terms(text))) < MIN_SITE_NAME_LENGTH:
        return None
    site = (
        ServicePoint.objects.public().exclude(location_precision="district").search(text)
        .filter(search_rank=rank).only("name", "location", "location_precision").first()
    )
    if site is None:
        return None
    return Place(lon=site.lon, lat=site.lat, label=site.name, precision="site", approximate=site.is_approximate)


def find_place(text: str) -> Place | None:
    text = (text or "").strip()
    if not text:
        return None
    site = _site_named(text, WHOLE_NAME)
    if site is not None:
        return site
    answer = locate(text)
    if answer is None:
        return _site_named(text, NAME_START)
    return Place(lon=answer.lon, lat=answer.lat, label=answer.label, precision=answer.precision,
                 approximate=answer.approximate)
