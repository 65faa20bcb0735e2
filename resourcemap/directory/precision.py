"""How precisely a stored or geocoded point locates its place, and the one rule for
"approximate": a point that stands for a road, community, street or district, not a door.
The server sends `approximate` with every site and geocoded place; no client re-derives it."""

from __future__ import annotations

PRECISIONS = ("surveyed", "address", "road", "community", "street", "old_street_area", "district")
# Everything but a surveyed point or a geocoded address; road and old_street_area are the
# offline gazetteer's levels (resourcemap/geo/gazetteer.py).
APPROXIMATE_PRECISIONS = ("community", "street", "district", "road", "old_street_area")


def is_approximate(precision: str) -> bool:
    return precision in APPROXIMATE_PRECISIONS
