"""The keyboard path on a 360 x 740 phone (Chromium): Tab from the top of the map page to the
search, search, Tab to the first result, open it, Tab to "call" and to the hotline. Every stop
is on screen, not hidden under the sticky hotline bar, and shows where the focus is."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.helpers import after_render, open_map

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
MAX_TABS = 80

# What the focused element looks like to a sighted keyboard user: on screen, the topmost thing
# at its centre (not under a sticky bar), with an outline or a focus ring.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    tag: el.tagName, id: el.id, cls: el.className, href: el.getAttribute("href") || "",
    text: (el.innerText || el.value || "").trim().slice(0, 40),
    onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
    onTop: top !== null && (top === el || el.contains(top) || top.contains(el)),
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
  };
}"""


def tab_until(page: Any, matches: Any) -> list[dict]:
    """Presses Tab until the focused element matches; returns every stop on the way."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        stops.append(state)
        if matches(state):
            return stops
    raise AssertionError(f"not reached in {MAX_TABS} tabs; last stops: {stops[-5:]}")


def badly_shown(stops: list[dict]) -> list[dict]:
    return [s for s in stops if not (s["onScreen"] and s["onTop"] and s["ring"])]


def test_a_keyboard_reaches_search_result_site_call_and_hotline_on_a_phone(live_server, page, make_site):
    make_site(name="深圳市儿童医院", category="childrens_hospital", lon=114.0512, lat=22.5413,
              phones=["0755-83008300"])
    for n in range(6):
        make_site(name=f"福田区第{n + 1}儿童之家", lon=114.05 + n / 1000, lat=22.54)
    page.set_viewport_size(PHONE)
    open_map(page, live_server.url + "/")

    stops = tab_until(page, lambda s: s["id"] == "id_q")
    page.keyboard.type("儿童医院")
    after_render(page, lambda: page.keyboard.press("Enter"))
    stops += tab_until(page, lambda s: "/sites/" in s["href"] and "儿童医院" in s["text"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/sites/" in page.url

    site_stops = tab_until(page, lambda s: s["href"] == "tel:075583008300" and "action" in s["cls"])
    everything = stops + site_stops + tab_until(page, lambda s: "hotline-call" in s["cls"])
    assert any(s["href"].startswith("tel:12345") for s in everything)
    assert badly_shown(everything) == []
    assert page.errors == []
