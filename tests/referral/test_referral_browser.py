"""The referral planner in Chromium: map click to plan, print view, no CSP violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_plans_from_a_map_click_and_prints_without_the_form(live_server, referral_sites, page):
    page.goto(f"{live_server.url}/en/referral/")
    page.wait_for_selector("#referral-map.leaflet-container")
    page.click("#referral-map", position={"x": 200, "y": 120})
    lat = float(page.input_value("#id_lat"))
    lon = float(page.input_value("#id_lon"))
    assert 22.0 < lat < 23.2 and 113.5 < lon < 114.6
    page.check("input[name=needs][value=hospital]")
    page.click("#referral-form button[type=submit]")
    page.wait_for_selector("#plan")
    assert "needs=hospital" in page.url and "lat=" in page.url and "address=" not in page.url
    assert page.locator(".plan-line").count() == 3
    assert page.is_visible("#referral-form")
    page.wait_for_load_state("load")  # the stylesheets, not only the DOM
    page.emulate_media(media="print")
    expect(page.locator("#referral-form")).to_be_hidden()
    expect(page.locator("#referral-map")).to_be_hidden()
    expect(page.locator("#plan")).to_be_visible()
    assert page.errors == []


def test_it_draws_a_typed_wgs84_point_shifted_on_gcj02_tiles(live_server, referral_sites, page, settings):
    from resourcemap.geo.transform import wgs84_to_gcj02

    settings.TILES_CRS = "gcj02"
    page.goto(f"{live_server.url}/en/referral/?lat=22.55&lon=114.05&crs=wgs84&needs=hospital")
    page.wait_for_selector("#referral-map.leaflet-container")
    drawn = page.evaluate("() => window.ResourceMapReferral.marker().getLatLng()")
    lon, lat = wgs84_to_gcj02(114.05, 22.55)
    assert abs(drawn["lat"] - lat) < 1e-7 and abs(drawn["lng"] - lon) < 1e-7
    assert abs(drawn["lng"] - 114.05) > 0.003  # really moved (~500 m in Shenzhen)
    assert page.errors == []
