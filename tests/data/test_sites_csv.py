"""Checks on data/sites.csv and the boundary files (plain pytest, no database)."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
SITES = DATA / "sites.csv"

HEADER = (
    "external_id,name,alternate_name,category,organization,description,address,district_code,district,"
    "street_code,street,community_code,community,lon,lat,location_precision,phone,website,hours,hours_note,"
    "min_age,max_age,eligibility,languages,accessibility,fee_free,fees,status,assured_date,provenance"
).split(",")
CATEGORIES = {
    "party_mass_centre",
    "minor_protection",
    "child_welfare",
    "relief_station",
    "special_school",
    "kindergarten",
    "primary_school",
    "secondary_school",
    "hospital",
    "maternal_child_health",
    "childrens_hospital",
    "welfare_centre",
    # extra codes documented in data/README.md
    "specialized_school",
    "youth_women_centre",
    "disability_rehab",
}
ORGANIZATIONS = {
    "civil_affairs",
    "education",
    "health",
    "procuratorate",
    "youth_league",
    "womens_federation",
    "disabled_federation",
    "public_security",
    "party_mass",
}
PRECISIONS = {"surveyed", "address", "road", "community", "street", "old_street_area", "district"}
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
HOURS = re.compile(r"^(24/7|[A-Z][a-z](-[A-Z][a-z])? \d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*(; .+)*)$")


@pytest.fixture(scope="module")
def header_and_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SITES.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = [dict(zip(header, r, strict=True)) for r in reader]
    return header, rows


@pytest.fixture(scope="module")
def rows(header_and_rows: tuple[list[str], list[dict[str, str]]]) -> list[dict[str, str]]:
    return header_and_rows[1]


def _features(name: str) -> list[dict]:
    return json.loads((DATA / "boundaries" / name).read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def streets() -> dict[str, dict]:
    return {f["properties"]["code"]: f["properties"] for f in _features("streets.geojson")}


@pytest.fixture(scope="module")
def districts() -> dict[str, dict]:
    return {f["properties"]["code"]: f["properties"] for f in _features("districts.geojson")}


def test_header_is_the_contract(header_and_rows: tuple[list[str], list[dict[str, str]]]) -> None:
    assert header_and_rows[0] == HEADER


def test_enough_rows_unique_ids_sorted(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 1500
    ids = [r["external_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert ids == sorted(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_codes_and_vocabularies(rows: list[dict[str, str]]) -> None:
    for r in rows:
        assert r["category"] in CATEGORIES, r["external_id"]
        assert r["organization"] in ORGANIZATIONS, r["external_id"]
        assert r["location_precision"] in PRECISIONS, r["external_id"]
        assert r["status"] == "active"
        assert r["name"].strip()
        assert date.fromisoformat(r["assured_date"])
        assert r["provenance"]
        assert r["fee_free"] in ("", "true", "false")
        assert r["hours"] == "" or HOURS.match(r["hours"]), r["hours"]
        for col in ("min_age", "max_age"):
            assert r[col] == "" or 0 <= float(r[col]) <= 18


def test_district_and_street_codes_match_boundaries(
    rows: list[dict[str, str]], streets: dict[str, dict], districts: dict[str, dict]
) -> None:
    statutory = {c for c, p in districts.items() if p["kind"] == "statutory"}
    assert len(statutory) == 9
    with (DATA / "site_changes.csv").open(encoding="utf-8", newline="") as fh:
        blanked = {c["external_id"] for c in csv.DictReader(fh) if c["change"] == "street left blank"}
    for r in rows:
        assert r["district_code"] in statutory, r["external_id"]
        if not r["street_code"]:  # street not known: said by the precision or by the change log
            assert r["street"] == "" and r["community_code"] == ""
            assert r["location_precision"] in ("district", "old_street_area", "road") or r["external_id"] in blanked
            continue
        assert re.fullmatch(r"\d{12}", r["street_code"]), r["external_id"]
        assert r["street_code"] in streets, r["external_id"]
        assert streets[r["street_code"]]["district_code"] == r["district_code"], r["external_id"]
        assert r["street"] == streets[r["street_code"]]["name"]
        assert r["district"] == districts[r["district_code"]]["name"]
        if r["community_code"]:
            assert re.fullmatch(r"\d{12}", r["community_code"])
            assert r["community_code"][:9] == r["street_code"][:9], r["external_id"]


def test_community_codes_exist(rows: list[dict[str, str]]) -> None:
    with (DATA / "boundaries/communities.csv").open(encoding="utf-8", newline="") as fh:
        communities = {c["code"]: c for c in csv.DictReader(fh)}
    for r in rows:
        if r["community_code"]:
            c = communities[r["community_code"]]
            assert c["street_code"] == r["street_code"]
            if r["location_precision"] == "community":
                assert (c["lon"], c["lat"]) == (r["lon"], r["lat"])


def test_points_inside_shenzhen_bbox(rows: list[dict[str, str]]) -> None:
    for r in rows:
        assert re.fullmatch(r"\d+\.\d{6}", r["lon"]) and re.fullmatch(r"\d+\.\d{6}", r["lat"])
        assert 113.70 < float(r["lon"]) < 114.65, r["external_id"]
        assert 22.38 < float(r["lat"]) < 22.90, r["external_id"]


def test_party_mass_centres_never_surveyed(rows: list[dict[str, str]]) -> None:
    pmc = [r for r in rows if r["category"] == "party_mass_centre"]
    assert len(pmc) > 800
    assert all(r["location_precision"] in ("community", "street", "district") for r in pmc)
    for r in pmc:
        level = r["external_id"].split("-")[1]
        expected = {"community": ("community", "street"), "street": ("street",), "district": ("district",)}
        assert r["location_precision"] in expected[level], r["external_id"]
    minor = [r for r in rows if r["category"] == "minor_protection"]
    assert all(r["location_precision"] == "district" for r in minor)


def test_no_personal_data(header_and_rows: tuple[list[str], list[dict[str, str]]]) -> None:
    header, rows = header_and_rows
    for col in header:
        assert not re.search(r"contact|person|principal|email|mail|负责人|联系人|校长", col)
    for r in rows:
        for col, value in r.items():
            assert not MOBILE.search(value), (r["external_id"], col)
            assert "@" not in value, (r["external_id"], col)
        for phone in filter(None, r["phone"].split(";")):
            assert re.fullmatch(r"0755-\d{8}|[48]00-\d{3}-\d{4}", phone), phone


def test_rebuild_is_byte_identical_and_tests_the_undeclared_crs(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, str(DATA / "build_sites.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
        cwd=ROOT,
        text=True,
    )
    # The schools' and hospitals' CRS is not stated: the build counts how many points fall in
    # their labelled district as BD-09, GCJ-02 and WGS-84, and converts with the best one.
    figures = dict(re.findall(r"CRS test (\w+)\.csv: (.*) -> bd09", build.stdout))
    assert set(figures) == {"schools_2018", "hospitals_2018"}, build.stdout
    schools = {crs: int(n) for crs, n in re.findall(r"(bd09|gcj02|wgs84) (\d+)/", figures["schools_2018"])}
    assert schools["bd09"] > schools["gcj02"] > schools["wgs84"]
    for rel in (
        "sites.csv",
        "boundaries/districts.geojson",
        "boundaries/streets.geojson",
        "boundaries/communities.csv",
        "site_changes.csv",
        "site_categories.csv",
    ):
        assert (tmp_path / rel).read_bytes() == (DATA / rel).read_bytes(), rel
