"""Near me, map click, keyboard path, XSS, languages, offline tiles, accessibility, screenshot."""

from __future__ import annotations

import pytest

from tests.browser.helpers import SCREENSHOTS, after_render, open_map, result_names, serious_axe_violations
from tests.public.sample_data import load_sample_sites

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture
def near_sites(make_site):
    return [
        make_site(name="福田区第一儿童之家", category="party_mass_centre", lon=114.0550, lat=22.5400),
        make_site(name="福田区第二儿童之家", category="party_mass_centre", lon=114.0600, lat=22.5400,
                  location_precision="community"),
        make_site(name="南山区儿童之家", category="party_mass_centre", lon=113.9300, lat=22.5300),
    ]


def test_it_lists_the_nearest_with_a_granted_geolocation(live_server, page, near_sites):
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 22.5400, "longitude": 114.0500})
    open_map(page, live_server.url + "/")
    after_render(page, lambda: page.click("#locate-me"))
    assert result_names(page) == ["福田区第一儿童之家", "福田区第二儿童之家", "南山区儿童之家"]
    distances = page.locator("#results .result-distance").all_inner_texts()
    assert "510" in distances[0] or "520" in distances[0]  # ~514 m east along the parallel
    assert "直线" in distances[0]
    assert page.locator("#results .result").nth(1).locator(".flag.approx").is_visible()
    assert "lat=" not in page.url  # the position never enters the page URL
    assert page.errors == []


def test_it_finds_the_nearest_to_a_map_click(live_server, page, near_sites):
    open_map(page, live_server.url + "/")
    page.locator("#map").evaluate("el => el.scrollIntoView()")
    box = page.locator("#map").bounding_box()
    # Click where Nanshan is: convert the site's coordinates to a screen point through Leaflet.
    point = page.evaluate("() => { const p = window.ResourceMap.map.latLngToContainerPoint([22.5300, 113.9300]); return [p.x, p.y]; }")
    after_render(page, lambda: page.mouse.click(box["x"] + point[0] + 40, box["y"] + point[1] + 40))
    assert result_names(page)[0] == "南山区儿童之家"


def test_it_serves_the_list_by_keyboard(live_server, page, near_sites):
    open_map(page, live_server.url + "/")
    page.focus("#id_q")
    page.keyboard.type("儿童之家")
    after_render(page, lambda: page.keyboard.press("Enter"))
    # Tab from the search box to the first result's link, then to its "show on map" button.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('show-on-map')"):
            break
    focused = page.evaluate("() => document.activeElement.closest('.result').dataset.id")
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content .popup-name")
    assert page.locator(f".result[data-id='{focused}']").get_attribute("aria-current") == "true"
    assert page.locator(".site-marker.is-selected").count() == 1
    popup_name = page.inner_text(".leaflet-popup-content .popup-name")
    assert popup_name == page.inner_text(f".result[data-id='{focused}'] .result-name")


def test_it_shows_a_markup_name_as_text_everywhere(live_server, page, make_site):
    site = make_site(name=XSS_NAME, address="<b>bold</b>")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_map(page, live_server.url + "/")
    assert page.inner_text(".result-name") == XSS_NAME
    page.click("#results .show-on-map")
    page.wait_for_selector(".leaflet-popup-content")
    assert page.inner_text(".leaflet-popup-content .popup-name") == XSS_NAME
    assert page.locator(".site-marker").first.get_attribute("title") == XSS_NAME
    page.fill("#id_q", "img src")
    after_render(page, lambda: page.press("#id_q", "Enter"))
    assert page.inner_text(".result-name") == XSS_NAME
    assert "<b>bold</b>" in page.inner_text(".result-meta")
    page.goto(f"{live_server.url}/sites/{site.pk}/")
    assert page.inner_text("h1") == XSS_NAME
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == []
    assert page.errors == []


def test_it_switches_language_and_keeps_the_search(live_server, page, make_site):
    make_site(name="深圳市儿童医院", category="childrens_hospital")
    open_map(page, live_server.url + "/?q=etyy")
    assert page.inner_text("label[for=id_q]") == "搜索名称、服务或地址"
    page.click("button[name=language][value=en]")
    page.wait_for_url("**/en/?q=etyy")
    assert page.inner_text("label[for=id_q]") == "Search names, services and addresses"
    assert "Children's hospital" in page.inner_text("#results")
    page.click("button[name=language][value=zh-hant]")
    page.wait_for_url("**/zh-hant/?q=etyy")
    assert "兒童醫院" in page.inner_text("#results")
    assert "熱線" in page.inner_text(".hotline") or "熱線" in page.get_attribute(".hotline", "aria-label")
    assert page.locator("html").get_attribute("lang") == "zh-hant"


def test_it_stays_usable_when_tiles_cannot_load(live_server, page, near_sites, boundaries):
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    open_map(page, live_server.url + "/")
    assert page.locator("#tiles-notice").is_visible()
    assert page.locator(".site-marker, .marker-cluster").count() >= 1
    # Without tiles the district outlines come on by themselves (and their switch shows it).
    page.wait_for_selector("path.district-outline")
    assert page.is_checked(".leaflet-control-layers-overlays input >> nth=0")
    assert "福田区第一儿童之家" in result_names(page)
    assert [e for e in page.errors if "ERR_FAILED" not in e] == []


def test_it_works_at_phone_width_and_passes_axe(live_server, page, make_site):
    page.set_viewport_size({"width": 360, "height": 740})
    load_sample_sites(make_site, per_category=3) or make_site(name="深圳市儿童医院")
    open_map(page, live_server.url + "/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert page.locator("a[href^='tel:12345']").first.is_visible()
    assert serious_axe_violations(page) == []


def test_it_takes_the_map_screenshot_for_the_readme(live_server, page, make_site):
    from django.core.management import call_command

    call_command("load_boundaries", "--commit", stdout=open("/dev/null", "w"))  # the shipped district outlines
    load_sample_sites(make_site, per_category=8) or make_site(name="深圳市儿童医院")
    open_map(page, live_server.url + "/")
    page.click(".filters summary")
    page.check(".leaflet-control-layers-overlays input >> nth=0")
    page.wait_for_selector("path.district-outline")
    assert serious_axe_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "map.png"))
    assert (SCREENSHOTS / "map.png").stat().st_size > 10_000


def test_it_finds_the_nearest_to_a_typed_district_name(live_server, page, near_sites, boundaries):
    # No GEOCODER configured in tests: the server falls back to district/street names.
    open_map(page, live_server.url + "/")
    status = page.locator("#status")
    page.fill("#address-input", "福田区园岭街道")
    after_render(page, lambda: page.press("#address-input", "Enter"))
    assert "园岭街道" in status.inner_text()
    assert "大致位置" in status.inner_text()  # a street centre, not an address: said so
    assert result_names(page)[0] in {"福田区第一儿童之家", "福田区第二儿童之家"}
    assert page.locator("#results .result-distance").count() == 3
    assert page.errors == []


def test_it_highlights_the_list_item_of_a_clicked_marker(live_server, page, near_sites):
    open_map(page, live_server.url + "/")
    page.evaluate("() => window.ResourceMap.map.setView([22.54, 114.0575], 16)")
    marker = page.locator(".site-marker[title='福田区第二儿童之家']")
    marker.click()
    item = page.locator("#results .result[aria-current='true']")
    assert item.locator(".result-name").inner_text() == "福田区第二儿童之家"
    assert "大致位置" in page.inner_text(".leaflet-popup-content")
    assert page.locator(".site-marker.is-selected").get_attribute("title") == "福田区第二儿童之家"
