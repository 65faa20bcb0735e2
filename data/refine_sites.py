"""Second pass of build_sites.py: the offline gazetteer (resourcemap/geo/gazetteer.py) applied to
the built rows, every change written to data/site_changes.csv.

1. Surveyed points that contradict both their source's district label and the places named in
   their own address by more than 1 km are demoted to the address's placement, with a note.
2. Rows the first pass placed from place names (no source point) are placed again by the
   gazetteer from their name and address: road, community, street, old street area, district.
   The result is kept only where it agrees with the source's district label and is at least as
   precise as before by the measured errors, or where the old placement took a former street
   name that split (观澜, 布吉 ...) for today's street of that name.
3. `street` is left blank where the street is not known (district and old street area).
4. A street named in an address (X街道/X办事处/X镇, a street that did not split) wins over the
   street a surveyed point falls in when the point lies within 1 km of that street's outline
   (the outlines are hand-traced); further away point and address disagree and `street` is
   left blank.
5. Reviewed source errors (site_vocab.REVIEWED) are recorded in `provenance`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import build_boundaries as bb
from django.conf import settings
from shapely.geometry import Point
from site_vocab import REVIEWED

if not settings.configured:  # the build needs no project settings: reasons stay untranslated
    settings.configure(USE_I18N=False)

from resourcemap.geo import gazetteer_data  # noqa: E402
from resourcemap.geo.gazetteer import Gazetteer, Placement, metres, precision_rank  # noqa: E402

DEMOTE_M = 1000.0
SAME_PLACE_M = 50.0  # representative points of one area computed by shapely and by GEOS
ONE_KM_DEG = 0.009  # ~1 km at 22.5°N in latitude, 0.97 km in longitude: the conservative side
NOTE_DEMOTED = "。来源坐标与其所标区及地址均不符（相距约{km}公里），已改用地址推算的位置"
CHANGE_HEADER = ["external_id", "change", "old_precision", "new_precision", "old_street", "new_street",
                 "moved_m", "reason"]


@dataclass
class Change:
    external_id: str
    change: str
    old_precision: str
    new_precision: str
    old_street: str
    new_street: str
    moved_m: int
    reason: str

    def as_row(self) -> list[str]:
        return [self.external_id, self.change, self.old_precision, self.new_precision, self.old_street,
                self.new_street, str(self.moved_m), self.reason]


class Refiner:
    def __init__(self, b: bb.Boundaries, rows: list[dict[str, str]], out: Path) -> None:
        self.b = b
        self.rows = rows
        self.changes: list[Change] = []
        self.out = out

    def gazetteer(self, exclude: set[str]) -> Gazetteer:
        known = [
            gazetteer_data.Known(r["external_id"], r["name"], r["address"], float(r["lon"]), float(r["lat"]),
                                 r["district_code"], r["street_code"])
            for r in self.rows if r["location_precision"] == "surveyed" and r["external_id"] not in exclude
        ]
        return Gazetteer(gazetteer_data.build(self.out, known=known, sources=bb.SRC))

    def run(self) -> list[Change]:
        first = self.gazetteer(set())
        demoted = self.demote(first)
        gaz = self.gazetteer(demoted) if demoted else first
        self.replace_text_placements(gaz, skip=demoted)
        self.fix_streets(gaz)
        for row in self.rows:
            if row["external_id"] in REVIEWED:
                row["provenance"] += "; reviewed: " + REVIEWED[row["external_id"]]
        return self.changes

    # --- 1. contradicting surveyed points -------------------------------------------------
    def demote(self, gaz: Gazetteer) -> set[str]:
        demoted = set()
        for row in self.rows:
            labels = row.get("_label_districts")
            if row["location_precision"] != "surveyed" or not labels or not row["address"]:
                continue
            point = Point(float(row["lon"]), float(row["lat"]))
            outside = min(self.b.districts[d].geom.distance(point) for d in labels)
            if outside <= ONE_KM_DEG:
                continue
            placed = self.text_placement(gaz, row, labels, leave_out=row["external_id"], with_name=False)
            if placed is None:
                continue
            far = metres(placed.lon, placed.lat, point.x, point.y)
            if far <= DEMOTE_M:
                continue
            reason = (f"source point {far / 1000:.1f} km from its address ({placed.reason}) and "
                      f"{outside * 111:.1f} km outside its labelled district")
            self.apply(row, placed, "demoted surveyed point", reason)
            row["description"] += NOTE_DEMOTED.format(km=f"{far / 1000:.0f}")
            demoted.add(row["external_id"])
        return demoted

    # --- 2. rows placed from names ---------------------------------------------------------
    def replace_text_placements(self, gaz: Gazetteer, skip: set[str]) -> None:
        for row in self.rows:
            labels = row.get("_label_districts")
            if labels is None or row["location_precision"] == "surveyed" or row["external_id"] in skip:
                continue
            placed = self.text_placement(gaz, row, labels, leave_out="", with_name=True)
            if placed is None:
                continue
            old = row["location_precision"]
            split_name = old == "street" and placed.precision == "old_street_area"
            if not split_name and precision_rank(placed.precision) > precision_rank(old):
                continue
            same_place = metres(placed.lon, placed.lat, float(row["lon"]), float(row["lat"])) < SAME_PLACE_M
            if placed.precision == old and same_place:
                continue  # the same area's point, computed twice
            self.apply(row, placed, "placed by gazetteer", placed.reason)

    def text_placement(self, gaz: Gazetteer, row: dict[str, str], labels: set[str], *, leave_out: str,
                       with_name: bool) -> Placement | None:
        """The best placement of the row's own words that agrees with its source's district label.

        Known sites named inside a name (幼儿园 of 某某小学) do not count: that is not its door.
        """
        text = (row["name"] + " " if with_name else "") + row["address"]
        ladder = gaz.candidates(text, leave_out=leave_out)
        if not isinstance(ladder, list):
            return None
        for placed in ladder:
            if placed.precision == "surveyed":
                continue
            district = placed.district_code or self.district_of(placed.lon, placed.lat)
            if district in labels:
                return placed
        return None

    def district_of(self, lon: float, lat: float) -> str:
        point = Point(lon, lat)
        return next((code for code, d in self.b.districts.items() if d.geom.contains(point)), "")

    def street_of(self, lon: float, lat: float, district: str) -> str:
        point = Point(lon, lat)
        return next((code for code, s in self.b.streets.items()
                     if s.kind == "street" and s.district_code == district and s.geom.contains(point)), "")

    def apply(self, row: dict[str, str], placed: Placement, change: str, reason: str) -> None:
        old_precision, old_street = row["location_precision"], row["street"]
        moved = metres(float(row["lon"]), float(row["lat"]), placed.lon, placed.lat)
        district = placed.district_code or self.district_of(placed.lon, placed.lat)
        street = placed.street_code
        if not street and placed.precision in ("road", "address", "community"):
            street = self.street_of(placed.lon, placed.lat, district)
        if placed.precision in ("district", "old_street_area"):
            street = ""
        row.update(
            lon=f"{placed.lon:.6f}", lat=f"{placed.lat:.6f}", location_precision=placed.precision,
            district_code=district, district=self.b.districts[district].name if district else "",
            street_code=street, street=self.b.streets[street].name if street else "",
            community_code=placed.community_code,
            community=next((c.name for c in self.b.communities if c.code == placed.community_code), ""),
        )
        self.changes.append(Change(row["external_id"], change, old_precision, placed.precision, old_street,
                                   row["street"], round(moved), reason))

    # --- 3, 4. streets ----------------------------------------------------------------------
    def fix_streets(self, gaz: Gazetteer) -> None:
        by_short = {s.name.removesuffix("街道"): code for code, s in self.b.streets.items() if s.kind == "street"}
        for row in self.rows:
            if row["location_precision"] in ("district", "old_street_area") and row["street_code"]:
                self.changes.append(Change(row["external_id"], "street left blank", row["location_precision"],
                                           row["location_precision"], row["street"], "", 0,
                                           "placed only to its district or former street: street not known"))
                row["street_code"] = row["street"] = ""
                continue
            named = named_street(row["address"], by_short, gaz)
            if not named or not row["street_code"] or named == row["street_code"]:
                continue
            point = Point(float(row["lon"]), float(row["lat"]))
            if self.b.streets[named].geom.distance(point) <= ONE_KM_DEG:
                old = row["street"]
                row["street_code"], row["street"] = named, self.b.streets[named].name
                self.changes.append(Change(row["external_id"], "street from address", row["location_precision"],
                                           row["location_precision"], old, row["street"], 0,
                                           "the address names the street; the point lies within 1 km of it"))
            else:  # the point and the address disagree on the street: neither is taken
                self.changes.append(Change(
                    row["external_id"], "street left blank", row["location_precision"], row["location_precision"],
                    row["street"], "", 0,
                    f"the address names {self.b.streets[named].name} but the point lies more than 1 km from it"))
                row["street_code"] = row["street"] = ""


def named_street(address: str, by_short: dict[str, str], gaz: Gazetteer) -> str:
    """The one current street an address names as X街道/X办事处/X镇 (not a former name that split)."""
    found = {code for short, code in by_short.items()
             if short not in gaz.data.old_streets and re.search(re.escape(short) + "(街道|办事处|镇)", address)}
    return found.pop() if len(found) == 1 else ""
