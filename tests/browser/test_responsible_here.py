"""At phone size, from the map: "use my location", then one tap on "who is responsible here"
reaches the page that names the district centre with a tap-to-call link."""

from __future__ import annotations

import pytest

from tests.browser.helpers import SCREENSHOTS, after_render, open_map, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_use_my_location_then_one_tap_names_the_district_centre_with_a_call_link(
    live_server, page, make_site, boundaries
):
    make_site(name="福田区未成年人保护中心", category="minor_protection", lon=114.06, lat=22.56,
              location_precision="district", service_area_kind="district", district=boundaries["futian"],
              phones=["0755-83000000"])
    make_site(name="园岭街道党群服务中心", category="party_mass_centre", lon=114.02, lat=22.52,
              location_precision="street", service_area_kind="street", district=boundaries["futian"],
              street_id="440304001000")
    make_site(name="福田区第一儿童之家", category="party_mass_centre", lon=114.0550, lat=22.5400)
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 22.5400, "longitude": 114.0500})
    open_map(page, live_server.url + "/")

    after_render(page, lambda: page.click("#locate-me"))
    group = page.locator("#serves-area")
    group.wait_for(state="visible")
    assert "福田区未成年人保护中心" in group.inner_text()
    assert "福田区第一儿童之家" in page.locator("#results").inner_text()  # the distance-ranked group

    page.click("#here-button")  # the one tap
    page.wait_for_selector(".unit-district_centre")
    centre = page.locator(".unit-district_centre")
    assert "福田区未成年人保护中心" in centre.inner_text()
    call = centre.locator("a[href='tel:0755-83000000']")
    assert call.is_visible()
    assert "lat=" not in page.url  # posted: the position is not in the URL or the history
    assert page.locator(".unit-street_workstation .missing").is_visible()  # the gap is named
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert serious_axe_violations(page) == []
    assert page.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "here.png"), full_page=True)


# Elements of /here/ that must not overlap each other (pairs where neither contains the other).
OVERLAPS = """() => {
  const items = Array.from(document.querySelectorAll(
    '.here h2, .here h3, .here h4, .here p, .here dt, .here dd, .here .confidence, .here a.call, .here li.unit,' +
    ' .here label, .here input, .here button, .hotline, .site-header'))
    .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed');
  const boxes = items.map(e => e.getBoundingClientRect());
  const out = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    if (items[i].contains(items[j]) || items[j].contains(items[i])) continue;
    const a = boxes[i], b = boxes[j];
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) out.push(items[i].tagName + '.' + items[i].className + ' / ' + items[j].tagName + '.' + items[j].className);
  }
  return out;
}"""


@pytest.mark.parametrize("language", ["", "/en", "/zh-hant"])
def test_here_on_a_phone_has_no_sideways_scroll_or_overlap(live_server, page, make_site, boundaries, language):
    make_site(name="福田区未成年人保护中心", category="minor_protection", lon=114.06, lat=22.56,
              location_precision="district", service_area_kind="district", district=boundaries["futian"],
              phones=["0755-83000000", "0755-83000001"])
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}{language}/here/?lat=22.52&lon=114.02")
    page.wait_for_selector(".unit-district_centre")
    assert page.evaluate("() => document.documentElement.scrollWidth") == 360
    assert page.evaluate(OVERLAPS) == []
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")  # the sticky bar over the end
    assert page.evaluate("() => document.documentElement.scrollWidth") == 360
    assert page.errors == []
