"""The results list: the same items on the server-rendered page and in results.json."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from resourcemap.directory.hours import is_open_at
from resourcemap.directory.querysets import ServicePointQuerySet

LIST_LIMIT = 50


def list_items(sites: ServicePointQuerySet, now: datetime, limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    rows = sites.select_related("category", "district").only(
        "name", "address", "location_precision", "opening_hours", "status",
        "category__code", "category__name_zh_hans", "category__name_zh_hant", "category__name_en",
        "category__color", "district__name", "district__name_en",
    )[:limit]
    return [
        {
            "id": site.pk,
            "name": site.name,
            "category": site.category.code,
            "category_name": site.category.name,
            "address": site.address,
            "approximate": site.is_approximate,
            "open_now": is_open_at(site.opening_hours, now),
            "temporarily_closed": site.status == "temporarily_closed",
            "url": reverse("site-page", args=[site.pk]),
        }
        for site in rows
    ]
