"""Every bad parameter is a 400 naming the parameter, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

POINT = {"lat": "22.55", "lon": "114.05"}

NEAREST_CASES = [
    ({"lon": "114.05"}, "lat"),
    ({"lat": "22.55"}, "lon"),
    ({**POINT, "lat": "abc"}, "lat"),
    ({**POINT, "lat": "NaN"}, "lat"),
    ({**POINT, "lon": "inf"}, "lon"),
    ({**POINT, "lat": "90.5"}, "lat"),
    ({**POINT, "lat": "-91"}, "lat"),
    ({**POINT, "lon": "180.01"}, "lon"),
    ({**POINT, "lon": "-200"}, "lon"),
    ({**POINT, "lat": ""}, "lat"),
    ({**POINT, "limit": "0"}, "limit"),
    ({**POINT, "limit": "51"}, "limit"),
    ({**POINT, "limit": "2.5"}, "limit"),
    ({**POINT, "limit": "many"}, "limit"),
    ({**POINT, "radius_m": "-1"}, "radius_m"),
    ({**POINT, "radius_m": "50001"}, "radius_m"),
    ({**POINT, "radius_m": "far"}, "radius_m"),
    ({**POINT, "category": "no_such_thing"}, "category"),
    ({**POINT, "category": "hospital,bogus"}, "category"),
    ({**POINT, "crs": "epsg3857"}, "crs"),
]


@pytest.mark.parametrize(("params", "bad"), NEAREST_CASES)
def test_it_rejects_bad_nearest_parameters(client, params, bad):
    response = client.get("/api/v1/nearest/", params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [bad]
    assert errors[bad] and all(isinstance(message, str) and message for message in errors[bad])


def test_it_names_every_bad_parameter_at_once(client):
    response = client.get("/api/v1/nearest/", {"lat": "x", "lon": "999", "limit": "0"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"lat", "lon", "limit"}


def test_it_names_the_unknown_category(client):
    response = client.get("/api/v1/nearest/", {**POINT, "category": "hospital,bogus"})
    assert "bogus" in response.json()["errors"]["category"][0]


SITES_CASES = [
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"bbox": "114.2,22.5,114.1,22.6"}, "bbox"),
    ({"bbox": "114.0,22.6,114.1,22.5"}, "bbox"),
    ({"bbox": "114,22,200,23"}, "bbox"),
    ({"bbox": "114,nan,115,23"}, "bbox"),
    ({"category": "bogus"}, "category"),
    ({"district": "999999"}, "district"),
    ({"age": "-1"}, "age"),
    ({"age": "old"}, "age"),
    ({"open_now": "perhaps"}, "open_now"),
    ({"status": "closed"}, "status"),
    ({"status": "whatever"}, "status"),
    ({"page": "0"}, "page"),
    ({"page": "x"}, "page"),
    ({"page_size": "501"}, "page_size"),
    ({"page_size": "0"}, "page_size"),
    ({"all": "maybe"}, "all"),
    ({"q": "x" * 101}, "q"),
    ({"crs": "mercator"}, "crs"),
]


@pytest.mark.parametrize(("params", "bad"), SITES_CASES)
def test_it_rejects_bad_site_list_parameters(client, params, bad):
    response = client.get("/api/v1/sites/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [bad]


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({**POINT}, "needs"),
        ({**POINT, "needs": "bogus"}, "needs"),
        ({**POINT, "needs": ","}, "needs"),
        ({**POINT, "needs": "hospital", "per_need": "0"}, "per_need"),
        ({**POINT, "needs": "hospital", "per_need": "11"}, "per_need"),
        ({**POINT, "needs": "hospital", "age": "200"}, "age"),
        ({"lon": "114", "needs": "hospital"}, "lat"),
    ],
)
def test_it_rejects_bad_referral_plan_parameters(client, params, bad):
    response = client.get("/api/v1/referral-plan/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [bad]


def test_it_rejects_bad_district_and_detail_parameters(client, make_site):
    assert list(client.get("/api/v1/districts/", {"geometry": "sure"}).json()["errors"]) == ["geometry"]
    site = make_site()
    assert list(client.get(f"/api/v1/sites/{site.pk}/", {"crs": "x"}).json()["errors"]) == ["crs"]


def test_it_requires_a_geocode_query(client):
    response = client.get("/api/v1/geocode/")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


def test_it_rejects_a_parameter_given_twice_naming_it(client):
    response = client.get("/api/v1/nearest/?lat=22.55&lat=22.6&lon=114.05")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["lat"]
    assert len(errors["lat"]) == 1 and "lat" in errors["lat"][0]


def test_it_names_a_repeated_parameter_beside_other_bad_ones(client):
    response = client.get("/api/v1/sites/?category=hospital&category=kindergarten&page=0")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"category", "page"}
    assert len(errors["category"]) == 1 and "category" in errors["category"][0]


def test_it_ignores_repeats_of_parameters_it_does_not_read(client):
    response = client.get("/api/v1/sites/?utm_source=a&utm_source=b")
    assert response.status_code == 200


def test_it_ignores_a_format_override_rather_than_answering_404(client):
    # (HSDS's format is one of its parameters, json or ndjson: tests/hsds answer xx with a 400.)
    assert client.get("/api/v1/sites/?format=xx").status_code == 200
