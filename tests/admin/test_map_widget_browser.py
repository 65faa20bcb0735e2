"""The service-point admin's map widget in Debian's Chromium: the marker can be dragged and
the new point is saved, under the Content-Security-Policy with no violations."""

from __future__ import annotations

import json

import pytest
from django.contrib.gis.geos import Point

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-browser-password-123"


@pytest.fixture
def site_and_admin(django_user_model):
    from resourcemap.directory.actions import save_site
    from resourcemap.directory.models import Category, ServicePoint

    category, _ = Category.objects.get_or_create(
        code="party_mass_centre", defaults={"name_zh_hans": "党群服务中心", "name_zh_hant": "黨群服務中心", "name_en": "Centre"}
    )
    site = ServicePoint(
        source="test", external_id="browser-1", name="地图拖动测试站", category=category,
        location=Point(114.05, 22.55, srid=4326), location_precision="surveyed",
    )
    save_site(site)
    django_user_model.objects.create_superuser("mapadmin", password=PASSWORD)
    return site


def log_in(page, live_server) -> None:
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "mapadmin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_it_drags_the_marker_and_saves_the_new_point(live_server, page, site_and_admin):
    site = site_and_admin
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/directory/servicepoint/{site.pk}/change/")
    page.wait_for_load_state("networkidle")
    page.locator("#id_location-map").scroll_into_view_if_needed()
    marker = page.locator("#id_location-map .leaflet-marker-icon")
    box = marker.bounding_box()
    start_x, start_y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + 60, start_y + 40, steps=10)
    page.mouse.up()

    stored = json.loads(page.locator("#id_location").input_value())
    lon, lat = stored["coordinates"]
    assert lon > 114.05 and lat < 22.55  # moved right (east) and down (south)

    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/directory/servicepoint/")
    site.refresh_from_db()
    assert site.location.x == pytest.approx(lon, abs=1e-6)
    assert site.location.y == pytest.approx(lat, abs=1e-6)
    assert page.errors == []


def test_it_opens_admin_pages_without_csp_violations(live_server, page, site_and_admin):
    from django.contrib.gis.geos import MultiPolygon, Polygon

    from resourcemap.directory.models import District

    site = site_and_admin
    District.objects.create(
        code="440304", name="福田区", boundary=MultiPolygon(Polygon.from_bbox((114.0, 22.5, 114.1, 22.6)), srid=4326)
    )
    log_in(page, live_server)
    for path in (
        "/admin/",
        "/admin/directory/servicepoint/",
        f"/admin/directory/servicepoint/{site.pk}/change/",
        f"/admin/directory/servicepoint/{site.pk}/history/",
        "/admin/directory/servicepoint/add/",
        "/admin/loaders/importrun/upload/",
        "/admin/feedback/problemreport/",
        "/admin/directory/district/440304/change/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.errors == [], path
    assert page.locator("#id_boundary-map path.leaflet-interactive").count() == 1  # the outline is drawn
