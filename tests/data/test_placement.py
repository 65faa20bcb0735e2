"""Placement honesty of the shipped data/sites.csv (issue #11): surveyed points agree with the
district their source names, streets agree with the street an address names, changes are logged."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.contrib.gis.geos import GEOSGeometry, Point

from resourcemap.geo.gazetteer import gazetteer

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCES = DATA / "sources" / "poi"
ONE_KM_DEG = 0.009
# Pre-2017 districts: a 2018 label 宝安区 covers today's 宝安, 龙华 and 光明; 龙岗区 also 坪山.
OLD_DISTRICT = {"440309": "440306", "440311": "440306", "440310": "440307"}
HOSPITAL_AREAS = {"龙华新区": "440309", "光明新区": "440311", "平山区": "440310"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read(DATA / "sites.csv")


@pytest.fixture(scope="module")
def districts() -> dict[str, GEOSGeometry]:
    collection = json.loads((DATA / "boundaries" / "districts.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: GEOSGeometry(json.dumps(f["geometry"])) for f in collection["features"]
            if f["properties"]["kind"] == "statutory"}


@cache
def source_records(name: str, key: str) -> dict[str, dict[str, str]]:
    return {r[key]: r for r in read(SOURCES / name)}


def source_label(row: dict[str, str], names: dict[str, str]) -> str | None:
    """The district the row's source record names (pre-2017 layout), or None if it names none."""
    record = row["provenance"].split(";")[0]
    if record.startswith("schools_2018.csv#id="):
        return source_records("schools_2018.csv", "id")[record.split("=")[1]]["school_address_region_code"][:6]
    if record.startswith("hospitals_2018.csv#RECID="):
        return names.get(source_records("hospitals_2018.csv", "RECID")[record.split("=")[1]]["AREA"])
    return None


def test_no_surveyed_point_lies_over_1_km_outside_the_district_its_source_names(rows, districts):
    names = {"罗湖区": "440303", "福田区": "440304", "南山区": "440305", "宝安区": "440306", "龙岗区": "440307",
             "盐田区": "440308", "龙华区": "440309", "坪山区": "440310", "光明区": "440311", **HOSPITAL_AREAS}
    checked, outside = 0, []
    for row in rows:
        if row["location_precision"] != "surveyed":
            continue
        label = source_label(row, names)
        if label is None:
            continue
        checked += 1
        allowed = [g for code, g in districts.items() if OLD_DISTRICT.get(code, code) == OLD_DISTRICT.get(label, label)]
        point = Point(float(row["lon"]), float(row["lat"]))
        if min(g.distance(point) for g in allowed) > ONE_KM_DEG and "reviewed:" not in row["provenance"]:
            outside.append((row["external_id"], row["name"]))
    assert checked > 800
    assert outside == []


def test_the_six_wrong_points_the_audit_found_are_demoted_with_a_note(rows):
    by_id = {r["external_id"]: r for r in rows}
    for external_id in ("school-2018-128", "school-2018-90", "school-2018-123", "school-2018-1511",
                        "school-2018-2004", "school-2018-1758"):
        row = by_id[external_id]
        assert row["location_precision"] != "surveyed" and "已改用地址推算的位置" in row["description"], external_id
    assert by_id["school-2018-128"]["district"] == "龙岗区"  # 坪地街道蓝天幼儿园, was put in 福田


def test_no_row_s_street_contradicts_the_street_its_address_names(rows):
    old_names = gazetteer().data.old_streets
    with (DATA / "boundaries" / "streets.geojson").open(encoding="utf-8") as handle:
        streets = {f["properties"]["name"].removesuffix("街道"): f["properties"]["code"]
                   for f in json.load(handle)["features"] if f["properties"]["kind"] == "street"}
    contradictions, named = [], 0
    for row in rows:
        found = {code for short, code in streets.items() if short not in old_names
                 and re.search(re.escape(short) + "(街道|办事处|镇)", row["address"])}
        if len(found) != 1:
            continue
        named += 1
        if row["street_code"] and row["street_code"] != found.pop():
            contradictions.append((row["external_id"], row["address"], row["street"]))
    assert named > 250
    assert contradictions == []


def test_a_street_is_given_only_where_it_is_known(rows):
    for row in rows:
        if row["location_precision"] in ("district", "old_street_area"):
            assert row["street_code"] == "" and row["street"] == "", row["external_id"]


def test_every_change_of_the_gazetteer_pass_is_logged_by_row(rows):
    ids = {r["external_id"] for r in rows}
    changes = read(DATA / "site_changes.csv")
    assert changes and all(c["external_id"] in ids and c["reason"] for c in changes)
    kinds = {c["change"] for c in changes}
    assert {"demoted surveyed point", "placed by gazetteer", "street left blank"} <= kinds
    by_id = {r["external_id"]: r for r in rows}
    for change in changes:
        if change["change"] in ("demoted surveyed point", "placed by gazetteer"):
            assert by_id[change["external_id"]]["location_precision"] == change["new_precision"]


def test_the_disabled_persons_federation_site_from_the_shelter_list_is_included(rows):
    site = next(r for r in rows if r["external_id"] == "shelter-2018-369")
    assert (site["name"], site["organization"], site["category"]) == (
        "龙城街道残疾人职康中心", "disabled_federation", "disability_rehab")
    assert site["district"] == "龙岗区"


def test_schools_are_placed_no_worse_than_their_district(rows):
    precisions = {r["location_precision"] for r in rows if r["external_id"].startswith("school-2018-")}
    assert {"road", "community", "old_street_area"} <= precisions
