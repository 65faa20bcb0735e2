"""The geocode answer for typed addresses (the API and the referral page).

resourcemap.geo.geocoding tries the configured geocoder, then the district/street/community
names in the text. `remember=False`: an address typed by the public is a child's
whereabouts, so it is neither cached nor logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from resourcemap.geo.geocoding import geocode_address


@dataclass(frozen=True)
class GeocodeAnswer:
    lat: float
    lon: float
    precision: str
    label: str
    approximate: bool


def locate_typed_place(text: str) -> GeocodeAnswer | None:
    result = geocode_address(text, remember=False)
    if result is None:
        return None
    return GeocodeAnswer(
        lat=round(result.lat, 7), lon=round(result.lon, 7), precision=result.precision, label=result.label,
        approximate=result.is_approximate,
    )
