"""The map page opens in Debian's Chromium with no console errors, and asks nothing of the
outside world but map tiles from the configured tile server (no CDN)."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_the_map_without_console_errors(live_server, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#map.leaflet-container")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.locator(".hotline a[href='tel:12345,6']").is_visible()
    assert page.locator(".hotline a[href='tel:110']").is_visible()  # "in danger now: call 110"
    tile_server = settings.TILES_URL.split("{", 1)[0]
    assert page.external_requests, "the tile layer asked for no tiles"
    assert all(url.startswith(tile_server) for url in page.external_requests), page.external_requests
