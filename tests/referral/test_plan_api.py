"""GET /api/v1/referral-plan/: for each need, the nearest suitable open services."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def names(need: dict) -> list[str]:
    return [feature["properties"]["name"] for feature in need["services"]]


def test_it_plans_the_nearest_active_services_per_need(client, referral_sites):
    body = client.get("/api/v1/referral-plan/", {"lat": 22.55, "lon": 114.05,
                                                 "needs": "hospital,party_mass_centre"}).json()
    hospital, centre = body["needs"]
    assert hospital["category"] == "hospital"
    assert names(hospital) == ["近医院", "中医院", "远医院"]  # 3 by default; closed and paused left out
    assert names(centre) == ["园岭党群服务中心"]
    distances = [f["properties"]["distance_m"] for f in hospital["services"]]
    assert distances == sorted(distances) and 100 < distances[0] < 110
    first = hospital["services"][0]["properties"]
    assert first["phones"] == ["0755-1"] and first["address"] == "福田区一路1号"
    assert first["eligibility"] == "所有儿童" and first["hours"] == "24/7" and first["open_now"] is True
    assert hospital["services"][2]["properties"]["approximate"] is True


def test_it_respects_per_need_and_age(client, referral_sites):
    body = client.get("/api/v1/referral-plan/", {"lat": 22.55, "lon": 114.05, "needs": "hospital",
                                                 "per_need": 4, "age": 16}).json()
    assert names(body["needs"][0]) == ["近医院", "远医院", "更远医院"]  # the children's hospital takes 0-14


def test_it_keeps_needs_with_no_service(client, referral_sites):
    body = client.get("/api/v1/referral-plan/", {"lat": 22.55, "lon": 114.05, "needs": "relief_station"}).json()
    assert body["needs"] == [
        {"category": "relief_station", "category_name": "救助管理站", "services": [], "serves_your_area": []}
    ]


def test_it_never_offers_a_site_placed_only_at_its_district_point(client, referral_sites):
    body = client.get("/api/v1/referral-plan/", {"lat": 22.55, "lon": 114.05, "needs": "hospital", "per_need": 10}).json()
    assert names(body["needs"][0]) == ["近医院", "中医院", "远医院", "更远医院"]  # not 区级医院, beside the child
