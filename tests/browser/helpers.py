"""Shared steps for the map's browser tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def open_map(page: Any, url: str) -> None:
    """Opens a map URL and waits until the markers are on the map."""
    page.goto(url)
    # Selectors, not wait_for_function: the page's CSP (no 'unsafe-eval') blocks evaluated strings.
    page.wait_for_selector("#map[data-markers]", state="attached")
    # Attached, not visible: on a phone the map is a hidden view until the person switches to it.
    page.wait_for_selector(".site-marker, .marker-cluster", state="attached")


def serious_axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def result_names(page: Any) -> list[str]:
    return page.locator("#results .result-name").all_inner_texts()


def after_render(page: Any, action: Any) -> None:
    """Runs an action, then waits until the results list has been rendered again."""
    before = page.get_attribute("#results", "data-rendered") or ""
    action()
    page.wait_for_selector(f'#results[data-rendered]:not([data-rendered="{before}"])', state="attached")
    settled = page.get_attribute("#results", "data-rendered")
    # A second request already in flight (change and submit both fire) may render once more.
    page.wait_for_timeout(150)
    if page.get_attribute("#results", "data-rendered") != settled:
        page.wait_for_timeout(300)


def submit_search(page: Any, text: str) -> None:
    page.fill("#id_q", text)
    after_render(page, lambda: page.press("#id_q", "Enter"))
