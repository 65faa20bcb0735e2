"""The map's typed-place lookup (/map/place.json): the directory's own sites first, with their
precision, then the named areas (approximate); a failure says so."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def place(client, text: str):
    return client.get("/map/place.json", {"q": text})


def test_a_site_of_the_directory_is_a_place(client, make_site):
    make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413)
    body = place(client, "深圳市儿童医院").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("深圳市儿童医院", "site", False)
    assert abs(body["lon"] - 114.0512) < 1e-6 and abs(body["lat"] - 22.5413) < 1e-6
    assert place(client, "深圳市儿童").json()["label"] == "深圳市儿童医院"  # the start of a name


def test_a_site_placed_at_its_community_centre_says_it_is_approximate(client, make_site):
    make_site(name="百花社区党群服务中心", location_precision="community", lon=114.09, lat=22.55)
    body = place(client, "百花社区党群服务中心").json()
    assert body["precision"] == "site" and body["approximate"] is True


def test_a_street_or_district_name_falls_back_to_its_area(client, make_site, boundaries, settings):
    settings.GEOCODER = ""
    make_site(name="深圳市儿童医院", category="childrens_hospital")
    body = place(client, "福田区园岭街道").json()
    assert body["precision"] == "street" and body["approximate"] is True and "园岭街道" in body["label"]
    assert place(client, "龙岗区").json()["precision"] == "district"


def test_short_text_does_not_pick_a_site_by_accident(client, make_site, boundaries, settings):
    settings.GEOCODER = ""
    make_site(name="福田区第一儿童之家")
    assert place(client, "福田区").json()["precision"] == "district"  # the district, not the site


def test_nothing_found_is_a_404_and_nothing_typed_is_a_400(client, settings):
    settings.GEOCODER = ""
    response = place(client, "火星某路")
    assert response.status_code == 404 and "q" in response.json()["errors"]
    assert place(client, "").status_code == 400
    assert place(client, "x" * 101).status_code == 400
    assert "no-store" in place(client, "火星").headers["Cache-Control"]


def test_a_road_resolves_through_the_offline_gazetteer(client, settings):
    # The gazetteer (resourcemap/geo/gazetteer.py, #11) answers after the directory's own names.
    settings.GEOCODER = ""
    body = place(client, "福田区福华路").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("福华路", "road", True)
