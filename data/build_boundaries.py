"""Build WGS-84 boundary files and the community list from data/sources/.

Outputs (under --out, default: this folder):
  boundaries/districts.geojson   9 statutory districts (DataV, GCJ-02 -> WGS-84) + 大鹏新区
  boundaries/streets.geojson     hand-traced streets and special zones (WGS-84)
  boundaries/communities.csv     NBS 2021 residents' committees, centroid where honest

Run: .venv/bin/python data/build_boundaries.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from resourcemap.geo.transform import gcj02_to_wgs84  # noqa: E402

SRC = HERE / "sources"
GRID = 1e-6  # coordinates are written with 6 decimals (~0.1 m)

DISTRICT_EN = {
    "440303": "Luohu District",
    "440304": "Futian District",
    "440305": "Nanshan District",
    "440306": "Bao'an District",
    "440307": "Longgang District",
    "440308": "Yantian District",
    "440309": "Longhua District",
    "440310": "Pingshan District",
    "440311": "Guangming District",
}
DAPENG_STREETS = ("440307009000", "440307010000", "440307011000")  # 葵涌, 大鹏, 南澳
# 2016 (pre-2017) district -> current districts carved out of it.
OLD_DISTRICT_GROUP = {
    "440303": "440303",
    "440304": "440304",
    "440305": "440305",
    "440306": "440306",
    "440309": "440306",
    "440311": "440306",
    "440307": "440307",
    "440310": "440307",
    "440308": "440308",
}
SPECIAL_ZONE_NOTES = {
    "440304400000": "Special zone. Traced outline labelled 福田保税区 in the source; it lies within "
    "福保街道 and is also used as the stand-in outline for 福保街道, which the source lacks.",
    "440305400000": "Special zone (前海深港现代服务业合作区), traced as a unit of its own.",
    "440308403000": "Special zone. Union of the two traced outlines 沙头角保税区 and 盐田港保税区, "
    "which were merged into 深圳盐田综合保税区 (NBS 2022 name).",
    "440310401000": "Special zone. Traced outline is labelled 深圳市大工业区 (the former Pingshan "
    "industrial zone, NBS 2016 code 440307401); NBS 2022 lists the unit as 深圳坪山综合保税区. "
    "The outline is that of the old industrial zone, not only the bonded zone.",
}
FUBAO_NOTE = (
    "No outline of 福保街道 exists in the source. The traced 福田保税区 outline (inside 福保街道) "
    "stands in for it, so this polygon understates the street's extent."
)


@dataclass
class Unit:
    code: str
    name: str
    district_code: str
    geom: BaseGeometry
    kind: str = "street"
    note: str = ""
    source: str = ""
    point: Point = field(init=False)

    def __post_init__(self) -> None:
        self.point = snap_point(self.geom.representative_point())


def snap_point(p: Point) -> Point:
    return Point(round(p.x, 6), round(p.y, 6))


def as_multipolygon(geom: BaseGeometry) -> MultiPolygon:
    """Valid MultiPolygon on the 1e-6 grid."""
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    polys: list[Polygon] = []
    for part in getattr(geom, "geoms", [geom]):
        if isinstance(part, Polygon) and not part.is_empty:
            polys.append(part)
        elif isinstance(part, MultiPolygon):
            polys.extend(part.geoms)
    out = MultiPolygon(sorted(polys, key=lambda p: -p.area))
    if not out.is_valid:
        raise ValueError("could not make geometry valid")
    return out


def gcj_geom_to_wgs(geom: BaseGeometry) -> BaseGeometry:
    def conv(coords: np.ndarray) -> np.ndarray:
        return np.array([gcj02_to_wgs84(float(x), float(y)) for x, y in coords])

    return shapely.transform(geom, conv)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_districts() -> dict[str, Unit]:
    data = json.loads((SRC / "boundaries/districts_datav_gcj02.geojson").read_text(encoding="utf-8"))
    out: dict[str, Unit] = {}
    for feat in data["features"]:
        code = str(feat["properties"]["adcode"])
        geom = as_multipolygon(gcj_geom_to_wgs(shape(feat["geometry"])))
        out[code] = Unit(code, feat["properties"]["name"], code, geom, kind="statutory")
    return out


def nbs_streets() -> dict[str, str]:
    """12-digit NBS street code -> name (NBS 2022, 74 streets + 5 special zones)."""
    return {r["code"] + "000": r["name"] for r in read_csv(SRC / "divisions/streets_nbs2022.csv")}


def load_streets() -> dict[str, Unit]:
    names = nbs_streets()
    data = json.loads((SRC / "boundaries/streets_handdigitised_wgs84.geojson").read_text(encoding="utf-8"))
    parts: dict[str, list[dict]] = {}
    for feat in data["features"]:
        parts.setdefault(feat["properties"]["nbs_code"] + "000", []).append(feat)
    out: dict[str, Unit] = {}
    for code in sorted(parts):
        feats = parts[code]
        if code not in names:
            raise ValueError(f"street code {code} not in NBS list")
        geom = as_multipolygon(shapely.union_all([shape(f["geometry"]).buffer(0) for f in feats]))
        kind = "special_zone" if code[6] == "4" else "street"
        traced = "、".join(f["properties"]["name"] for f in feats)
        source = "; ".join(f["properties"]["source"] for f in feats)
        note = SPECIAL_ZONE_NOTES.get(code, "Hand-traced outline; approximate.")
        name = names[code] if kind == "special_zone" else feats[0]["properties"]["name"]
        if name != traced:
            note += f" Source label: {traced}."
        out[code] = Unit(code, name, code[:6], geom, kind, note, source)
    fubao = "440304010000"
    if fubao not in out:
        zone = out["440304400000"]
        out[fubao] = Unit(fubao, names[fubao], "440304", zone.geom, "street", FUBAO_NOTE, zone.source)
    return out


def dapeng_unit(streets: dict[str, Unit]) -> Unit:
    geom = as_multipolygon(shapely.union_all([streets[c].geom for c in DAPENG_STREETS]))
    return Unit("dapeng", "大鹏新区", "440307", geom, kind="functional")


# --- communities ---------------------------------------------------------------

_SUFFIX = re.compile(r"(居民委员会|居委会|居委)$")


def community_display_name(raw: str) -> str:
    """ "大塘龙社区居民委员会" -> "大塘龙社区"; "小梅沙居委会" -> "小梅沙社区"."""
    if "社区" in raw:
        return raw[: raw.index("社区") + 2]
    return _SUFFIX.sub("", raw) + "社区"


def community_key(raw: str) -> str:
    name = community_display_name(raw)[:-2]
    return re.sub(r"村$", "", name)


@dataclass
class Community:
    code: str
    name: str
    street_code: str
    district_code: str
    lon: str = ""
    lat: str = ""
    centroid_source: str = ""


def _centroid_ok(
    c: Community, lon: float, lat: float, districts: dict[str, Unit], streets: dict[str, Unit]
) -> bool:
    """Sanity check: the converted 2016 point must lie in (or within ~500 m of) the
    community's current street; for 福保街道, whose outline is a stand-in, in its district."""
    p = Point(lon, lat)
    if c.street_code == "440304010000":
        return districts[c.district_code].geom.contains(p)
    return streets[c.street_code].geom.buffer(0.005).contains(p)


def load_communities(districts: dict[str, Unit], streets: dict[str, Unit]) -> list[Community]:
    rows = [
        r for r in read_csv(SRC / "divisions/communities_nbs2021.csv") if "虚拟社区" not in r["village_name"]
    ]
    old = [
        r
        for r in read_csv(SRC / "divisions/divisions_5level_2016_gcj02.csv")
        if r["level"] == "village" and r["longitude"]
    ]
    index: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in old:
        index.setdefault((r["code"][:6], community_key(r["name"])), []).append(r)
    out: list[Community] = []
    for r in rows:
        c = Community(
            r["village_code"],
            community_display_name(r["village_name"]),
            r["street_code"] + "000",
            r["district_code"],
        )
        hits = index.get((OLD_DISTRICT_GROUP[c.district_code], community_key(r["village_name"])), [])
        good = []
        for h in hits:
            lon, lat = gcj02_to_wgs84(float(h["longitude"]), float(h["latitude"]))
            if _centroid_ok(c, lon, lat, districts, streets):
                good.append((h, lon, lat))
        if len(good) == 1:
            h, lon, lat = good[0]
            c.lon, c.lat = f"{lon:.6f}", f"{lat:.6f}"
            c.centroid_source = (
                f"2016 village centroid (divisions_5level_2016_gcj02.csv#code={h['code']}, GCJ-02 converted), "
                "matched by name within the pre-2017 district and checked against the street outline"
            )
        elif len(good) > 1:
            c.centroid_source = "none: ambiguous 2016 name match; left blank"
        elif hits:
            c.centroid_source = "none: 2016 name match lies outside the community's street; left blank"
        else:
            c.centroid_source = "none: no 2016 centroid for this name; left blank"
        out.append(c)
    return sorted(out, key=lambda c: c.code)


# --- writers -------------------------------------------------------------------


def _round_coords(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 6)
    if isinstance(obj, list | tuple):
        return [_round_coords(v) for v in obj]
    return obj


def feature_json(props: dict, geom: BaseGeometry) -> str:
    g = mapping(geom)
    feat = {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": g["type"], "coordinates": _round_coords(g["coordinates"])},
    }
    return json.dumps(feat, ensure_ascii=False, separators=(",", ":"))


def write_collection(path: Path, features: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ",\n".join(features)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@dataclass
class Boundaries:
    districts: dict[str, Unit]
    streets: dict[str, Unit]
    dapeng: Unit
    communities: list[Community]


def load_all() -> Boundaries:
    districts = load_districts()
    streets = load_streets()
    return Boundaries(districts, streets, dapeng_unit(streets), load_communities(districts, streets))


def write_boundaries(b: Boundaries, out: Path) -> None:
    feats = []
    for code in sorted(b.districts):
        d = b.districts[code]
        props = {
            "code": code,
            "name": d.name,
            "name_en": DISTRICT_EN[code],
            "kind": "statutory",
            "parent_code": None,
        }
        feats.append(feature_json(props, d.geom))
    props = {
        "code": "dapeng",
        "name": "大鹏新区",
        "name_en": "Dapeng New District",
        "kind": "functional",
        "parent_code": "440307",
    }
    feats.append(feature_json(props, b.dapeng.geom))
    write_collection(out / "boundaries/districts.geojson", feats)

    feats = []
    for code in sorted(b.streets):
        s = b.streets[code]
        props = {
            "code": code,
            "name": s.name,
            "district_code": s.district_code,
            "functional_area_code": "dapeng" if code in DAPENG_STREETS else None,
            "kind": s.kind,
            "approximate": True,
            "note": s.note,
            "source": s.source,
        }
        feats.append(feature_json(props, s.geom))
    write_collection(out / "boundaries/streets.geojson", feats)

    header = ["code", "name", "street_code", "district_code", "lon", "lat", "centroid_source"]
    rows = [
        [c.code, c.name, c.street_code, c.district_code, c.lon, c.lat, c.centroid_source]
        for c in b.communities
    ]
    write_csv(out / "boundaries/communities.csv", header, rows)


def main(argv: list[str] | None = None) -> Boundaries:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: data/)")
    args = ap.parse_args(argv)
    b = load_all()
    write_boundaries(b, args.out)
    missing = sorted(set(nbs_streets()) - set(b.streets))
    with_xy = sum(1 for c in b.communities if c.lon)
    print(
        f"districts: {len(b.districts)} + 大鹏新区; streets/zones: {len(b.streets)}; NBS units without outline: {missing}"
    )
    print(f"communities: {len(b.communities)} ({with_xy} with a 2016 centroid)")
    return b


if __name__ == "__main__":
    main()
