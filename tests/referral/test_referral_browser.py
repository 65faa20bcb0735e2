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
    assert page.url == f"{live_server.url}/en/referral/"  # posted: no location in the URL or history
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


def test_it_fits_a_phone_copies_a_rounded_link_and_says_so(live_server, referral_sites, page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/en/referral/")
    page.fill("#id_lat", "22.551234")
    page.fill("#id_lon", "114.051234")
    page.check("input[name=needs][value=hospital]")
    page.click("#referral-form button[type=submit]")
    page.wait_for_selector("#plan")
    page.wait_for_load_state("load")  # the layout once its stylesheets and map have loaded
    assert page.evaluate("() => document.documentElement.scrollWidth") == 360
    assert page.url == f"{live_server.url}/en/referral/"
    page.click("#share summary")
    assert "100 m" in page.inner_text(".share-warning")
    page.click("#copy-link")
    expect(page.locator("#copy-status")).to_have_text("Link copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert "lat=22.551&" in copied and "lon=114.051&" in copied and "needs=hospital" in copied
    assert page.locator(".plan-line a").first.get_attribute("href").startswith("/en/sites/")
    assert page.errors == []


def test_it_says_when_the_map_tiles_fail_and_draws_outlines(live_server, referral_sites, page, boundaries):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(f"{live_server.url}/referral/")
    expect(page.locator("#referral-tiles-notice")).to_be_visible()
    page.wait_for_selector("#referral-map path.district-outline")
