"""The map's data endpoints: compact GeoJSON with ETag/304, search results, colours, outlines."""

from __future__ import annotations

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_every_public_site_compactly(client, make_site):
    shown = make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413)
    approx = make_site(name="百花社区党群服务中心", location_precision="community")
    make_site(name="已关闭的站点", status="closed")
    response = client.get("/map/sites.geojson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert [f["id"] for f in body["features"]] == [shown.pk, approx.pk]
    first = body["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [114.0512, 22.5413]}
    assert first["properties"] == {"name": "深圳市儿童医院", "category": "childrens_hospital"}
    assert body["features"][1]["properties"]["approx"] == 1


def test_it_answers_304_until_a_site_changes(client, make_site):
    site = make_site(name="福田区机关幼儿园", category="kindergarten")
    first = client.get("/map/sites.geojson")
    etag = first["ETag"]
    assert etag.startswith('"')  # strong: the data version names the bytes (resourcemap/caching.py)
    assert client.get("/map/sites.geojson", HTTP_IF_NONE_MATCH=etag).status_code == 304
    site.name = "福田区机关第一幼儿园"
    site.save()  # updated_at not touched: the ETag follows the content anyway
    changed = client.get("/map/sites.geojson", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["features"][0]["properties"]["name"] == "福田区机关第一幼儿园"


def test_it_gzips_the_geojson(client, make_site):
    for n in range(40):
        make_site(name=f"园岭街道第{n}社区党群服务中心", lon=114.0 + n / 1000)
    response = client.get("/map/sites.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"FeatureCollection" in gzip.decompress(response.content)


def test_it_returns_the_count_and_ranked_list_items_without_ids(client, make_site):
    make_site(name="福田区儿童之家", category="party_mass_centre")
    exact = make_site(name="儿童之家", category="party_mass_centre")
    make_site(name="深圳市妇幼保健院", category="maternal_child_health")
    body = client.get("/map/results.json", {"q": "兒童之家"}).json()
    assert body["count"] == 2 and body["count_capped"] is False
    assert "ids" not in body  # the map's markers come from the data tiles
    assert body["items"][0]["name"] == "儿童之家"
    assert body["items"][0]["url"] == f"/sites/{exact.pk}/"


def test_it_returns_all_when_nothing_is_filtered(client, make_site):
    make_site()
    make_site()
    body = client.get("/map/results.json").json()
    assert body["count"] == 2 and len(body["items"]) == 2


def test_it_applies_each_filter(client, make_site, boundaries):
    from django.utils import timezone

    now = timezone.localtime()
    today = now.weekday()
    open_hours = [{"day": today, "opens": "00:00", "closes": "24:00"}]
    closed_hours = [{"day": (today + 1) % 7, "opens": "09:00", "closes": "10:00"}]
    school = make_site(name="元平特殊教育学校", category="special_school", min_age=6, max_age=18, fee_free=True,
                       opening_hours=open_hours, district=boundaries["futian"])
    kinder = make_site(name="葵涌幼儿园", category="kindergarten", min_age=3, max_age=6, fee_free=False,
                       opening_hours=closed_hours, district=boundaries["longgang"])
    hospital = make_site(name="深圳市儿童医院", category="childrens_hospital", fee_free=None,
                         district=boundaries["futian"])

    def ids(**params: object) -> set[int]:
        response = client.get("/map/results.json", params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["count"] == len(body["items"])  # one page holds them all
        return {item["id"] for item in body["items"]}

    assert ids(category=["special_school", "kindergarten"]) == {school.pk, kinder.pk}
    assert ids(category="hospital") == {hospital.pk}  # sub-categories included
    assert ids(district="440304") == {school.pk, hospital.pk}
    assert ids(age="4") == {kinder.pk, hospital.pk}
    assert ids(free="on") == {school.pk}
    assert ids(open="on") == {school.pk}
    assert ids(q="幼儿园", district="440307") == {kinder.pk}


def test_it_names_the_field_of_a_bad_filter(client):
    response = client.get("/map/results.json", {"age": "abc", "district": "nowhere"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"age", "district"}
    page = client.get("/", {"age": "99"})
    assert page.status_code == 400
    assert "age-error" in page.content.decode()


def test_it_serves_category_colours_as_css(client):
    response = client.get("/map/categories.css")
    assert response["Content-Type"].startswith("text/css")
    assert ".cat-special_school{--cat-color:#ee8866}" in response.content.decode()


def test_it_serves_district_and_street_outlines(client, boundaries):
    districts = client.get("/map/districts.geojson").json()
    assert {f["id"] for f in districts["features"]} == {"440304", "440307", "dapeng"}
    assert districts["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    streets = client.get("/map/streets.geojson").json()
    assert all(f["properties"]["approximate"] for f in streets["features"])
