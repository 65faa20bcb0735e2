"""Site lists as GeoJSON straight from database rows.

The map asks for every public site at once (thousands): building a model instance, a GEOS
point and a category instance per site costs more than the query. Lists therefore read plain
values (coordinates as numbers, the category by id) and build the same summary properties
as features.summary_properties does for model instances.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, FloatField, Func

from resourcemap.api.features import point_geometry
from resourcemap.directory.hours import format_hours, is_open_at
from resourcemap.directory.models import Category, ServicePoint
from resourcemap.directory.querysets import ServicePointQuerySet

ROW_FIELDS = (
    "id", "name", "category_id", "address", "phones", "district_id", "status", "location_precision",
    "opening_hours", "hours_note", "min_age", "max_age", "eligibility", "service_area_kind",
)


class _Coordinate(Func):
    output_field = FloatField()

    def __init__(self, function: str) -> None:
        super().__init__(F("location"), function=function, template="%(function)s(%(expressions)s::geometry)")


def site_rows(sites: ServicePointQuerySet) -> ServicePointQuerySet:
    return sites.values(*ROW_FIELDS, lon=_Coordinate("ST_X"), lat=_Coordinate("ST_Y"))


def row_feature(row: dict[str, Any], categories: dict[int, Category], crs: str, now: datetime) -> dict[str, Any]:
    category = categories[row["category_id"]]
    hours = row["opening_hours"]
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": point_geometry(row["lon"], row["lat"], crs),
        "properties": {
            "id": row["id"],
            "name": row["name"],
            "category": category.code,
            "category_name": category.name,
            "color": category.color,
            "address": row["address"],
            "phones": list(row["phones"]),
            "district": row["district_id"],
            "status": row["status"],
            "location_precision": row["location_precision"],
            "approximate": row["location_precision"] in ServicePoint.APPROXIMATE_PRECISIONS,
            "service_area": row["service_area_kind"] or None,
            "hours": format_hours(hours),
            "hours_note": row["hours_note"],
            "open_now": is_open_at(hours, now),
            "min_age": float(row["min_age"]) if row["min_age"] is not None else None,
            "max_age": float(row["max_age"]) if row["max_age"] is not None else None,
            "eligibility": row["eligibility"],
            "url": f"/sites/{row['id']}/",
        },
    }


def row_features(sites: ServicePointQuerySet, crs: str, now: datetime) -> list[dict[str, Any]]:
    categories = {category.pk: category for category in Category.objects.all()}
    return [row_feature(row, categories, crs, now) for row in site_rows(sites)]
