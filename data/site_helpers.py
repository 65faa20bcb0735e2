"""Helpers for build_sites.py: phones, place-name parsing, point-in-polygon, CRS test."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from build_boundaries import OLD_DISTRICT_GROUP, SRC, Boundaries, community_key, read_csv, snap_point
from shapely.geometry import Point
from shapely.strtree import STRtree

from resourcemap.geo.transform import to_wgs84

MOBILE = re.compile(r"^1[3-9]\d{9}$")
PLACEHOLDER = {"12345678", "87654321", "00000000"}

# current districts that were carved out of each pre-2017 district
DISTRICT_GROUP: dict[str, set[str]] = defaultdict(set)
for _cur, _old in OLD_DISTRICT_GROUP.items():
    DISTRICT_GROUP[_old].add(_cur)

# Names of new areas / districts as they appear in 2018 addresses -> current district.
AREA_HINTS = {
    "龙华新区": "440309",
    "龙华区": "440309",
    "光明新区": "440311",
    "光明区": "440311",
    "坪山新区": "440310",
    "坪山区": "440310",
    "大鹏新区": "440307",
    "罗湖区": "440303",
    "福田区": "440304",
    "南山区": "440305",
    "宝安区": "440306",
    "龙岗区": "440307",
    "盐田区": "440308",
}
# Old place names used in addresses for a street (宝城 is the former name of the 新安 area).
STREET_ALIASES = {"宝城": "440306017000"}


def normalise_phones(raw: str) -> str:
    """Institutional numbers as 0755-XXXXXXXX (or 400-/800-), ';'-separated. Mobiles dropped."""
    runs = re.findall(r"\d+", raw or "")
    out: list[str] = []
    i = 0
    while i < len(runs):
        r = runs[i]
        if r in ("0755", "755") and i + 1 < len(runs) and len(runs[i + 1]) == 8:
            r = "0755" + runs[i + 1]
            i += 1
        i += 1
        if r.startswith("86") and len(r) in (13, 12):
            r = r[2:]
        if len(r) == 12 and r.startswith("0755"):
            num = r[4:]
        elif len(r) == 11 and r.startswith("755"):
            num = r[3:]
        elif len(r) == 8 and r[0] != "0":
            num = r
        elif len(r) == 10 and r[:3] in ("400", "800"):
            out.append(f"{r[:3]}-{r[3:6]}-{r[6:]}")
            continue
        else:
            continue  # mobiles (1[3-9]x{9}), fragments, extensions, other area codes
        if num in PLACEHOLDER or len(set(num)) == 1 or MOBILE.match(num):
            continue
        out.append("0755-" + num)
    return ";".join(dict.fromkeys(out))


@dataclass
class Placement:
    lon: float
    lat: float
    precision: str
    district_code: str
    street_code: str
    community_code: str = ""


class Locator:
    """Assign districts/streets to points and resolve place names in addresses."""

    def __init__(self, b: Boundaries) -> None:
        self.b = b
        self.district_codes = sorted(b.districts)
        self._dtree = STRtree([b.districts[c].geom for c in self.district_codes])
        self.streets_by_district: dict[str, list[str]] = defaultdict(list)
        for code in sorted(b.streets):
            self.streets_by_district[b.streets[code].district_code].append(code)
        self.communities = {c.code: c for c in b.communities}
        self.pip_fallbacks = 0
        self._district_points: dict[str, Placement] = {}
        self._street_names = self._build_street_names()
        self.split_streets = self._find_split_streets()

    # --- point in polygon -------------------------------------------------------
    def district_of(self, p: Point) -> str | None:
        hits = [self.district_codes[i] for i in self._dtree.query(p, predicate="within")]
        if hits:
            return hits[0]
        i = int(self._dtree.nearest(p))
        code = self.district_codes[i]
        if self.b.districts[code].geom.distance(p) < 0.01:  # ~1 km: coastline tolerance
            self.pip_fallbacks += 1
            return code
        return None

    def street_of(self, p: Point, district: str, count: bool = True) -> str:
        # Only statutory streets: special zones hold no residents' committees (NBS lists
        # only 虚拟社区 for them), so a site in a zone outline goes to the nearest street.
        codes = [c for c in self.streets_by_district[district] if self.b.streets[c].kind == "street"]
        inside = [c for c in codes if self.b.streets[c].geom.contains(p)]
        if inside:
            return inside[0]
        self.pip_fallbacks += count
        return min(codes, key=lambda c: (self.b.streets[c].geom.distance(p), c))

    def place_point(self, lon: float, lat: float) -> Placement | None:
        p = Point(lon, lat)
        d = self.district_of(p)
        if d is None:
            return None
        return Placement(lon, lat, "surveyed", d, self.street_of(p, d))

    def street_point(self, street: str) -> Placement:
        s = self.b.streets[street]
        return Placement(s.point.x, s.point.y, "street", s.district_code, street)

    def district_point(self, district: str) -> Placement:
        """Representative point of the district; for 龙岗区 of its part outside 大鹏新区,
        so that Longgang-wide sites are not drawn inside the Dapeng functional area."""
        if district not in self._district_points:
            if district == "dapeng":
                pt, code = self.b.dapeng.point, "440307"
            elif district == "440307":
                geom = self.b.districts[district].geom.difference(self.b.dapeng.geom.buffer(0.001))
                pt, code = snap_point(geom.representative_point()), district
            else:
                pt, code = self.b.districts[district].point, district
            self._district_points[district] = Placement(
                pt.x, pt.y, "district", code, self.street_of(pt, code, count=False)
            )
        return replace(self._district_points[district])

    def community_point(self, code: str) -> Placement:
        c = self.communities[code]
        if c.lon:
            lon, lat = float(c.lon), float(c.lat)
            return Placement(lon, lat, "community", c.district_code, c.street_code, code)
        pl = self.street_point(c.street_code)
        pl.community_code = code
        return pl

    # --- place names ------------------------------------------------------------
    def _build_street_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for code, s in self.b.streets.items():
            if s.kind == "street":
                names[s.name.removesuffix("街道")] = code
        return names

    def _find_split_streets(self) -> set[str]:
        """Streets whose pre-2017 area now lies in several streets (from community names)."""
        old = read_csv(SRC / "divisions/divisions_5level_2016_gcj02.csv")
        towns = {r["code"][:9]: re.sub(r"(街道)?办事处$", "", r["name"]) for r in old if r["level"] == "town"}
        now: dict[tuple[str, str], set[str]] = defaultdict(set)
        for c in self.b.communities:
            now[(OLD_DISTRICT_GROUP[c.district_code], community_key(c.name))].add(c.street_code)
        shares: dict[str, Counter] = defaultdict(Counter)
        for r in old:
            if r["level"] == "village":
                for s in now.get((r["code"][:6], community_key(r["name"])), ()):
                    shares[towns[r["code"][:9]]][s] += 1
        split = set()
        for town, cnt in shares.items():
            own = self._street_names.get(town)
            total = sum(cnt.values())
            if any(s != own and n >= 2 and n / total >= 0.15 for s, n in cnt.items()):
                split.add(town)
        return split

    def mentioned_streets(self, text: str, bare: bool = False) -> set[str]:
        """Street names in the text as "X街道/X办事处/X镇" (or bare "X" for short addresses)."""
        found = set()
        suffix = r"(街道|办事处|镇)" if not bare else ""
        for short in self._street_names:
            if re.search(re.escape(short) + suffix, text):
                found.add(short)
        for alias in STREET_ALIASES:
            if alias in text:
                found.add(alias)
        return found

    def hinted_districts(self, text: str) -> set[str]:
        """Districts implied by bare street/area names in a short address ("观澜..", "宝城..")."""
        out = {self.b.streets[c].district_code for short, c in self._street_names.items() if short in text}
        out |= {self.b.streets[c].district_code for a, c in STREET_ALIASES.items() if a in text}
        out |= {d for k, d in AREA_HINTS.items() if k in text}
        return out

    def resolve_text(
        self, text: str, label_district: str | None, bare: bool = False
    ) -> tuple[Placement | None, str]:
        """Place a record from the place names in its name/address, or return (None, reason).

        Order: a community named in the text (within the named street, or the district)
        -> the named street (district only if that street was split after 2016)
        -> a district named in the text -> the labelled district if it was not split since.
        """
        allowed = DISTRICT_GROUP.get(
            OLD_DISTRICT_GROUP.get(label_district or "", ""), set(self.district_codes)
        )
        cands = {}
        for short in self.mentioned_streets(text, bare):
            code = STREET_ALIASES.get(short) or self._street_names[short]
            if self.b.streets[code].district_code in allowed:
                cands[short] = code
        hinted = {d for k, d in AREA_HINTS.items() if k in text and d in allowed}
        if len(hinted) > 1:  # e.g. "宝安区...龙华新区": the new area is more specific
            hinted -= {"440306", "440307"}
        if len(cands) == 1:
            short, code = next(iter(cands.items()))
            district = self.b.streets[code].district_code
            pool = self.streets_by_district[district] if short in self.split_streets else [code]
        else:
            districts = {self.b.streets[c].district_code for c in cands.values()} or hinted or allowed
            pool = [c for d in sorted(districts) for c in self.streets_by_district[d]]
        comm = self._community_in(text, pool)
        if comm:
            return self.community_point(comm), "community named in address"
        if len(cands) == 1:
            if short in self.split_streets:
                return self.district_point(district), f"street {short} was split after 2016: district only"
            return self.street_point(code), "street named in address"
        if len(cands) > 1:
            return None, "several streets named"
        if len(hinted) == 1:
            return self.district_point(hinted.pop()), "district named in address"
        if len(allowed) == 1:
            return self.district_point(next(iter(allowed))), "labelled district"
        return None, "no street named and labelled pre-2017 district is now split"

    def _community_in(self, text: str, pool: list[str]) -> str | None:
        """A single community of the pool whose name appears as "X社区" or "X村" in the text."""
        pool_set = set(pool)
        hits = set()
        for c in self.b.communities:
            core = c.name.split("社区")[0]
            if (
                c.street_code in pool_set
                and len(core) >= 2
                and (core + "社区" in text or core + "村" in text)
            ):
                hits.add((c.street_code, core, c.code))
        # several committees of one 社区 (e.g. 杨美社区 x3): take the first committee
        groups = {(s, core) for s, core, _ in hits}
        if len(groups) != 1:
            return None
        return min(code for _, _, code in hits)


def crs_test(
    loc: Locator, points: list[tuple[float, float, set[str]]], label: str
) -> tuple[str, dict[str, int]]:
    """Count points that fall in their labelled district(s) under each CRS hypothesis."""
    scores: dict[str, int] = {}
    for crs in ("bd09", "gcj02", "wgs84"):
        ok = 0
        for x, y, allowed in points:
            lon, lat = to_wgs84(x, y, crs)
            hits = [loc.district_codes[i] for i in loc._dtree.query(Point(lon, lat), predicate="within")]
            ok += bool(hits and hits[0] in allowed)
        scores[crs] = ok
    best = max(scores, key=lambda k: scores[k])
    figures = ", ".join(f"{k} {v}/{len(points)} ({v / len(points):.1%})" for k, v in scores.items())
    print(f"CRS test {label}: {figures} -> {best}")
    return best, scores


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
