"""GeoJSON answers follow RFC 7946: rings wound by the right-hand rule, application/geo+json."""

from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon

from resourcemap.geo.geojson import signed_area

pytestmark = pytest.mark.django_db

GEOJSON = "application/geo+json"


@pytest.fixture
def holed_district(boundaries):
    """A district whose stored outline is wound the wrong way round: a clockwise exterior
    (Polygon.from_bbox's order) around a counterclockwise hole."""
    from resourcemap.directory.models import District

    exterior = ((114.3, 22.5), (114.3, 22.6), (114.4, 22.6), (114.4, 22.5), (114.3, 22.5))
    hole = ((114.33, 22.53), (114.36, 22.53), (114.36, 22.56), (114.33, 22.56), (114.33, 22.53))
    assert signed_area(exterior) < 0 < signed_area(hole)
    return District.objects.create(code="440308", name="盐田区", boundary=MultiPolygon(Polygon(exterior, hole),
                                                                                     srid=4326))


def assert_rfc7946_rings(geometry: dict) -> None:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        assert signed_area(polygon[0]) > 0, "exterior ring must be counterclockwise"
        assert all(signed_area(hole) < 0 for hole in polygon[1:]), "holes must be clockwise"


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09"])
def test_it_winds_district_rings_as_rfc7946_says_in_every_crs(client, holed_district, crs):
    response = client.get("/api/v1/districts/", {"geometry": "true", "crs": crs})
    assert response["Content-Type"] == GEOJSON
    body = response.json()
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert len(features["440308"]["geometry"]["coordinates"][0]) == 2  # the hole is kept
    for feature in features.values():
        assert_rfc7946_rings(feature["geometry"])
    assert features["440308"]["properties"]["name"] == "盐田区"


def test_it_winds_the_map_outlines_too(client, holed_district):
    response = client.get("/map/districts.geojson")
    assert response["Content-Type"].startswith(GEOJSON)
    for feature in response.json()["features"]:
        assert_rfc7946_rings(feature["geometry"])


def test_it_labels_every_geojson_answer_and_only_those(client, make_site, boundaries):
    site = make_site(name="园岭党群服务中心", lon=114.02, lat=22.52)
    for url, params in [("/api/v1/sites/", {}), (f"/api/v1/sites/{site.pk}/", {}),
                        ("/api/v1/nearest/", {"lat": 22.52, "lon": 114.02}),
                        ("/api/v1/districts/", {"geometry": "true"})]:
        response = client.get(url, params)
        assert (response.status_code, response["Content-Type"]) == (200, GEOJSON), url
        asked_json = client.get(url, params, headers={"accept": "application/json"})
        assert asked_json["Content-Type"] == "application/json", url
    assert client.get("/api/v1/districts/")["Content-Type"] == "application/json"  # a plain list
    for url, params in [("/api/v1/sites/", {"page": "0"}), ("/api/v1/sites/0/", {}), ("/api/v1/nearest/", {})]:
        response = client.get(url, params)
        assert response.status_code in (400, 404) and response["Content-Type"] == "application/json", url
