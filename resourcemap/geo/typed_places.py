"""The geocode answer for typed addresses (the API and the referral page).

A well-known place named by the whole text (a station, park or landmark: known_places.py) comes
first, from the project's own data, so that the text need not leave the server; then
resourcemap.geo.geocoding tries the configured geocoder, then the district/street/community
names in the text. `remember=False`: an address typed by the public is a child's
whereabouts, so it is neither cached nor logged.
"""

from __future__ import annotations

from dataclasses import dataclass

from resourcemap.geo.geocoding import geocode_address
from resourcemap.geo.known_places import find_known_place


@dataclass(frozen=True)
class GeocodeAnswer:
    lat: float
    lon: float
    precision: str  # a location precision, or station / park / landmark
    label: str
    approximate: bool


def locate_typed_place(text: str) -> GeocodeAnswer | None:
    place = find_known_place(text)
    if place is not None:  # an area, not a door: always approximate
        return GeocodeAnswer(lat=round(place.lat, 7), lon=round(place.lon, 7), precision=place.kind,
                             label=place.name, approximate=True)
    result = geocode_address(text, remember=False)
    if result is None:
        return None
    return GeocodeAnswer(
        lat=round(result.lat, 7), lon=round(result.lon, 7), precision=result.precision, label=result.label,
        approximate=result.is_approximate,
    )
