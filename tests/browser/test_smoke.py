"""The map page opens in Debian's Chromium with no console errors and no outside requests but tiles."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_the_map_without_console_errors(live_server, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#map.leaflet-container")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.locator("a[href^='tel:12345']").first.is_visible()
    assert all("{z}" not in url for url in page.external_requests)
