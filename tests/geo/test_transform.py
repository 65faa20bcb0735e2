"""Tests for resourcemap.geo.transform (pure Python, no database)."""

from __future__ import annotations

import math

import pytest

from resourcemap.geo.transform import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance in metres between two (lon, lat) points."""
    r = 6371008.8
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


# (WGS-84, GCJ-02) pairs, (lon, lat).
# Shanghai, Shenzhen (Nanshan) and Beijing: googollee/eviltransform python/test.py (TESTS).
# Beijing 116.404,39.915: wandergis/coordtransform README.md (wgs84togcj02 example).
WGS_GCJ = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
    ((116.404, 39.915), (116.41024449916938, 39.91640428150164)),
]

# (GCJ-02, BD-09) pairs from wandergis/coordtransform README.md
# (gcj02tobd09(116.404, 39.915) and bd09togcj02(116.404, 39.915)).
GCJ_BD = [
    ((116.404, 39.915), (116.41036949371029, 39.92133699351021)),
    ((116.39762729119315, 39.90865673957631), (116.404, 39.915)),
]


@pytest.mark.parametrize(("wgs", "gcj"), WGS_GCJ)
def test_wgs84_to_gcj02_known_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    assert metres(wgs84_to_gcj02(*wgs), gcj) < 0.01


@pytest.mark.parametrize(("wgs", "gcj"), WGS_GCJ)
def test_gcj02_to_wgs84_known_points(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    assert metres(gcj02_to_wgs84(*gcj), wgs) < 0.5


@pytest.mark.parametrize(("gcj", "bd"), GCJ_BD)
def test_gcj_bd_known_points(gcj: tuple[float, float], bd: tuple[float, float]) -> None:
    assert metres(gcj02_to_bd09(*gcj), bd) < 0.1
    assert metres(bd09_to_gcj02(*bd), gcj) < 0.1


def test_shenzhen_offset_magnitude() -> None:
    """GCJ-02 puts Shenzhen points roughly 300-600 m away from WGS-84."""
    wgs = (114.057868, 22.543099)
    assert 300 < metres(wgs, wgs84_to_gcj02(*wgs)) < 700
    assert metres(wgs, wgs84_to_bd09(*wgs)) > 700


def _shenzhen_grid() -> list[tuple[float, float]]:
    # Shenzhen bbox roughly 113.75-114.65 E, 22.40-22.87 N; 0.05 deg steps.
    pts = []
    lon = 113.70
    while lon <= 114.65:
        lat = 22.40
        while lat <= 22.90:
            pts.append((round(lon, 4), round(lat, 4)))
            lat += 0.05
        lon += 0.05
    return pts


def test_round_trip_grid_over_shenzhen() -> None:
    worst_gcj = worst_bd = 0.0
    for p in _shenzhen_grid():
        worst_gcj = max(worst_gcj, metres(gcj02_to_wgs84(*wgs84_to_gcj02(*p)), p))
        worst_bd = max(worst_bd, metres(bd09_to_wgs84(*wgs84_to_bd09(*p)), p))
        # and starting from the shifted side
        worst_gcj = max(worst_gcj, metres(wgs84_to_gcj02(*gcj02_to_wgs84(*p)), p))
        worst_bd = max(worst_bd, metres(gcj02_to_bd09(*bd09_to_gcj02(*p)), p))
    assert worst_gcj < 0.5
    assert worst_bd < 0.5


@pytest.mark.parametrize("point", [(2.3522, 48.8566), (-74.006, 40.7128), (151.2093, -33.8688)])
def test_outside_china_is_noop(point: tuple[float, float]) -> None:
    for fn in (wgs84_to_gcj02, gcj02_to_wgs84, wgs84_to_bd09, bd09_to_wgs84):
        assert fn(*point) == point
    for crs in ("wgs84", "gcj02", "bd09"):
        assert to_wgs84(*point, crs) == point
        assert from_wgs84(*point, crs) == point


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09"])
def test_to_from_wgs84_dispatch(crs: str) -> None:
    p = (114.1, 22.6)
    assert metres(to_wgs84(*from_wgs84(*p, crs), crs), p) < 0.5


def test_dispatch_matches_functions() -> None:
    p = (114.1, 22.6)
    assert from_wgs84(*p, "gcj02") == wgs84_to_gcj02(*p)
    assert from_wgs84(*p, "bd09") == wgs84_to_bd09(*p)
    assert to_wgs84(*p, "wgs84") == p


@pytest.mark.parametrize("crs", ["WGS84", "epsg:4326", "gcj", "", "bd-09"])
def test_bad_crs_raises(crs: str) -> None:
    with pytest.raises(ValueError):
        to_wgs84(114.0, 22.5, crs)
    with pytest.raises(ValueError):
        from_wgs84(114.0, 22.5, crs)


def test_returns_float_tuples() -> None:
    out = to_wgs84(114, 22, "gcj02")
    assert isinstance(out, tuple) and len(out) == 2
    assert all(isinstance(v, float) for v in out)
