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
