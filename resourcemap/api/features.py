"""Service points as GeoJSON features: plain dicts, built once per site, in the client's crs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils import timezone

from resourcemap.directory.models import ServicePoint
from resourcemap.directory.presenter import SUMMARY_FIELDS, site_summary, site_values
from resourcemap.geo.geojson import rfc7946
from resourcemap.geo.transform import from_wgs84

# What summary_properties reads. Nearest lookups fetch only these columns (and no search
# grams, the bulk of a row), so that each candidate row is cheap to fetch and build.
SITE_COLUMNS = (*SUMMARY_FIELDS, "location")


def point_geometry(lon: float, lat: float, crs: str) -> dict[str, Any]:
    x, y = from_wgs84(lon, lat, crs) if crs != "wgs84" else (lon, lat)
    return {"type": "Point", "coordinates": [round(x, 7), round(y, 7)]}


def area_geometry(geometry: GEOSGeometry, crs: str) -> dict[str, Any]:
    """A (multi)polygon as GeoJSON, every vertex moved into `crs`, its rings wound as RFC 7946 says."""
    polygons = geometry if isinstance(geometry, MultiPolygon) else [geometry]
    coordinates = [
        [[list(from_wgs84(x, y, crs)) if crs != "wgs84" else [x, y] for x, y in ring] for ring in polygon.coords]
        for polygon in polygons
    ]
    return rfc7946({"type": "MultiPolygon", "coordinates": coordinates})


def summary_properties(site: ServicePoint, now: datetime) -> dict[str, Any]:
    return site_summary(site_values(site), site.category, now)


def detail_properties(site: ServicePoint, now: datetime) -> dict[str, Any]:
    """Every public field of one site."""
    properties = summary_properties(site, now)
    organization = site.organization
    properties.update(
        {
            "alternate_name": site.alternate_name,
            "also_categories": [category.code for category in site.also_categories.all()],
            "description": site.description,
            "organization": (
                {"code": organization.code, "name": organization.name} if organization is not None else None
            ),
            "district_name": site.district.name if site.district is not None else "",
            # A district-precision site's stored street is only where its placeholder point fell.
            "street": site.known_street.code if site.known_street is not None else None,
            "street_name": site.known_street.name if site.known_street is not None else "",
            "community": site.community_id,
            "community_name": site.community.name if site.community is not None else "",
            "website": site.website,
            "email": site.email,
            "opening_hours": list(site.opening_hours),
            "languages": list(site.languages),
            "accessibility": site.accessibility,
            "fee_free": site.fee_free,
            "fees": site.fees,
            "assured_date": site.assured_date.isoformat() if site.assured_date else None,
            "stale": site.is_stale(),
            "provenance": site.provenance,
            "updated_at": site.updated_at.isoformat(),
        }
    )
    return properties


def site_feature(site: ServicePoint, crs: str, *, detail: bool = False, now: datetime | None = None) -> dict[str, Any]:
    now = timezone.localtime(now) if now else timezone.localtime()
    properties = detail_properties(site, now) if detail else summary_properties(site, now)
    distance = getattr(site, "distance_m", None)
    if distance is not None:
        properties["distance_m"] = round(distance.m, 1)
        # From an approximate point the distance is to the area's stand-in point, not the door.
        properties["distance_exact"] = not site.is_approximate
    return {
        "type": "Feature",
        "id": site.pk,
        "geometry": point_geometry(site.location.x, site.location.y, crs),
        "properties": properties,
    }


def feature_collection(features: list[dict[str, Any]], crs: str, **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "coordinate_system": crs, **members, "features": features}
