"""Directions links to the map apps people in China use, each in its own coordinate system:
AMap wants GCJ-02, Baidu BD-09, OpenStreetMap WGS-84 (see resourcemap/geo/transform.py)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from resourcemap.geo.transform import wgs84_to_bd09, wgs84_to_gcj02


@dataclass(frozen=True)
class DirectionsLink:
    provider: str
    label: str
    url: str
    crs: str


def directions_links(lon: float, lat: float, name: str) -> list[DirectionsLink]:
    glon, glat = wgs84_to_gcj02(lon, lat)
    blon, blat = wgs84_to_bd09(lon, lat)
    amap = "https://uri.amap.com/marker?" + urlencode(
        {"position": f"{glon:.6f},{glat:.6f}", "name": name, "coordinate": "gaode", "callnative": "1"}
    )
    baidu = "https://api.map.baidu.com/marker?" + urlencode(
        {"location": f"{blat:.6f},{blon:.6f}", "title": name, "content": name, "coord_type": "bd09ll",
         "output": "html", "src": "webapp.resourcemap"}
    )
    osm = "https://www.openstreetmap.org/directions?" + urlencode({"to": f"{lat:.6f},{lon:.6f}"}) + (
        f"#map=17/{lat:.6f}/{lon:.6f}"
    )
    return [
        DirectionsLink("amap", str(_("AMap (Gaode)")), amap, "GCJ-02"),
        DirectionsLink("baidu", str(_("Baidu Maps")), baidu, "BD-09"),
        DirectionsLink("osm", str(_("OpenStreetMap")), osm, "WGS-84"),
    ]
