"""GeoJSON as RFC 7946 says: polygon rings wound counterclockwise (exterior) and clockwise
(holes), by the right-hand rule (§3.1.6). GEOS and PostGIS keep whatever order the source
had; Leaflet does not care, but other GeoJSON consumers (d3, some validators) do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MEDIA_TYPE = "application/geo+json"


def signed_area(ring: Sequence[Sequence[float]]) -> float:
    """Twice the shoelace area: positive for a counterclockwise ring (lon/lat plane)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:], strict=False))


def wound(polygon: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """The rings of one polygon, the exterior counterclockwise and the holes clockwise."""
    rings = []
    for index, ring in enumerate(polygon):
        points = [list(point) for point in ring]
        counterclockwise = signed_area(points) > 0
        if counterclockwise != (index == 0):
            points.reverse()
        rings.append(points)
    return rings


def rfc7946(geometry: dict[str, Any] | None) -> dict[str, Any] | None:
    """A Polygon or MultiPolygon with its rings rewound (other geometries unchanged)."""
    if geometry is None:
        return None
    if geometry["type"] == "Polygon":
        return {**geometry, "coordinates": wound(geometry["coordinates"])}
    if geometry["type"] == "MultiPolygon":
        return {**geometry, "coordinates": [wound(polygon) for polygon in geometry["coordinates"]]}
    return geometry
