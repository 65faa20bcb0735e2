"""The offline gazetteer, through its one public entry point `locate()` (no network, no database)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from django.utils import translation

from resourcemap.geo.gazetteer import (
    ERRORS_CSV,
    Placement,
    Refusal,
    gazetteer,
    locate,
    metres,
    typical_error,
    within_text,
)
from resourcemap.geo.gazetteer_data import surveyed_sites

GUANLAN = "440309001000"


@pytest.fixture(autouse=True)
def english():
    """Reasons are asserted in English here; the import tests check them in Chinese."""
    with translation.override("en"):
        yield


def placed(text: str) -> Placement:
    result = locate(text)
    assert isinstance(result, Placement), result
    return result


def test_it_resolves_an_old_street_name_to_the_area_of_its_successors():
    result = placed("深圳市龙华区观澜街道")
    assert result.precision == "old_street_area"
    assert result.street_code == "" and result.district_code == "440309"
    assert all(name in result.reason for name in ("观澜街道", "观湖街道", "福城街道"))
    assert placed("龙岗区布吉镇").precision == "old_street_area"


def test_it_places_a_community_in_the_successor_street_an_old_name_covers():
    # 2018 style: the old street 观澜 and a community of today's 观澜街道.
    result = placed("龙华新区观澜办事处新田社区")
    assert (result.community_code, result.street_code) == ("440309001010", GUANLAN)
    # The same old name with a community now in 布吉街道 (one of 布吉's two successors).
    assert placed("深圳市龙岗区布吉街道罗岗社区").street_code == "440307014000"


def test_a_street_created_by_a_split_resolves_to_itself():
    result = placed("民治街道")
    assert (result.precision, result.street_code) == ("street", "440309002000")


def test_a_community_named_with_juwei_or_village_resolves():
    result = placed("罗岗居委")
    assert (result.precision, result.community_code) == ("community", "440307014015")
    assert placed("横岗镇荷坳村").community_code == "440307020006"


def test_a_variant_character_or_traditional_text_resolves_the_same():
    assert placed("光明新区公明办事处李松蓈社区").community_code == "440311002003"  # 蓈 for 蓢
    assert placed("李松蓢社区").community_code == "440311002003"
    assert placed("觀瀾街道").precision == "old_street_area"


def test_a_road_name_gives_a_road_level_point_near_the_sites_on_it():
    result = placed("深圳市南山区月亮湾大道")
    assert result.precision == "road" and result.district_code == "440305"
    on_road = [s for s in surveyed_sites() if "月亮湾大道" in s.address]
    assert on_road and min(metres(result.lon, result.lat, s.lon, s.lat) for s in on_road) < 3000


def test_a_road_name_used_in_two_places_follows_the_named_street():
    shiyan, guanlan = placed("深圳市宝安区石岩街道育才路"), placed("观澜街道育才路")
    assert shiyan.precision == "road" and guanlan.precision in ("road", "address")
    assert metres(shiyan.lon, shiyan.lat, guanlan.lon, guanlan.lat) > 5000


def test_a_landmark_name_resolves_to_the_site():
    result = placed("元平特殊教育学校")
    assert result.precision == "surveyed" and result.matched == "深圳元平特殊教育学校"
    site = next(s for s in surveyed_sites() if s.name == "深圳元平特殊教育学校")
    assert (result.lon, result.lat) == (site.lon, site.lat)


def test_a_landmark_in_another_district_than_the_one_named_is_not_used():
    # 碧海小学 is a school in 宝安 (西乡); 福田区碧海小学 must not be put there.
    result = placed("福田区碧海小学")
    assert result.precision == "district" and result.district_code == "440304"


@pytest.mark.parametrize("text, reason", [
    ("", "no address"),
    ("今天天气很好", "no district, street, community, road or known site"),
    ("abc 123", "no district, street, community, road or known site"),
    ("北京市朝阳区建国路1号", "北京市, outside the city"),
    ("广州市天河区体育西路", "广州市, outside the city"),
])
def test_it_refuses_nonsense_and_places_outside_the_city_with_a_reason(text, reason):
    result = locate(text)
    assert isinstance(result, Refusal)
    assert reason in result.reason


def test_the_error_table_is_what_the_leave_one_out_measurement_gives():
    """data/gazetteer_errors.csv must match a fresh run of bench/bench_geocode.py's measurement."""
    # The bench scripts import their siblings as top-level modules (`from harness import ...`),
    # as they do when run as scripts: bench/ must be on the path whichever test ran first.
    bench_dir = str(Path(__file__).resolve().parents[2] / "bench")
    if bench_dir not in sys.path:
        sys.path.insert(0, bench_dir)
    from bench.bench_geocode import leave_one_out, table_rows

    per_level, _answered = leave_one_out(gazetteer(), [s for s in surveyed_sites() if s.address])
    with ERRORS_CSV.open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == table_rows(per_level), (
            "data/gazetteer_errors.csv is out of date: run .venv/bin/python bench/bench_geocode.py --write")
    median, p90 = typical_error("road")
    assert median < 1000 < p90
    assert within_text("road").startswith("within about ") and within_text("surveyed") == ""
