"""What validation asks the database, each in one set-based query (an import may have 100,000 rows).

Raw SQL because the questions are about a list of points that is not in the database yet:
`unnest` turns the arrays into a relation the GiST indexes can be joined against.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection

# The site fields an import compares and writes (the search columns are derived from them).
SITE_FIELDS = (
    "name", "alternate_name", "description", "category_id", "organization_id", "address", "district_id",
    "street_id", "community_id", "lon", "lat", "location_precision", "phones", "website", "email",
    "opening_hours", "hours_note", "min_age", "max_age", "eligibility", "languages", "accessibility",
    "fee_free", "fees", "status", "assured_date", "provenance", "service_area_kind",
)
DEFAULTS: dict[str, Any] = {
    "alternate_name": "", "description": "", "organization_id": None, "address": "", "district_id": None,
    "street_id": None, "community_id": None, "phones": [], "website": "", "email": "", "opening_hours": [],
    "hours_note": "", "min_age": None, "max_age": None, "eligibility": "", "languages": [], "accessibility": "",
    "fee_free": None, "fees": "", "status": "active", "assured_date": None, "provenance": "",
    "service_area_kind": "",
}


def _points(points: list[tuple[int, float, float]]) -> tuple[list[int], list[float], list[float]]:
    return [p[0] for p in points], [p[1] for p in points], [p[2] for p in points]


def streets_of(points: list[tuple[int, float, float]]) -> dict[int, tuple[str | None, str]]:
    """Point index -> (street code, district code) by point-in-polygon; a point outside every
    street outline gets (None, statutory district) when it lies inside a district."""
    if not points:
        return {}
    found: dict[int, tuple[str | None, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ON (p.i) p.i, s.code, s.district_id"
            " FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(i, lon, lat)"
            " JOIN directory_street s ON ST_Intersects(s.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))"
            " ORDER BY p.i, s.code",
            _points(points),
        )
        for i, street, district in cursor.fetchall():
            found[i] = (street, district)
        rest = [p for p in points if p[0] not in found]
        if rest:
            cursor.execute(
                "SELECT DISTINCT ON (p.i) p.i, d.code"
                " FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(i, lon, lat)"
                " JOIN directory_district d ON d.kind = 'statutory'"
                " AND ST_Intersects(d.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))"
                " ORDER BY p.i, d.code",
                _points(rest),
            )
            for i, district in cursor.fetchall():
                found[i] = (None, district)
    return found


def sites_near(
    points: list[tuple[int, float, float]], radius_m: float
) -> list[tuple[int, str, str, str]]:
    """(point index, name, source, external_id) of every open site within radius_m of a point."""
    if not points:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.i, sp.name, sp.source, sp.external_id"
            " FROM unnest(%s::int[], %s::float8[], %s::float8[]) AS p(i, lon, lat)"
            " JOIN directory_servicepoint sp"
            " ON ST_DWithin(sp.location, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)::geography, %s)"
            " WHERE sp.status <> 'closed'",
            [*_points(points), radius_m],
        )
        return cursor.fetchall()


def source_fingerprint(source: str) -> str:
    """A digest of every row of the source: any change to its sites (import, admin edit) changes it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(md5(string_agg(md5(sp::text), '' ORDER BY sp.id)), '')"
            " FROM directory_servicepoint sp WHERE sp.source = %s",
            [source],
        )
        count, digest = cursor.fetchone()
    return f"{count}:{digest}"


_CONVERTED = {"min_age", "max_age", "assured_date", "lon", "lat", "opening_hours", "phones", "languages"}


def comparable(field: str, value: Any) -> Any:
    """The JSON-friendly form both sides of a comparison use."""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.1")))
    if isinstance(value, date):
        return value.isoformat()
    if field in ("lon", "lat") and value is not None:
        return round(float(value), 7)
    if field == "opening_hours" and isinstance(value, str):
        return json.loads(value)
    if field in ("phones", "languages") and value is None:
        return []
    return value


def existing_sites(source: str) -> dict[str, dict[str, Any]]:
    """external_id -> {"id": ..., every SITE_FIELDS value in comparable form} for the source."""
    columns = [f for f in SITE_FIELDS if f not in ("lon", "lat")]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, external_id, {', '.join(columns)},"  # noqa: S608 - column names are constants
            " ST_X(location::geometry), ST_Y(location::geometry)"
            " FROM directory_servicepoint WHERE source = %s",
            [source],
        )
        names = ["id", "external_id", *columns, "lon", "lat"]
        # Only these columns can come back in a form the file's side does not use.
        convert = [(k, name) for k, name in enumerate(names) if name in _CONVERTED]
        sites: dict[str, dict[str, Any]] = {}
        for row in cursor.fetchall():
            site = dict(zip(names, row, strict=True))
            for k, name in convert:
                site[name] = comparable(name, row[k])
            sites[site["external_id"]] = site
    return sites
