"""frontend/js/gcj02.js agrees with resourcemap/geo/transform.py, run in the browser."""

from __future__ import annotations

import pytest

from resourcemap.geo.transform import gcj02_to_wgs84, wgs84_to_gcj02

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POINTS = [(114.0512, 22.5413), (113.7523, 22.7261), (114.5601, 22.5902), (116.3913, 39.9075), (2.35, 48.85)]


def test_it_matches_the_python_conversions(live_server, page):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#map.leaflet-container")
    for lon, lat in POINTS:
        forward = page.evaluate("([lon, lat]) => window.ResourceMapGeo.wgs84ToGcj02(lon, lat)", [lon, lat])
        assert forward == pytest.approx(list(wgs84_to_gcj02(lon, lat)), abs=1e-12)
        backward = page.evaluate("([lon, lat]) => window.ResourceMapGeo.gcj02ToWgs84(lon, lat)", list(forward))
        assert backward == pytest.approx(list(gcj02_to_wgs84(*forward)), abs=1e-12)
        assert backward == pytest.approx([lon, lat], abs=1e-9)


def test_it_shifts_markers_onto_gcj02_tiles(live_server, page, make_site, settings):
    settings.TILES_CRS = "gcj02"
    make_site(name="深圳市儿童医院", lon=114.0512, lat=22.5413)
    page.goto(live_server.url + "/")
    page.wait_for_selector(".site-marker")
    shown = page.evaluate(
        "() => { const m = Object.values(window.ResourceMap.markers)[0].getLatLng(); return [m.lng, m.lat]; }"
    )
    assert shown == pytest.approx(list(wgs84_to_gcj02(114.0512, 22.5413)), abs=1e-9)
