"""crs=gcj02|bd09 applies to the query point and to the returned geometries."""

from __future__ import annotations

import pytest

from resourcemap.geo.transform import from_wgs84

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_it_round_trips_a_site_through_another_crs(client, make_site, crs):
    site = make_site(lon=114.0571, lat=22.5431)
    make_site(lon=114.0621, lat=22.5431)  # ~510 m east: nearer than the GCJ offset
    lon, lat = from_wgs84(site.lon, site.lat, crs)
    body = client.get("/api/v1/nearest/", {"lat": lat, "lon": lon, "crs": crs, "limit": 1}).json()
    feature = body["features"][0]
    assert feature["id"] == site.pk
    assert feature["properties"]["distance_m"] < 0.5
    returned_lon, returned_lat = feature["geometry"]["coordinates"]
    assert abs(returned_lon - lon) < 1e-6 and abs(returned_lat - lat) < 1e-6
    assert body["coordinate_system"] == crs


def test_it_shifts_geometry_by_hundreds_of_metres_in_gcj02(client, make_site):
    site = make_site(lon=114.0571, lat=22.5431)
    wgs = client.get(f"/api/v1/sites/{site.pk}/").json()["geometry"]["coordinates"]
    gcj = client.get(f"/api/v1/sites/{site.pk}/", {"crs": "gcj02"}).json()["geometry"]["coordinates"]
    assert wgs == [114.0571, 22.5431]
    assert 0.003 < abs(gcj[0] - wgs[0]) < 0.01


def test_it_reads_bbox_and_returns_districts_in_the_crs(client, make_site, boundaries):
    site = make_site(lon=114.0571, lat=22.5431)
    lon, lat = from_wgs84(site.lon, site.lat, "bd09")
    bbox = f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}"
    assert [f["id"] for f in client.get("/api/v1/sites/", {"bbox": bbox, "crs": "bd09"}).json()["features"]] == [
        site.pk]
    assert client.get("/api/v1/sites/", {"bbox": bbox}).json()["features"] == []
    districts = client.get("/api/v1/districts/", {"geometry": "true", "crs": "gcj02"}).json()["features"]
    futian = next(d for d in districts if d["id"] == "440304")
    corner = futian["geometry"]["coordinates"][0][0][0]
    expected = from_wgs84(114.0, 22.5, "gcj02")
    assert abs(corner[0] - expected[0]) < 1e-9 and abs(corner[1] - expected[1]) < 1e-9
