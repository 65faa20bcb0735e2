"""Adapter from resourcemap.geo.geocoding to the API's geocode answer.

The outbound geocoder (if configured) is tried first; the district/street/community names
are the offline fallback. The typed text is never logged or stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GeocodeAnswer:
    lat: float
    lon: float
    precision: str
    label: str


def _answer(result: Any, text: str) -> GeocodeAnswer | None:
    if result is None:
        return None
    read = result.get if isinstance(result, dict) else lambda key, default=None: getattr(result, key, default)
    lat, lon = read("lat"), read("lon")
    if lat is None or lon is None:
        point = read("point") or read("location")
        if point is None:
            return None
        lon, lat = point.x, point.y
    return GeocodeAnswer(
        lat=round(float(lat), 7), lon=round(float(lon), 7),
        precision=str(read("precision", "") or ""), label=str(read("label", "") or text),
    )


def locate(text: str) -> GeocodeAnswer | None:
    from resourcemap.geo import geocoding

    answer = _answer(geocoding.geocode_address(text), text)
    if answer is None:
        answer = _answer(geocoding.locate_by_names(address=text), text)
    return answer
