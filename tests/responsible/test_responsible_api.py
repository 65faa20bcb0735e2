"""/api/v1/responsible/ on the shipped data: the district centre is always the one whose
district holds the point, gaps are named, bad input is a 400 and nothing is logged or stored."""

from __future__ import annotations

import logging

import pytest
from django.contrib.gis.geos import Point

from resourcemap.directory.models import District, ServicePoint
from tests.responsible.conftest import points_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped")]
URL = "/api/v1/responsible/"


def unit(body: dict, role: str) -> dict:
    return next(u for u in body["units"] if u["role"] == role)


def district_holding(lon: float, lat: float) -> District:
    return District.objects.get(kind="statutory", boundary__contains=Point(lon, lat, srid=4326))


def test_it_names_the_centre_of_the_district_holding_points_all_over_every_district(client):
    checked = 0
    for district in District.objects.filter(kind="statutory"):
        inner = points_in(f"SELECT boundary FROM directory_district WHERE code = '{district.code}'", 6, 1)
        # Within ~300 m inside the outline: the points nearest the neighbouring districts.
        rim = points_in(
            f"SELECT ST_Difference(boundary, ST_Buffer(boundary, -0.003)) FROM directory_district "
            f"WHERE code = '{district.code}'", 6, 2,
        )
        for lon, lat in inner + rim:
            body = client.get(URL, {"lat": lat, "lon": lon}).json()
            holder = district_holding(lon, lat)
            assert body["area"]["district"] == {"code": holder.code, "name": holder.name, "confidence": "inside",
                                                "note": ""}
            centre = unit(body, "district_centre")["site"]
            expected = ServicePoint.objects.get(category__code="minor_protection", district=holder)
            assert centre["id"] == expected.pk, (lon, lat)
            assert centre["precision"] == "district" and centre["approximate"] is True
            checked += 1
    assert checked == 9 * 12


def test_it_gives_dapeng_points_longgangs_centre_and_says_dapeng_is_a_functional_area(client):
    for lon, lat in points_in("SELECT boundary FROM directory_district WHERE code = 'dapeng'", 8, 3):
        body = client.get(URL, {"lat": lat, "lon": lon}).json()
        if district_holding(lon, lat).code != "440307":
            continue  # Dapeng's traced edge and Longgang's published one differ by a few metres
        assert body["area"]["functional_area"]["code"] == "dapeng"
        assert unit(body, "district_centre")["site"]["name"] == "龙岗区未成年人保护中心"


def test_it_names_missing_units_instead_of_skipping_them(client):
    # 莲花街道 (福田): no minor-protection workstation is recorded for any street.
    body = client.get(URL, {"lat": 22.5560, "lon": 114.0500}).json()
    assert body["area"]["street"]["code"]
    workstation = unit(body, "street_workstation")
    assert workstation["site"] is None
    assert workstation["note"] == "未记录本街道的未成年人保护工作站。"  # the API answers in the default language
    assert unit(body, "city_centre")["site"] is None and unit(body, "city_centre")["note"]
    assert [u["role"] for u in body["units"]] == [
        "city_centre", "district_centre", "street_workstation", "street_centre", "community_centre",
        "district_civil_affairs", "hotline", "police",
    ]
    assert unit(body, "hotline")["phone"] == "12345,6" and unit(body, "police")["phone"] == "110"
    assert {"law": "未成年人保护法", "article": 81} in [
        {k: b[k] for k in ("law", "article")} for b in unit(body, "street_workstation")["legal_basis"]
    ]


def test_it_cannot_tell_the_community_from_a_point_but_can_from_an_address_naming_it(client):
    by_point = client.get(URL, {"lat": 22.5560, "lon": 114.0500}).json()
    assert by_point["area"]["community"]["confidence"] == "not_determinable"
    assert unit(by_point, "community_centre")["site"] is None
    by_address = client.get(URL, {"address": "深圳市福田区莲花街道彩田社区"}).json()
    assert by_address["area"]["community"]["confidence"] == "named"
    assert by_address["area"]["community"]["name"] == "彩田社区"
    assert unit(by_address, "community_centre")["site"]["name"] == "彩田社区党群服务中心"


def test_it_says_a_point_near_a_traced_street_border_is_only_probably_in_that_street(client):
    (lon, lat), = points_in(
        "SELECT ST_Difference(boundary, ST_Buffer(boundary, -0.001)) FROM directory_street "
        "WHERE code = '440304009000'", 1, 4,
    )
    street = client.get(URL, {"lat": lat, "lon": lon}).json()["area"]["street"]
    assert street["confidence"] == "probably" and "人工描绘的街道边界" in street["note"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"lat": 39.9, "lon": 116.4}, "lat"),  # Beijing
        ({"lat": "x", "lon": 114.05}, "lat"),
        ({"lat": 22.55}, "lon"),
        ({}, "lat"),
        ({"address": "这个地址不存在于任何地方"}, "address"),
        ({"address": "福田" * 150}, "address"),
        ({"lat": 22.55, "lon": 114.05, "crs": "mars"}, "crs"),
    ],
)
def test_it_refuses_bad_input_with_400_errors_and_logs_and_stores_nothing(client, caplog, params, field):
    before = ServicePoint.objects.count()
    with caplog.at_level(logging.DEBUG):
        response = client.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert "no-store" in response["Cache-Control"]
    for value in params.values():
        assert all(str(value) not in record.getMessage() for record in caplog.records)
    assert ServicePoint.objects.count() == before


def test_it_answers_no_store_and_logs_no_location(client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get(URL, {"lat": "22.543210", "lon": "114.057890"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert not [r for r in caplog.records if "22.54321" in r.getMessage() or "114.05789" in r.getMessage()]
