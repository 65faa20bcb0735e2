"""Near me and referral plans on the shipped data: the sites serving the point's area come as
their own group, so a minor-protection need always finds the responsible district centre."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.gis.geos import Point

from resourcemap.directory.models import District, ServicePoint
from tests.responsible.conftest import points_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]
CITY = "SELECT ST_Union(boundary) FROM directory_district WHERE kind = 'statutory'"


def centre_for(lon: float, lat: float) -> ServicePoint:
    district = District.objects.get(kind="statutory", boundary__contains=Point(lon, lat, srid=4326))
    return ServicePoint.objects.get(category__code="minor_protection", district=district)


def test_a_minor_protection_need_lists_the_responsible_centre_at_20_random_points(client):
    points = points_in(CITY, 20, 12)
    assert len(points) == 20
    for lon, lat in points:
        body = client.get("/api/v1/referral-plan/", {"lat": lat, "lon": lon, "needs": "minor_protection"}).json()
        (need,) = body["needs"]
        serving = [f["properties"]["name"] for f in need["serves_your_area"]]
        assert serving == [centre_for(lon, lat).name], (lon, lat)
        # District-precision centres are never in the distance-ranked list.
        assert need["services"] == []


def test_the_referral_page_and_csv_show_the_centre_as_serving_the_district_not_at_a_distance(client):
    lon, lat = points_in(CITY, 1, 5)[0]
    centre = centre_for(lon, lat)
    page = client.get("/en/referral/", {"lat": lat, "lon": lon, "needs": "minor_protection"})
    html = page.content.decode()
    assert page.status_code == 200 and centre.name in html
    assert "serves your district" in html and "No suitable open service found" not in html
    assert 'id="here-link"' in html
    rows = list(csv.reader(io.StringIO(
        client.get("/en/referral/plan.csv", {"lat": lat, "lon": lon, "needs": "minor_protection"}).content.decode()
        .lstrip("\ufeff")
    )))
    assert rows[1][2] == centre.name and rows[1][4] == "serves your district"


def test_near_me_answers_two_groups_and_never_passes_an_approximate_distance_for_exact(client):
    lon, lat = 114.0500, 22.5560  # 莲花街道, 福田区
    body = client.get("/api/v1/nearest/", {"lat": lat, "lon": lon, "limit": 50}).json()
    serving = body["serves_your_area"]
    names = [f["properties"]["name"] for f in serving]
    assert "福田区未成年人保护中心" in names and "莲花街道党群服务中心" in names
    assert all(f["properties"]["service_area"] in {"city", "district", "street", "community"} for f in serving)
    assert all("distance_m" not in f["properties"] for f in serving)
    nearest = body["features"]
    assert nearest and all(f["properties"]["location_precision"] != "district" for f in nearest)
    for feature in nearest:
        properties = feature["properties"]
        assert properties["distance_exact"] is (not properties["approximate"])
    assert any(not f["properties"]["distance_exact"] for f in nearest)  # the case is exercised
    assert any(f["properties"]["distance_exact"] for f in nearest)


def test_the_site_list_carries_each_sites_service_area(client):
    body = client.get("/api/v1/sites/", {"category": "minor_protection", "all": "true"}).json()
    assert {f["properties"]["service_area"] for f in body["features"]} == {"district"}
    detail = client.get(f"/api/v1/sites/{ServicePoint.objects.filter(category__code='kindergarten').first().pk}/")
    assert detail.json()["properties"]["service_area"] is None


def test_a_referral_by_need_plans_with_the_needs_categories(client):
    lon, lat = 114.0500, 22.5560
    body = client.get("/api/v1/referral-plan/", {"lat": lat, "lon": lon, "need": "child_abuse,autism"}).json()
    abuse, autism = body["needs"]
    assert abuse["need"] == "child_abuse" and abuse["category"] is None
    assert "福田区未成年人保护中心" in [f["properties"]["name"] for f in abuse["serves_your_area"]]
    assert {f["properties"]["category"] for f in autism["services"]} <= {"special_school", "childrens_hospital"}
    assert autism["services"]
    page = client.get("/en/referral/", {"lat": lat, "lon": lon, "need": "autism"})
    assert page.status_code == 200 and "Autism" in page.content.decode()
    bad = client.get("/api/v1/referral-plan/", {"lat": lat, "lon": lon, "need": "astrology"})
    assert bad.status_code == 400 and "astrology" in bad.json()["errors"]["need"][0]
