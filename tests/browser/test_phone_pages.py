"""The public pages on a 360 x 740 phone and a 1366 x 800 desktop (Chromium): what is above
the fold, no sideways scroll, touch-target sizes, the list/map switch, paging, search + near
me, the quick exit and axe. Phone screenshots for the README are taken here."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import SCREENSHOTS, after_render, open_map, result_names, serious_axe_violations
from tests.public.sample_data import load_sample_sites

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 800}
WIDE = {"width": 1920, "height": 1080}


@pytest.fixture
def city(make_site, boundaries):
    sites = load_sample_sites(make_site, per_category=4)
    sites.append(make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413,
                           phones=["0755-83008300"], district=boundaries["futian"]))
    return sites


def public_paths(site_id: int) -> list[str]:
    return ["/", f"/sites/{site_id}/", "/referral/", "/policies/", "/help/", "/en/", "/zh-hant/help/",
            "/no-such-page/"]


def above_the_fold(page: Any, selector: str, viewport_height: int) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport_height


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_location_and_first_result_are_above_the_fold(live_server, page, city, viewport):
    page.set_viewport_size(viewport)
    open_map(page, live_server.url + "/")
    for selector in ("#id_q", "#locate-me", "#results .result", ".hotline a[href^='tel:']", "#quick-exit"):
        assert above_the_fold(page, selector, viewport["height"]), selector
    submit_and_wait = lambda: page.press("#id_q", "Enter")  # noqa: E731
    page.fill("#id_q", "儿童医院")
    after_render(page, submit_and_wait)
    assert above_the_fold(page, "#results .result", viewport["height"])
    assert page.errors == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_public_page_scrolls_sideways(live_server, page, city, viewport):
    page.set_viewport_size(viewport)
    for path in public_paths(city[-1].pk):
        page.goto(live_server.url + path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width == page.evaluate("() => document.documentElement.clientWidth"), path
    # A referral plan, with its table, too.
    page.goto(live_server.url + "/referral/")
    page.fill("#id_lat", "22.54")
    page.fill("#id_lon", "114.05")
    page.check("input[name=needs][value=childrens_hospital]")
    page.click("#referral-form button[type=submit]")
    page.wait_for_selector("#plan")
    assert page.evaluate("() => document.documentElement.scrollWidth") == viewport["width"]


def test_touch_targets_on_a_phone(live_server, page, city):
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url + "/")
    page.click(".filters summary")
    primary = ["#id_q", "#search-form .search-row button", "#locate-me", "#address-input", "#view-switch button",
               ".hotline-call", ".hotline-emergency", "#quick-exit", ".filters summary"]
    for selector in primary:
        for box in [b.bounding_box() for b in page.locator(selector).all()]:
            assert box["height"] >= 44 and box["width"] >= 44, (selector, box)
    # Nothing interactive outside running text is smaller than 24 x 24 (WCAG 2.2, 2.5.8).
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        'button, input, select, summary, .site-nav a, .hotline a, .result-name a, .language-switcher button'))
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24).map(([html]) => html)""")
    assert small == []


def test_the_hotline_bar_stays_in_view(live_server, page, city):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/sites/{city[-1].pk}/")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.scrollY") > 0
    assert above_the_fold(page, ".hotline a[href^='tel:12345']", PHONE["height"])
    assert page.locator(".hotline a[href^='tel:12345']").bounding_box()["y"] == 0 or \
        page.locator(".hotline").bounding_box()["y"] == 0


def test_show_on_map_switches_to_the_map_and_centres_the_marker(live_server, page, city):
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url + "/")
    assert not page.locator("#map").is_visible()  # the list is the first view on a phone
    page.click("#results .result >> nth=0 >> .show-on-map")
    page.wait_for_selector(".leaflet-popup-content .popup-name")
    assert page.locator("#map").is_visible()
    assert page.get_attribute("#view-switch button[data-view=map]", "aria-pressed") == "true"
    marker = page.locator(".site-marker.is-selected").bounding_box()
    assert marker is not None and 0 <= marker["x"] <= PHONE["width"] and 0 <= marker["y"] <= PHONE["height"]
    page.click("#view-switch button[data-view=list]")
    assert page.locator("#results").is_visible()


def test_paging_reaches_the_last_result(live_server, page, make_site):
    for n in range(47):
        make_site(name=f"园岭社区党群服务中心{n:02d}", lon=114.0 + n / 500)
    open_map(page, live_server.url + "/")
    assert page.locator("#results .result").count() == 20
    while page.locator("#more-results").is_visible():
        before = page.locator("#results .result").count()
        page.click("#more-results")
        page.wait_for_function(f"() => document.querySelectorAll('#results .result').length > {before}")
    names = result_names(page)
    assert len(names) == len(set(names)) == 47
    assert "47" in page.inner_text("#status")
    assert page.errors == []


def test_search_and_near_me_rank_every_match_not_the_nearest_fifty(live_server, page, make_site):
    # 60 other places nearer than any hospital: the old client-side filter found no hospital.
    for n in range(60):
        make_site(name=f"龙岗社区党群服务中心{n}", lon=114.25 + n / 2000, lat=22.72)
    far = make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413)
    nearer = make_site(name="龙岗区儿童医院", category="childrens_hospital", lon=114.20, lat=22.70)
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 22.72, "longitude": 114.25})
    open_map(page, live_server.url + "/")
    page.fill("#id_q", "儿童医院")
    after_render(page, lambda: page.press("#id_q", "Enter"))
    after_render(page, lambda: page.click("#locate-me"))
    assert result_names(page) == [nearer.name, far.name]
    assert "2 个地点" in page.inner_text("#status")
    assert "lat=" not in page.url
    assert page.errors == []


def test_a_failed_place_lookup_clears_the_old_list(live_server, page, make_site):
    make_site(name="福田区第一儿童之家", lon=114.055, lat=22.54)
    open_map(page, live_server.url + "/")
    assert result_names(page) != []
    page.fill("#address-input", "完全不存在的地方名字")
    after_render(page, lambda: page.press("#address-input", "Enter"))
    assert result_names(page) == []
    assert "没有" in page.inner_text("#status")


def test_quick_exit_leaves_no_history_entry(live_server, page, city):
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/help/")
    length = page.evaluate("() => history.length")
    page.click("#quick-exit")
    page.wait_for_url("https://www.weather.com.cn/**")
    assert page.evaluate("() => history.length") == length  # replaced, not added
    page.go_back()
    assert page.url == live_server.url + "/"  # "back" skips the help page


def test_escape_twice_leaves_too(live_server, page, city):
    page.goto(live_server.url + "/help/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.weather.com.cn/**")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_public_page_passes_axe(live_server, page, city, viewport):
    page.set_viewport_size(viewport)
    for path in public_paths(city[-1].pk):
        page.goto(live_server.url + path)
        assert serious_axe_violations(page) == [], path


def test_it_takes_the_phone_screenshots_for_the_readme(live_server, page, city):
    page.set_viewport_size(PHONE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    open_map(page, live_server.url + "/")
    page.screenshot(path=str(SCREENSHOTS / "phone-map-list.png"))
    page.click("#view-switch button[data-view=map]")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "phone-map-view.png"))
    page.goto(live_server.url + "/help/")
    page.screenshot(path=str(SCREENSHOTS / "phone-help.png"))
    for name in ("phone-map-list.png", "phone-map-view.png", "phone-help.png"):
        assert (SCREENSHOTS / name).stat().st_size > 5_000


def test_the_site_page_puts_call_and_directions_first(live_server, page, city):
    page.set_viewport_size(PHONE)
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    hospital = city[-1]
    page.goto(f"{live_server.url}/en/sites/{hospital.pk}/")
    actions = page.locator(".site-actions > *")
    assert actions.first.get_attribute("href") == "tel:075583008300"  # "call" comes first
    assert above_the_fold(page, "#directions-menu summary", PHONE["height"])
    page.click("#directions-menu summary")
    providers = [a.get_attribute("data-provider") for a in page.locator("#directions-menu a").all()]
    assert set(providers) == {"amap", "baidu", "osm"}
    page.wait_for_selector("#site-tiles-notice:not([hidden])", state="attached")
    assert page.locator("#site-tiles-notice").is_visible()


def test_back_to_the_map_returns_to_the_search(live_server, page, city):
    open_map(page, live_server.url + "/en/?q=etyy")
    page.click("#results .result-name a >> nth=0")
    page.wait_for_url("**/en/sites/**")
    page.click("#back-to-map")
    page.wait_for_url("**/en/?q=etyy")
    assert page.input_value("#id_q") == "etyy"


def test_a_typed_site_name_is_a_place_with_its_precision(live_server, page, make_site, boundaries):
    hospital = make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413)
    make_site(name="莲花社区党群服务中心", lon=114.06, lat=22.55)
    open_map(page, live_server.url + "/")
    page.fill("#address-input", "深圳市儿童医院")
    after_render(page, lambda: page.press("#address-input", "Enter"))
    assert result_names(page)[0] == hospital.name
    assert "深圳市儿童医院" in page.inner_text("#near-origin") and "大致" not in page.inner_text("#near-origin")
    page.fill("#address-input", "福田区园岭街道")
    after_render(page, lambda: page.press("#address-input", "Enter"))
    assert "大致位置" in page.inner_text("#near-origin")  # a street's centre: said to be approximate


def test_a_station_park_and_landmark_are_places_said_to_be_approximate(live_server, page, make_site, settings):
    settings.GEOCODER = ""
    near_station = make_site(name="民治社区党群服务中心", lon=114.0240, lat=22.6130)  # beside 深圳北站
    make_site(name="莲花社区党群服务中心", lon=114.0500, lat=22.5580)
    make_site(name="华强北社区党群服务中心", lon=114.0810, lat=22.5470)
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url + "/")
    for typed, nearest in (("深圳北站", near_station.name), ("莲花山公园", "莲花社区党群服务中心"),
                           ("华强北", "华强北社区党群服务中心")):
        page.fill("#address-input", typed)
        after_render(page, lambda: page.press("#address-input", "Enter"))
        assert result_names(page)[0] == nearest, typed
        origin = page.inner_text("#near-origin")
        assert typed in origin and "大致位置" in origin, origin


@pytest.mark.parametrize(("viewport", "opened"), [(PHONE, False), (DESKTOP, False), (WIDE, True)],
                         ids=["phone", "desktop", "wide"])
def test_the_legend_is_open_at_first_only_where_it_covers_little_of_the_map(live_server, page, city, viewport, opened):
    page.set_viewport_size(viewport)
    open_map(page, live_server.url + "/")
    legend = page.locator(".legend")
    assert legend.evaluate("box => box.open") is opened
    if viewport is PHONE:
        page.click("#view-switch button[data-view=map]")
    if not opened:
        legend.locator("summary").click()
        assert legend.evaluate("box => box.open") is True
    legend_box, map_box = legend.bounding_box(), page.locator("#map").bounding_box()
    share = legend_box["width"] * legend_box["height"] / (map_box["width"] * map_box["height"])
    # Where it opens by itself it covers under 8 % of the map; where it does not, it would cover more.
    assert (share < 0.08) is opened, share
    assert page.errors == []
