"""Well-known places people type to mean "near here": stations, parks, landmarks.

Offline, from the project's own data (no network, no database):
- metro stations: every station the Tencent POIs (data/sources/poi/, AED locations, GCJ-02)
  place an AED in ("深圳地铁2号线华强北站…"), at that AED's point;
- data/places.csv: railway stations, parks and landmarks, each with the POIs it is placed by,
  or placed by hand where no source holds it (said so in its `how` column), and the radius the
  place spans. Every answer is approximate: a station, park or landmark is an area, not a door.

Matched on the whole typed text (a city or district prefix and 地铁 allowed), never inside a
longer address: "华强北路100号" is a road and number for the gazetteer, not the 华强北 area.
"""

from __future__ import annotations

import csv
import re
import statistics
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resourcemap.geo.gazetteer import gazetteer
from resourcemap.geo.gazetteer_data import DATA
from resourcemap.geo.gazetteer_text import normalize
from resourcemap.geo.transform import to_wgs84

PLACES_CSV = DATA / "places.csv"
POIS_CSV = DATA / "sources" / "poi" / "tencent_pois_2020_gcj02.csv"
KINDS = ("station", "park", "landmark")
METRO_STATION = re.compile(r"地铁[\d号线和、]*号线([\u4e00-\u9fa5]{1,8}?站)")
METRO_STATION_RADIUS_M = 200  # about a platform's length: the AED is somewhere inside
# 深圳北站 and 深圳湾体育中心 begin with 深圳: the text is tried whole before without the city.
CITY_PREFIXES = (re.compile(r"^(广东省)?深圳市"), re.compile(r"^(广东省)?深圳"))
DISTRICT_PREFIX = re.compile(r"^([\u4e00-\u9fa5]{2,3}(?:新区|区))")


@dataclass(frozen=True)
class KnownPlace:
    name: str
    kind: str  # one of KINDS
    lon: float  # WGS-84
    lat: float
    radius_m: int  # how far the place reaches from its point
    how: str  # where the point comes from
    district_code: str


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _poi_points(path: Path) -> tuple[dict[str, tuple[float, float]], dict[str, list[str]]]:
    """POI id -> WGS-84 point, and metro station name -> the ids of the POIs inside it."""
    points: dict[str, tuple[float, float]] = {}
    stations: dict[str, list[str]] = {}
    for row in _read(path):
        points[row["tencent_id"]] = to_wgs84(float(row["lng_gcj02"]), float(row["lat_gcj02"]), "gcj02")
        match = METRO_STATION.search(row["title"] + " " + row["address"])
        if match:
            stations.setdefault(match.group(1), []).append(row["tencent_id"])
    return points, stations


def _median_point(ids: list[str], points: dict[str, tuple[float, float]]) -> tuple[float, float]:
    missing = [i for i in ids if i not in points]
    if missing:
        raise ValueError(f"{PLACES_CSV.name}: no POI {', '.join(missing)} in {POIS_CSV.name}")
    return statistics.median(points[i][0] for i in ids), statistics.median(points[i][1] for i in ids)


@cache
def known_places(places_csv: Path = PLACES_CSV, pois_csv: Path = POIS_CSV) -> dict[str, KnownPlace]:
    """Every name and alias (normalised) -> its place. Built once per process."""
    points, stations = _poi_points(pois_csv)
    district_at = gazetteer().data.district_at
    out: dict[str, KnownPlace] = {}
    for name, ids in sorted(stations.items()):
        lon, lat = _median_point(ids, points)
        out[normalize(name)] = KnownPlace(name, "station", lon, lat, METRO_STATION_RADIUS_M,
                                          "metro station: AED inside it (Tencent POI, 2020)", district_at(lon, lat))
    for row in _read(places_csv):
        if row["kind"] not in KINDS:
            raise ValueError(f"{places_csv.name}: {row['name']}: kind {row['kind']!r} is not one of {KINDS}")
        ids = [i for i in row["tencent_ids"].split(";") if i]
        lon, lat = _median_point(ids, points) if ids else (float(row["lon"]), float(row["lat"]))
        place = KnownPlace(row["name"], row["kind"], lon, lat, int(row["radius_m"]), row["how"],
                           district_at(lon, lat))
        for alias in [row["name"], *row["aliases"].split(";")]:
            if alias:
                out[normalize(alias)] = place  # a curated row wins over a station of the same name
    return out


def find_known_place(text: str) -> KnownPlace | None:
    """The place the whole text names, or None. The text is not kept (it may be a child's whereabouts)."""
    whole = normalize(text)
    for rest in dict.fromkeys([whole, *(prefix.sub("", whole) for prefix in CITY_PREFIXES)]):
        place = _named(rest)
        if place is not None:
            return place
    return None


def _named(rest: str) -> KnownPlace | None:
    district_code = ""
    named = DISTRICT_PREFIX.match(rest)
    if named:
        districts = {area.name: code for code, area in gazetteer().data.districts.items()}
        if named.group(1) in districts:
            district_code, rest = districts[named.group(1)], rest[named.end():]
    rest = rest.removeprefix("地铁").replace("地铁站", "站")
    place = known_places().get(rest)
    if place is None or (district_code and place.district_code != district_code):
        return None
    return place
