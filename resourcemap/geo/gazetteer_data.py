"""The gazetteer's places, read from the project's own data files (no network, no database).

- districts and streets: `data/boundaries/*.geojson` (a point inside each outline);
- pre-2017 streets (2016 division list) and the current streets each old name split into,
  derived from where the old street's villages lie today;
- communities (NBS 2021, `data/boundaries/communities.csv`) and 2016 villages with centroids;
- roads: the points of surveyed sites (and the Tencent POIs) whose address names the road;
- landmarks: the surveyed sites themselves, by name.

Built once per process by `resourcemap.geo.gazetteer.gazetteer()`.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, Point
from django.contrib.gis.geos.prepared import PreparedGeometry

from resourcemap.geo.gazetteer_text import community_core, normalize, road_mentions
from resourcemap.geo.transform import to_wgs84

DATA = Path(__file__).resolve().parents[2] / "data"
# Current districts carved out of each pre-2017 district: a 2018 address saying 宝安区 may lie
# in today's 宝安, 龙华 or 光明.
OLD_DISTRICT_OF = {"440309": "440306", "440311": "440306", "440310": "440307"}
# A pre-2017 street counts as split when at least this share of its villages lies in another
# current street (and at least two villages do): the rule the data build has always used.
SPLIT_SHARE = 0.15
EVIDENCE_SHARE = 0.10
# Names of (former) new areas written in addresses.
AREA_NAMES = {"龙华新区": "440309", "光明新区": "440311", "坪山新区": "440310", "大鹏新区": "440307"}
# Former names of an area that now lies in one street (宝城 is the old name of the 新安 area).
STREET_ALIASES = {"宝城": "440306017000"}


def old_district(code: str) -> str:
    return OLD_DISTRICT_OF.get(code, code)


@dataclass
class Area:
    kind: str  # district, street, old_street, community
    code: str
    name: str
    lon: float
    lat: float
    district_code: str = ""
    street_code: str = ""
    successors: tuple[str, ...] = ()  # old streets: the current street codes


@dataclass
class Known:
    """A surveyed point: a landmark by its name, and evidence for the roads in its address."""

    key: str  # external id, so leave-one-out can leave it out
    name: str
    address: str
    lon: float
    lat: float
    district_code: str
    street_code: str


@dataclass
class RoadPoint:
    key: str
    number: int | None
    lon: float
    lat: float
    district_code: str
    street_code: str


@dataclass
class GazetteerData:
    districts: dict[str, Area] = field(default_factory=dict)
    streets: dict[str, Area] = field(default_factory=dict)
    old_streets: dict[str, Area] = field(default_factory=dict)  # by short name
    communities: dict[str, list[Area]] = field(default_factory=dict)  # by core name
    roads: dict[str, list[RoadPoint]] = field(default_factory=dict)  # by road name
    landmarks: dict[str, list[Known]] = field(default_factory=dict)  # by name
    district_shapes: dict[str, PreparedGeometry] = field(default_factory=dict)
    street_shapes: dict[str, PreparedGeometry] = field(default_factory=dict)

    def district_at(self, lon: float, lat: float) -> str:
        point = Point(lon, lat, srid=4326)
        return next((code for code, shape in self.district_shapes.items() if shape.contains(point)), "")

    def street_at(self, lon: float, lat: float) -> str:
        point = Point(lon, lat, srid=4326)
        return next((code for code, shape in self.street_shapes.items() if shape.contains(point)), "")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _features(path: Path) -> list[tuple[dict, GEOSGeometry]]:
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"], GEOSGeometry(json.dumps(f["geometry"]), srid=4326)) for f in collection["features"]]


def _load_areas(data: GazetteerData, folder: Path) -> None:
    features = _features(folder / "boundaries" / "districts.geojson")
    dapeng = next((geom for props, geom in features if props["kind"] != "statutory"), None)
    for props, geom in features:
        if props["kind"] != "statutory":
            continue
        data.district_shapes[props["code"]] = geom.prepared
        inside = geom.point_on_surface
        if props["code"] == "440307" and dapeng is not None:
            # Longgang-wide places are not drawn inside the Dapeng functional area.
            inside = geom.difference(dapeng.buffer(0.001)).point_on_surface
        data.districts[props["code"]] = Area("district", props["code"], props["name"], inside.x, inside.y,
                                             district_code=props["code"])
    for props, geom in _features(folder / "boundaries" / "streets.geojson"):
        if props["kind"] != "street":
            continue  # special zones: no residents, coarse outlines
        data.street_shapes[props["code"]] = geom.prepared
        inside = geom.point_on_surface
        data.streets[props["code"]] = Area("street", props["code"], props["name"], inside.x, inside.y,
                                           props["district_code"], props["code"])


def _load_communities(data: GazetteerData, folder: Path) -> dict[tuple[str, str], set[str]]:
    """Communities by core name; returns (old district, core) -> current street codes."""
    now: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _read_csv(folder / "boundaries" / "communities.csv"):
        core = community_core(row["name"])
        now[(old_district(row["district_code"]), core)].add(row["street_code"])
        street = data.streets.get(row["street_code"])
        if row["lon"]:
            lon, lat = float(row["lon"]), float(row["lat"])
        elif street is not None:
            lon, lat = street.lon, street.lat  # known community, position only its street's
        else:
            continue
        area = Area("community" if row["lon"] else "street", row["code"], row["name"], lon, lat,
                    row["district_code"], row["street_code"])
        if len(core) >= 2:
            data.communities.setdefault(core, []).append(area)
    return now


def _load_old_streets(data: GazetteerData, sources: Path, now: dict[tuple[str, str], set[str]]) -> None:
    rows = _read_csv(sources / "divisions" / "divisions_5level_2016_gcj02.csv")
    towns = {r["code"][:9]: re.sub(r"(街道)?办事处$", "", r["name"]) for r in rows if r["level"] == "town"}
    shares: dict[str, Counter[str]] = defaultdict(Counter)
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    known_cores = {core for _, core in now}
    for row in rows:
        if row["level"] != "village" or row["code"][:9] not in towns:
            continue
        town, core = towns[row["code"][:9]], community_core(row["name"])
        for street in now.get((row["code"][:6], core), ()):
            shares[town][street] += 1
        if row["longitude"]:
            lon, lat = to_wgs84(float(row["longitude"]), float(row["latitude"]), "gcj02")
            points[town].append((lon, lat))
            street = data.street_at(lon, lat)
            if street and core not in known_cores:
                shares[town][street] += 1
            if len(core) >= 2 and street:  # a 2016 village with a centroid: a community-level place
                data.communities.setdefault(core, []).append(
                    Area("community", "", normalize(row["name"]), lon, lat, street[:6], street))
    by_name = {area.name.removesuffix("街道"): code for code, area in data.streets.items()}
    for town, counts in shares.items():
        total = sum(counts.values())
        successors = tuple(sorted(s for s, n in counts.items() if n >= 2 and n / total >= SPLIT_SHARE))
        own = by_name.get(town)
        if own and set(successors) <= {own}:
            continue  # not split: the name is today's street
        if not successors:
            continue
        spots = points[town] or [(data.streets[s].lon, data.streets[s].lat) for s in successors]
        lon = sorted(p[0] for p in spots)[len(spots) // 2]
        lat = sorted(p[1] for p in spots)[len(spots) // 2]
        districts = {data.streets[s].district_code for s in successors}
        data.old_streets[town] = Area("old_street", "", town, lon, lat,
                                      districts.pop() if len(districts) == 1 else "", "", successors)


def _load_known(data: GazetteerData, known: Iterable[Known]) -> None:
    for site in known:
        for name in {normalize(site.name), _short_name(normalize(site.name))}:
            if len(name) >= 4:
                data.landmarks.setdefault(name, []).append(site)
        for road, number in road_mentions(normalize(site.address)):
            data.roads.setdefault(road, []).append(
                RoadPoint(site.key, number, site.lon, site.lat, site.district_code, site.street_code))


def _split_by_evidence(data: GazetteerData, known: list[Known]) -> None:
    """Old names the surveyed sites show to be ambiguous although the 2016 list does not.

    观湖 and 福城 were carved out of 观澜 in 2016, so the 2016 list already has them apart, yet
    2018 addresses still say 观澜 for all three: where the sites whose address names a street
    (X街道/X办事处/X镇) lie in other current streets at least EVIDENCE_SHARE of the time,
    the name is treated as the old, larger area.
    """
    by_short = {area.name.removesuffix("街道"): code for code, area in data.streets.items()}
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for site in known:
        text = normalize(site.address + site.name)
        for short in by_short:
            if re.search(re.escape(short) + "(街道|办事处|镇)", text) and site.street_code:
                counts[short][site.street_code] += 1
    for short, seen in counts.items():
        total = sum(seen.values())
        others = [s for s, n in seen.items() if s != by_short[short] and n >= 2 and n / total >= EVIDENCE_SHARE]
        if short in data.old_streets or not others:
            continue
        successors = tuple(sorted({by_short[short], *others}))
        spots = [(data.streets[s].lon, data.streets[s].lat) for s in successors]
        districts = {data.streets[s].district_code for s in successors}
        data.old_streets[short] = Area(
            "old_street", "", short, sum(p[0] for p in spots) / len(spots), sum(p[1] for p in spots) / len(spots),
            districts.pop() if len(districts) == 1 else "", "", successors)


def _short_name(name: str) -> str:
    """深圳市福田区碧海小学 -> 碧海小学: how people name a site (kept only when unique, see locate)."""
    return re.sub(r"^(广东省)?(深圳市?)?([^市]{2,3}(新区|区))?", "", name)


def surveyed_sites(folder: Path = DATA) -> list[Known]:
    """The surveyed points of data/sites.csv and the Tencent POIs' addressed points."""
    sites = [
        Known(r["external_id"], r["name"], r["address"], float(r["lon"]), float(r["lat"]),
              r["district_code"], r["street_code"])
        for r in _read_csv(folder / "sites.csv")
        if r["location_precision"] == "surveyed"
    ]
    return sites


def poi_points(data: GazetteerData, sources: Path = DATA / "sources") -> list[Known]:
    """Tencent POIs (AED locations, GCJ-02): evidence for roads only, not landmarks."""
    out = []
    for row in _read_csv(sources / "poi" / "tencent_pois_2020_gcj02.csv"):
        lon, lat = to_wgs84(float(row["lng_gcj02"]), float(row["lat_gcj02"]), "gcj02")
        out.append(Known(f"tencent-2020-{row['tencent_id']}", "", row["address"], lon, lat,
                         data.district_at(lon, lat), data.street_at(lon, lat)))
    return out


def build(folder: Path = DATA, known: Iterable[Known] | None = None, sources: Path | None = None) -> GazetteerData:
    """From `folder` (boundaries/, sites.csv) and `sources` (default folder/sources); `known`
    replaces the surveyed sites of sites.csv (the data build passes its own)."""
    data = GazetteerData()
    sources = sources or folder / "sources"
    _load_areas(data, folder)
    now = _load_communities(data, folder)
    _load_old_streets(data, sources, now)
    known = surveyed_sites(folder) if known is None else list(known)
    _load_known(data, known)
    _split_by_evidence(data, known)
    for poi in poi_points(data, sources):
        for road, number in road_mentions(normalize(poi.address)):
            if poi.district_code:
                data.roads.setdefault(road, []).append(
                    RoadPoint(poi.key, number, poi.lon, poi.lat, poi.district_code, poi.street_code))
    return data
