"""Site lists as GeoJSON straight from database rows.

The map asks for every public site at once (thousands): building a model instance, a GEOS
point and a category instance per site costs more than the query. Lists therefore read plain
values (coordinates as numbers, the category by id) and build the same summary properties
with the same presenter (directory/presenter.py) as model instances.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F, FloatField, Func

from resourcemap.api.features import point_geometry
from resourcemap.directory.models import Category
from resourcemap.directory.presenter import SUMMARY_FIELDS, site_summary
from resourcemap.directory.querysets import ServicePointQuerySet


class _Coordinate(Func):
    output_field = FloatField()

    def __init__(self, function: str) -> None:
        super().__init__(F("location"), function=function, template="%(function)s(%(expressions)s::geometry)")


def site_rows(sites: ServicePointQuerySet) -> ServicePointQuerySet:
    return sites.values(*SUMMARY_FIELDS, lon=_Coordinate("ST_X"), lat=_Coordinate("ST_Y"))


def row_feature(row: dict[str, Any], categories: dict[int, Category], crs: str, now: datetime) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": point_geometry(row["lon"], row["lat"], crs),
        "properties": site_summary(row, categories[row["category_id"]], now),
    }


def row_features(sites: ServicePointQuerySet, crs: str, now: datetime) -> list[dict[str, Any]]:
    categories = {category.pk: category for category in Category.objects.all()}
    return [row_feature(row, categories, crs, now) for row in site_rows(sites)]
