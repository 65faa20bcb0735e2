"""One presenter of a site: the summary every list of sites sends (API lists and nearest,
referral plans and, through them, the JS), built from plain values so
that a model instance and a `.values()` row (the map's thousands of sites) give the same dict.

`approximate` is decided here (resourcemap.directory.precision) and sent; clients never re-derive it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from resourcemap.directory.hours import format_hours, is_open_at
from resourcemap.directory.models import Category, ServicePoint
from resourcemap.directory.precision import is_approximate

# The site columns a summary reads (and so what a list query fetches).
SUMMARY_FIELDS = (
    "id", "name", "category_id", "address", "phones", "district_id", "status", "location_precision",
    "opening_hours", "hours_note", "min_age", "max_age", "eligibility", "service_area_kind",
)
# The category columns a summary reads (category is fetched with select_related or once per list).
CATEGORY_FIELDS = ("code", "name_zh_hans", "name_zh_hant", "name_en", "color")


def site_values(site: ServicePoint) -> dict[str, Any]:
    return {field: getattr(site, field) for field in SUMMARY_FIELDS}


def site_summary(values: Mapping[str, Any], category: Category, now: datetime) -> dict[str, Any]:
    """What a map marker, a nearest list and a referral line need."""
    hours = values["opening_hours"]
    return {
        "id": values["id"],
        "name": values["name"],
        "category": category.code,
        "category_name": category.name,
        "color": category.color,
        "address": values["address"],
        "phones": list(values["phones"]),
        "district": values["district_id"],
        "status": values["status"],
        "location_precision": values["location_precision"],
        "approximate": is_approximate(values["location_precision"]),
        "service_area": values["service_area_kind"] or None,
        "hours": format_hours(hours),
        "hours_note": values["hours_note"],
        "open_now": is_open_at(hours, now),
        "min_age": float(values["min_age"]) if values["min_age"] is not None else None,
        "max_age": float(values["max_age"]) if values["max_age"] is not None else None,
        "eligibility": values["eligibility"],
        "url": f"/sites/{values['id']}/",
    }
