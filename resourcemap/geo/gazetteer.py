"""The offline gazetteer: a Shenzhen address (or a site's name) -> a WGS-84 point with an honest
precision and the reason, or a refusal with the reason. No network, no database.

    from resourcemap.geo.gazetteer import locate, Placement, Refusal
    result = locate("深圳市龙岗区布吉街道罗岗社区")
    if isinstance(result, Placement): result.lon, result.lat, result.precision, result.reason

Precisions, best first: surveyed (a known site named), address (road and house number of a
known point), road, community, street, old_street_area (a pre-2017 street that split: the
area's point, the street unknown), district. `typical_error(precision)` gives the median and
90th-percentile error measured leave-one-out on the surveyed sites (bench/bench_geocode.py,
stored in data/gazetteer_errors.csv); `within_text()` says it to people.
"""

from __future__ import annotations

import csv
import statistics
from dataclasses import dataclass
from functools import cache
from math import cos, radians, sqrt
from pathlib import Path

from django.utils.translation import gettext as _

from resourcemap.geo import gazetteer_data
from resourcemap.geo.gazetteer_data import Area, GazetteerData, RoadPoint, old_district
from resourcemap.geo.gazetteer_parse import AddressParser, AddressParts

PRECISIONS = ("surveyed", "address", "road", "community", "street", "old_street_area", "district")
ERRORS_CSV = gazetteer_data.DATA / "gazetteer_errors.csv"
ADDRESS_NUMBER_GAP = 0  # only the same house number counts as the same address
ROAD_SPREAD_M = 3000  # a road name whose known points lie further apart names several roads
LANDMARK_SAME_M = 200


@dataclass(frozen=True)
class Placement:
    lon: float  # WGS-84
    lat: float
    precision: str  # one of PRECISIONS
    district_code: str  # "" when not known
    street_code: str  # "" when not known (an old street that split, a road crossing streets)
    community_code: str
    matched: str  # the name the point belongs to
    reason: str  # why this point and this precision, for people

    @property
    def is_approximate(self) -> bool:
        return self.precision not in ("surveyed", "address")


@dataclass(frozen=True)
class Refusal:
    reason: str


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance: within 0.1 % of the geodesic over a city."""
    dx = (lon2 - lon1) * 111_320 * cos(radians((lat1 + lat2) / 2))
    dy = (lat2 - lat1) * 110_574
    return sqrt(dx * dx + dy * dy)


class Gazetteer:
    def __init__(self, data: GazetteerData) -> None:
        self.data = data
        self.parser = AddressParser(data)

    def locate(self, text: str, *, leave_out: str = "") -> Placement | Refusal:
        """The best placement for the text; `leave_out` ignores one known site (leave-one-out)."""
        ladder = self.candidates(text, leave_out=leave_out)
        if isinstance(ladder, Refusal):
            return ladder
        return ladder[0]

    def candidates(self, text: str, *, leave_out: str = "") -> list[Placement] | Refusal:
        """Every placement the text supports, best precision first (never empty)."""
        if not (text or "").strip():
            return Refusal(_("there is no address"))
        parts = self.parser.parse(text)
        if parts.elsewhere and not (parts.districts or parts.streets or parts.old_streets):
            return Refusal(_("the address is in %(place)s, outside the city") % {"place": parts.elsewhere})
        if parts.empty:
            return Refusal(_("no district, street, community, road or known site of the city is named"))
        districts = self._allowed_districts(parts)
        streets = self._allowed_streets(parts, districts)
        ladder: list[Placement] = []
        ladder += self._landmark(parts, districts, leave_out)
        community = self._community(parts, streets, districts)
        ladder += self._road(parts, streets, districts, community, leave_out)
        if community is not None:
            ladder.append(self._area_placement(community, _("community %(name)s named in the address")))
        if len(parts.streets) == 1 and not community:
            area = self.data.streets[parts.streets[0]]
            ladder.append(self._area_placement(area, _("street %(name)s named in the address")))
        if len(parts.old_streets) == 1 and not parts.streets:
            old = self.data.old_streets[parts.old_streets[0]]
            names = "、".join(self.data.streets[s].name for s in old.successors)
            ladder.append(Placement(
                old.lon, old.lat, "old_street_area", old.district_code, "", "", old.name,
                _("%(old)s is a former street now split into %(new)s: the street is not known")
                % {"old": old.name, "new": names}))
        if len(districts) == 1 or len(parts.districts) == 1:
            code = parts.districts[0] if len(parts.districts) == 1 else next(iter(districts))
            area = self.data.districts[code]
            ladder.append(self._area_placement(area, _("only the district %(name)s is known")))
        if not ladder:
            return Refusal(_("the places named do not agree on one area"))
        return sorted(ladder, key=rank)

    # --- what the parts allow -----------------------------------------------------
    def _allowed_districts(self, parts: AddressParts) -> set[str]:
        """Districts the named ones may mean (宝安区 in a 2018 address may be today's 龙华 or 光明)."""
        out = {code for named in parts.districts for code in self.data.districts
               if old_district(code) == old_district(named)}
        named_streets = [*parts.streets, *(s for old in parts.old_streets for s in
                                           self.data.old_streets[old].successors)]
        street_districts = {self.data.streets[s].district_code for s in named_streets}
        if street_districts and out and street_districts & out:
            return street_districts & out
        return out or street_districts

    def _allowed_streets(self, parts: AddressParts, districts: set[str]) -> set[str]:
        out = set(parts.streets)
        for old in parts.old_streets:
            out |= set(self.data.old_streets[old].successors)
        if districts:
            out = {s for s in out if self.data.streets[s].district_code in districts}
        return out

    # --- each kind of evidence ----------------------------------------------------
    def _landmark(self, parts: AddressParts, districts: set[str], leave_out: str) -> list[Placement]:
        for name in parts.landmarks:
            sites = [s for s in self.data.landmarks[name] if s.key != leave_out
                     and (not districts or s.district_code in districts)]
            if sites and all(metres(s.lon, s.lat, sites[0].lon, sites[0].lat) < LANDMARK_SAME_M for s in sites):
                site = sites[0]
                return [Placement(site.lon, site.lat, "surveyed", site.district_code, site.street_code, "",
                                  site.name, _("the known site %(name)s") % {"name": site.name})]
        return []

    def _community(self, parts: AddressParts, streets: set[str], districts: set[str]) -> Area | None:
        found: list[Area] = []
        for core in parts.communities:
            areas = self.data.communities[core]
            if streets:
                areas = [a for a in areas if a.street_code in streets]
            elif districts:
                areas = [a for a in areas if a.district_code in districts]
            found += areas
        if not found or len({a.street_code for a in found}) > 1:
            return None  # not named, or the same name in several streets
        # Prefer a committee with its own centroid, then a 2016 village centroid, then the street's.
        found.sort(key=lambda a: (a.kind != "community", a.code == "", a.code))
        return found[0]

    def _road(self, parts: AddressParts, streets: set[str], districts: set[str], community: Area | None,
              leave_out: str) -> list[Placement]:
        for road, number in parts.roads:
            points = [p for p in self.data.roads[road] if p.key != leave_out]
            if streets:
                points = [p for p in points if p.street_code in streets]
            elif districts:
                points = [p for p in points if p.district_code in districts]
            if community is not None:
                points = [p for p in points if metres(p.lon, p.lat, community.lon, community.lat) < ROAD_SPREAD_M]
            if not points:
                continue
            lon = statistics.median(p.lon for p in points)
            lat = statistics.median(p.lat for p in points)
            far = sum(metres(p.lon, p.lat, lon, lat) > ROAD_SPREAD_M for p in points)
            if far * 3 > len(points):
                continue  # one name, several roads (育才路 in 观澜 and in 石岩)
            out = []
            # The same number on the same road is the same building only where that point agrees
            # with the rest of the road (one stray source point must not win).
            same = [p for p in points if number is not None and p.number is not None
                    and abs(p.number - number) <= ADDRESS_NUMBER_GAP
                    and (len(points) == 1 or metres(p.lon, p.lat, lon, lat) < ROAD_SPREAD_M / 3)]
            if same:
                out.append(self._point_placement(same, "address", f"{road}{number}号",
                                                 _("a known site at %(road)s %(number)s号")
                                                 % {"road": road, "number": number}))
            out.append(self._point_placement(points, "road", road, _(
                "road %(road)s, from %(count)d known point(s) on it") % {"road": road, "count": len(points)},
                lon, lat))
            return out
        return []

    def _point_placement(self, points: list[RoadPoint], precision: str, matched: str, reason: str,
                         lon: float | None = None, lat: float | None = None) -> Placement:
        lon = points[0].lon if lon is None else lon
        lat = points[0].lat if lat is None else lat
        districts = {p.district_code for p in points}
        streets = {p.street_code for p in points}
        return Placement(lon, lat, precision, districts.pop() if len(districts) == 1 else "",
                         streets.pop() if len(streets) == 1 else "", "", matched, reason)

    def _area_placement(self, area: Area, reason: str) -> Placement:
        precision = "district" if area.kind == "district" else area.kind
        reason = reason % {"name": area.name}
        if area.kind == "street" and area.code != area.street_code:  # a community known, its point not
            reason += "; " + _("no point is known for community %(name)s") % {"name": area.name}
        return Placement(area.lon, area.lat, precision, area.district_code,
                         area.street_code if area.kind != "district" else "",
                         area.code if area.kind in ("community", "street") and area.code != area.street_code else "",
                         area.name, reason)


def precision_rank(precision: str) -> tuple[float, int]:
    """Best first: the smaller measured median error, then the nominal order of PRECISIONS.

    Measured, a community's centroid beats a road's known points (data/gazetteer_errors.csv).
    """
    error = typical_error(precision)
    measured = 0.0 if precision == "surveyed" else (error[0] if error else float("inf"))
    return measured, PRECISIONS.index(precision)


def rank(placement: Placement) -> tuple[float, int]:
    return precision_rank(placement.precision)


@cache
def gazetteer() -> Gazetteer:
    """The project's gazetteer, built from data/ once per process (about half a second)."""
    return Gazetteer(gazetteer_data.build())


def locate(text: str) -> Placement | Refusal:
    """The point of a Shenzhen address or site name, with its precision and why; or why not."""
    return gazetteer().locate(text)


@cache
def error_table(path: Path = ERRORS_CSV) -> dict[str, tuple[float, float]]:
    """precision -> (median, 90th percentile) error in metres, measured by bench/bench_geocode.py."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["precision"]: (float(row["median_m"]), float(row["p90_m"])) for row in csv.DictReader(handle)}


def typical_error(precision: str) -> tuple[float, float] | None:
    return error_table().get(precision)


def rounded_distance(meters: float) -> str:
    if meters < 1000:
        return _("%(n)d m") % {"n": max(50, round(meters, -2))}
    return _("%(n)s km") % {"n": f"{meters / 1000:.1f}".removesuffix(".0")}


def within_text(precision: str) -> str:
    """"within about 1.2 km" (9 in 10 placements of this precision are closer); "" if unmeasured."""
    error = typical_error(precision)
    if error is None:
        return ""
    return _("within about %(distance)s") % {"distance": rounded_distance(error[1])}
