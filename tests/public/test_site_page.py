"""A site's page: server-rendered, with everything a family needs to decide and go."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from resourcemap.geo.transform import wgs84_to_bd09, wgs84_to_gcj02

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(make_site, boundaries):
    from resourcemap.directory.models import Organization

    return make_site(
        name="深圳市儿童医院", alternate_name="市儿童医院", category="childrens_hospital",
        organization=Organization.objects.get(code="health"), address="福田区益田路7019号",
        district=boundaries["futian"], lon=114.0512, lat=22.5413, phones=["0755-83936101", "12320"],
        opening_hours=[{"day": d, "opens": "00:00", "closes": "24:00"} for d in range(7)],
        min_age=0, max_age=18, fee_free=False, fees="按医保标准收费", languages=["zh", "yue", "en"],
        accessibility="无障碍通道、母婴室", description="儿科急诊；儿童保健；心理门诊",
    )


def test_it_shows_everything_a_family_needs(client, hospital):
    page = client.get(f"/en/sites/{hospital.pk}/").content.decode()
    for text in ("深圳市儿童医院", "Children&#x27;s hospital", "Health", "福田区益田路7019号", "儿科急诊", "按医保标准收费",
                 "无障碍通道", "yue", 'href="tel:075583936101"', 'href="tel:12320"', "0 to 18"):
        assert text in page, text
    assert 'id="open-status"' in page and "Open now" in page
    assert f'href="/en/feedback/report/{hospital.pk}/"' in page
    assert 'id="stale-notice"' not in page
    assert 'id="approx-notice"' not in page
    assert 'href="tel:12345,6"' in page  # the hotline, as on every page


def test_it_links_directions_in_each_providers_coordinates(client, hospital):
    page = client.get(f"/sites/{hospital.pk}/").content.decode()
    import re

    links = {m.group(2): m.group(1).replace("&amp;", "&")
             for m in re.finditer(r'href="([^"]+)" rel="noopener nofollow" data-provider="(\w+)"', page)}
    glon, glat = wgs84_to_gcj02(114.0512, 22.5413)
    assert parse_qs(urlsplit(links["amap"]).query)["position"] == [f"{glon:.6f},{glat:.6f}"]
    blon, blat = wgs84_to_bd09(114.0512, 22.5413)
    assert parse_qs(urlsplit(links["baidu"]).query)["location"] == [f"{blat:.6f},{blon:.6f}"]
    assert parse_qs(urlsplit(links["osm"]).query)["to"] == ["22.541300,114.051200"]


def test_it_warns_when_details_are_old_or_the_place_approximate(client, make_site):
    site = make_site(name="葵涌街道党群服务中心", location_precision="street",
                     assured_date=date.today() - timedelta(days=181))
    page = client.get(f"/sites/{site.pk}/").content.decode()
    assert 'id="stale-notice"' in page
    assert 'id="approx-notice"' in page


def test_it_hides_closed_sites(client, make_site):
    site = make_site(status="closed")
    assert client.get(f"/sites/{site.pk}/").status_code == 404
    assert client.get("/sites/999999/").status_code == 404


def test_it_renders_names_as_text(client, make_site):
    site = make_site(name="<img src=x onerror=alert(1)>", address="<script>alert(2)</script>")
    page = client.get(f"/sites/{site.pk}/").content.decode()
    assert "<img src=x" not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_it_speaks_three_languages(client, hospital):
    assert "兒童醫院" in client.get(f"/zh-hant/sites/{hospital.pk}/").content.decode()
    simplified = client.get(f"/sites/{hospital.pk}/").content.decode()
    assert "儿童医院" in simplified and "营业中" in simplified and '<html lang="zh-hans">' in simplified
    english = client.get(f"/en/sites/{hospital.pk}/").content.decode()
    assert "Open now" in english and '<html lang="en">' in english


def test_romanized_area_names_are_labelled_on_english_pages(client, hospital, make_site):
    english = client.get(f"/en/sites/{hospital.pk}/").content.decode()
    assert 'Futian District <span lang="zh-Hans">(福田区)</span>' in english
    assert 'id="romanized-note"' in english and "not official translations" in english
    for prefix in ("", "/zh-hant"):  # Chinese pages show the names themselves: nothing to label
        assert 'id="romanized-note"' not in client.get(f"{prefix}/sites/{hospital.pk}/").content.decode()
    no_area = make_site(name="无区域站点", district=None)
    assert 'id="romanized-note"' not in client.get(f"/en/sites/{no_area.pk}/").content.decode()
