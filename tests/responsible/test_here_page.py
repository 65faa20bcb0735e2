"""/here/ through the front door: GET (a referral plan's link), POST (the map's button, keeping
the position out of the URL), bad input as a 400 page naming the field; and the admin's field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(make_site, boundaries):
    return make_site(name="福田区未成年人保护中心", category="minor_protection", location_precision="district",
                     service_area_kind="district", district=boundaries["futian"], phones=["0755-83000000"])


def test_a_referral_link_gets_the_page_with_the_centre_and_its_call_link(client, centre):
    response = client.get("/en/here/", {"lat": 22.52, "lon": 114.02})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "福田区未成年人保护中心" in html and 'href="tel:0755-83000000"' in html
    assert "No minor-protection workstation is recorded for this street." in html


def test_the_maps_button_posts_the_position_without_a_per_visitor_token(centre):
    from django.test import Client

    # A read-only lookup (csrf_exempt): the map page that posts here carries no CSRF token.
    response = Client(enforce_csrf_checks=True).post("/en/here/", {"lat": "22.52", "lon": "114.02", "crs": "wgs84"})
    assert response.status_code == 200 and "福田区未成年人保护中心" in response.content.decode()


@pytest.mark.parametrize("params, text", [
    ({"lat": 39.9, "lon": 116.4}, "This point is not in the city."),
    ({"lat": "abc", "lon": 114.02}, "lat"),
    ({"address": "x" * 201}, "address"),
])
def test_bad_input_is_a_400_page_naming_the_field(client, centre, params, text):
    response = client.get("/en/here/", params)
    assert response.status_code == 400
    assert text in response.content.decode() and 'id="here-errors"' in response.content.decode()


def test_an_administrator_sets_a_sites_service_area_in_the_admin(admin_client, centre):
    change = admin_client.get(f"/admin/directory/servicepoint/{centre.pk}/change/").content.decode()
    assert 'name="service_area_kind"' in change
    listed = admin_client.get("/admin/directory/servicepoint/", {"service_area_kind__exact": "district"})
    assert "福田区未成年人保护中心" in listed.content.decode()


def test_area_names_are_romanized_on_english_pages_and_converted_on_traditional_ones(client, centre):
    english = client.get("/en/here/", {"lat": 22.52, "lon": 114.02}).content.decode()
    assert 'id="area-district">Futian District <span lang="zh-Hans">(福田区)</span>' in english
    assert 'id="area-street">Yuanling Subdistrict <span lang="zh-Hans">(园岭街道)</span>' in english
    assert 'id="romanized-note"' in english  # labelled as romanizations
    traditional = client.get("/zh-hant/here/", {"lat": 22.52, "lon": 114.02}).content.decode()
    assert 'id="area-district">福田區 ' in traditional and 'id="area-street">園嶺街道 ' in traditional
    assert 'id="romanized-note"' not in traditional


@pytest.mark.parametrize("name, english", [
    ("宝安区", "Bao'an District"), ("大鹏新区", "Dapeng New District"), ("葵涌街道", "Kuichong Subdistrict"),
    ("南澳街道", "Nan'ao Subdistrict"), ("长岭社区", "Changling Community"), ("华强北街道", "Huaqiangbei Subdistrict"),
])
def test_romanization_follows_the_shipped_english_district_names(name, english):
    from resourcemap.public.chinese_script import romanized_area_name

    assert romanized_area_name(name) == english


def test_romanization_gives_every_shipped_districts_english_name():
    import json
    from pathlib import Path

    from resourcemap.public.chinese_script import romanized_area_name

    path = Path(__file__).resolve().parents[2] / "data" / "boundaries" / "districts.geojson"
    districts = [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]
    assert len(districts) == 10
    assert [romanized_area_name(d["name"]) for d in districts] == [d["name_en"] for d in districts]


def test_the_traditional_page_has_no_simplified_only_text(client, centre):
    from tests.public.test_page_languages import simplified_only, visible

    html = client.get("/zh-hant/here/", {"lat": 22.52, "lon": 114.02}).content.decode()
    assert "福田區未成年人保護中心" in html  # the site's name converted too
    leftovers = [text for text, lang in visible(html)
                 if lang not in ("zh-Hans", "zh-hans", "en") and simplified_only(text)]
    assert leftovers == []
