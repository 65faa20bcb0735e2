"""GET /api/v1/nearest/: exact geodesic order against brute force, filters, limits."""

from __future__ import annotations

import random

import pytest
from geopy.distance import geodesic

pytestmark = pytest.mark.django_db

CATEGORIES = ["party_mass_centre", "hospital", "kindergarten", "childrens_hospital"]


@pytest.fixture
def scattered_sites(make_site):
    rng = random.Random(5)
    sites = []
    for _ in range(120):
        sites.append(
            make_site(
                lon=rng.uniform(113.8, 114.6), lat=rng.uniform(22.45, 22.85), category=rng.choice(CATEGORIES),
            )
        )
    sites.append(make_site(lon=114.0, lat=22.6, status="closed"))
    return sites


def test_it_orders_by_exact_geodesic_distance_like_brute_force(client, scattered_sites):
    rng = random.Random(11)
    public = [s for s in scattered_sites if s.status != "closed"]
    for _ in range(25):
        lat, lon = rng.uniform(22.4, 22.9), rng.uniform(113.7, 114.7)
        body = client.get("/api/v1/nearest/", {"lat": lat, "lon": lon, "limit": 10}).json()
        expected = sorted(public, key=lambda s: (geodesic((lat, lon), (s.lat, s.lon)).m, s.pk))[:10]
        assert [f["id"] for f in body["features"]] == [s.pk for s in expected]
        for feature, site in zip(body["features"], expected, strict=True):
            assert abs(feature["properties"]["distance_m"] - geodesic((lat, lon), (site.lat, site.lon)).m) < 1.0
        distances = [f["properties"]["distance_m"] for f in body["features"]]
        assert distances == sorted(distances)


def test_it_filters_by_category_including_subcategories(client, scattered_sites):
    body = client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1, "category": "hospital", "limit": 50}).json()
    codes = {f["properties"]["category"] for f in body["features"]}
    assert codes <= {"hospital", "childrens_hospital"}
    assert "childrens_hospital" in codes


def test_it_keeps_within_the_radius(client, scattered_sites):
    body = client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1, "radius_m": 8000, "limit": 50}).json()
    inside = [
        s for s in scattered_sites if s.status != "closed" and geodesic((22.6, 114.1), (s.lat, s.lon)).m <= 8000
    ]
    assert sorted(f["id"] for f in body["features"]) == sorted(s.pk for s in inside)
    assert all(f["properties"]["distance_m"] <= 8000.5 for f in body["features"])


def test_it_never_returns_closed_sites(client, scattered_sites):
    closed = scattered_sites[-1]
    body = client.get("/api/v1/nearest/", {"lat": closed.lat, "lon": closed.lon, "limit": 3}).json()
    assert closed.pk not in [f["id"] for f in body["features"]]


def test_it_returns_the_contract_properties(client, make_site):
    site = make_site(lon=114.05, lat=22.55, phones=["0755-1234"], address="福田区某路1号",
                     location_precision="street")
    body = client.get("/api/v1/nearest/", {"lat": 22.55, "lon": 114.05}).json()
    assert body["type"] == "FeatureCollection"
    properties = body["features"][0]["properties"]
    assert properties["id"] == site.pk
    assert properties["name"] == site.name
    assert properties["category"] == "party_mass_centre"
    assert properties["category_name"] == "党群服务中心"
    assert properties["color"] == "#44aa99"
    assert properties["address"] == "福田区某路1号"
    assert properties["phones"] == ["0755-1234"]
    assert properties["location_precision"] == "street"
    assert properties["approximate"] is True
    assert properties["distance_m"] == 0
    assert properties["url"] == f"/sites/{site.pk}/"
    assert body["features"][0]["geometry"] == {"type": "Point", "coordinates": [114.05, 22.55]}


def test_it_defaults_to_five_and_caps_at_fifty(client, scattered_sites):
    assert len(client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1}).json()["features"]) == 5
    assert len(client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1, "limit": 50}).json()["features"]) == 50
    assert client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1, "limit": 51}).status_code == 400


def test_it_is_gzip_compressed(client, scattered_sites):
    response = client.get("/api/v1/nearest/", {"lat": 22.6, "lon": 114.1, "limit": 50},
                          headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_it_leaves_out_sites_placed_only_at_their_district_point(client, make_site):
    make_site(name="区级占位", lon=114.0501, lat=22.5501, location_precision="district")
    street_level = make_site(name="街道级", lon=114.06, lat=22.55, location_precision="street")
    body = client.get("/api/v1/nearest/", {"lat": 22.55, "lon": 114.05}).json()
    assert [f["properties"]["name"] for f in body["features"]] == [street_level.name]
    assert body["features"][0]["properties"]["approximate"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nearest/?lat=22.55&lon=114.05",
        "/api/v1/referral-plan/?lat=22.55&lon=114.05&needs=hospital",
        "/api/v1/geocode/?q=福田区",
        "/map/results.json?q=福田区景田路",
    ],
)
def test_it_tells_browsers_not_to_keep_answers_about_a_childs_location(client, boundaries, url):
    response = client.get(url)
    assert "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")
