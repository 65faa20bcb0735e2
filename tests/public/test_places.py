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


# Well-known places (resourcemap/geo/known_places.py): from the shipped data, always approximate.
def test_a_railway_station_is_a_place(client, settings):
    settings.GEOCODER = ""
    from resourcemap.geo.gazetteer import gazetteer

    body = place(client, "深圳北站").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("深圳北站", "station", True)
    assert gazetteer().data.district_at(body["lon"], body["lat"]) == "440309"  # 龙华区's shipped outline
    assert place(client, "深圳市龙华区深圳北站").json()["label"] == "深圳北站"


def test_a_metro_station_is_a_place_with_or_without_the_word_metro(client, settings):
    settings.GEOCODER = ""
    for text in ("华强北站", "华强北地铁站", "地铁华强北站", "福田区华强北站"):
        body = place(client, text).json()
        assert (body["label"], body["precision"], body["approximate"]) == ("华强北站", "station", True), text


def test_a_park_is_a_place(client, settings):
    settings.GEOCODER = ""
    from resourcemap.geo.gazetteer import gazetteer

    body = place(client, "莲花山公园").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("莲花山公园", "park", True)
    street = gazetteer().data.street_at(body["lon"], body["lat"])
    assert gazetteer().data.streets[street].name == "莲花街道"  # the park's street, by the shipped outline


def test_a_landmark_is_a_place_not_its_street(client, settings):
    settings.GEOCODER = ""
    body = place(client, "华强北").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("华强北", "landmark", True)
    assert place(client, "深圳湾体育中心").json()["precision"] == "landmark"
    assert place(client, "宝安机场").json()["label"] == "深圳宝安国际机场"


def test_a_place_must_be_the_whole_text_and_in_the_district_named(client, settings):
    settings.GEOCODER = ""
    assert place(client, "福田区华强北路").json()["precision"] not in ("landmark", "station")
    assert place(client, "南山区莲花山公园").json()["precision"] != "park"


def test_a_community_and_an_old_street_name_resolve_with_their_precision(client, settings):
    settings.GEOCODER = ""
    body = place(client, "龙岗区布吉街道罗岗社区").json()
    assert (body["label"], body["precision"], body["approximate"]) == ("罗岗社区", "community", True)
    body = place(client, "宝安区观澜").json()  # split in 2016 into 观澜, 观湖, 福城
    assert (body["label"], body["precision"], body["approximate"]) == ("观澜", "old_street_area", True)


def test_the_geocode_api_names_a_station_too(client, settings):
    settings.GEOCODER = ""
    body = client.get("/api/v1/geocode/", {"q": "深圳北站"}).json()
    assert (body["precision"], body["label"], body["approximate"]) == ("station", "深圳北站", True)
