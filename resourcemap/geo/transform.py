"""Coordinate conversions between WGS-84, GCJ-02 (AMap/Tencent/DataV) and BD-09 (Baidu).

GCJ-02 is not a datum but a published obfuscation: a smooth, non-linear offset added to
WGS-84 (300-600 m in Shenzhen). BD-09 adds a further rotation/scale on top of GCJ-02.
The forward formulas are public (no EPSG code exists, pyproj cannot do this).

Why the inverse is iterative: the GCJ-02 offset is a function of the *WGS-84* position,
``gcj = wgs + delta(wgs)``, and has no closed-form inverse. Subtracting ``delta(gcj)``
once (what most snippets do) leaves an error of a few metres, because ``delta`` is
evaluated at the wrong point. We iterate ``wgs_{n+1} = wgs_n - (forward(wgs_n) - gcj)``
(a fixed-point iteration that converges quickly since ``delta`` varies slowly), which is
accurate to well under a centimetre after a handful of steps. BD-09 -> GCJ-02 is the
standard closed-form reverse and BD-09 -> WGS-84 chains it with the iterative inverse.

All functions take and return ``(lon, lat)`` in degrees.
"""

from __future__ import annotations

import math

__all__ = [
    "CRS_CHOICES",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "from_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "out_of_china",
    "to_wgs84",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

Coord = tuple[float, float]

CRS_CHOICES = ("wgs84", "gcj02", "bd09")

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by the GCJ-02 formula
_EE = 0.00669342162296594323  # Krasovsky first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_MAX_ITER = 30
_TOL_DEG = 1e-10  # ~0.01 mm


def out_of_china(lon: float, lat: float) -> bool:
    """The usual rough bounding box outside which GCJ-02 applies no shift."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _delta(lon: float, lat: float) -> Coord:
    """GCJ-02 offset (dlon, dlat) in degrees at a WGS-84 position."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> Coord:
    """WGS-84 -> GCJ-02 (closed form). No shift outside China."""
    if out_of_china(lon, lat):
        return float(lon), float(lat)
    dlon, dlat = _delta(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> Coord:
    """GCJ-02 -> WGS-84 by fixed-point iteration (sub-millimetre; see module docstring)."""
    if out_of_china(lon, lat):
        return float(lon), float(lat)
    wlon, wlat = lon, lat
    for _ in range(_MAX_ITER):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        elon, elat = glon - lon, glat - lat
        wlon, wlat = wlon - elon, wlat - elat
        if abs(elon) < _TOL_DEG and abs(elat) < _TOL_DEG:
            break
    return wlon, wlat


def gcj02_to_bd09(lon: float, lat: float) -> Coord:
    """GCJ-02 -> BD-09 (Baidu's public closed form). No shift outside China."""
    if out_of_china(lon, lat):
        return float(lon), float(lat)
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lon: float, lat: float) -> Coord:
    """BD-09 -> GCJ-02: the standard closed-form reverse, then refined.

    The closed form is itself approximate (~1e-6 deg); three correction steps against
    the forward formula bring it to ~1e-9 deg. No shift outside China.
    """
    if out_of_china(lon, lat):
        return float(lon), float(lat)
    x = lon - 0.0065
    y = lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    glon, glat = z * math.cos(theta), z * math.sin(theta)
    for _ in range(3):
        blon, blat = gcj02_to_bd09(glon, glat)
        glon, glat = glon - (blon - lon), glat - (blat - lat)
    return glon, glat


def wgs84_to_bd09(lon: float, lat: float) -> Coord:
    """WGS-84 -> GCJ-02 -> BD-09."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: float, lat: float) -> Coord:
    """BD-09 -> GCJ-02 -> WGS-84, using the accurate (iterative) inverses."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _check_crs(crs: str) -> str:
    if crs not in CRS_CHOICES:
        raise ValueError(f"unknown CRS {crs!r}; expected one of {', '.join(CRS_CHOICES)}")
    return crs


def to_wgs84(lon: float, lat: float, crs: str) -> Coord:
    """Convert a point given in ``crs`` ("wgs84", "gcj02" or "bd09") to WGS-84."""
    crs = _check_crs(crs)
    if crs == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if crs == "bd09":
        return bd09_to_wgs84(lon, lat)
    return float(lon), float(lat)


def from_wgs84(lon: float, lat: float, crs: str) -> Coord:
    """Convert a WGS-84 point to ``crs`` ("wgs84", "gcj02" or "bd09")."""
    crs = _check_crs(crs)
    if crs == "gcj02":
        return wgs84_to_gcj02(lon, lat)
    if crs == "bd09":
        return wgs84_to_bd09(lon, lat)
    return float(lon), float(lat)
