"""The results list: the same items on the server-rendered page and in results.json, one
page at a time (every matching site is reachable: the count is the whole set's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from resourcemap.directory.hours import is_open_at
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.public.chinese_script import in_page_script, pinyin_for_english

PAGE_SIZE = 20


def page_bounds(page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    return (page - 1) * size, page * size


def list_items(sites: ServicePointQuerySet, now: datetime, page: int = 1) -> list[dict[str, Any]]:
    start, stop = page_bounds(page)
    rows = sites.select_related("category", "district").only(
        "name", "address", "location_precision", "opening_hours", "status",
        "category__code", "category__name_zh_hans", "category__name_zh_hant", "category__name_en",
        "category__color", "district__name", "district__name_en",
    )[start:stop]
    items = []
    for site in rows:
        item: dict[str, Any] = {
            "id": site.pk,
            "name": in_page_script(site.name),
            "pinyin": pinyin_for_english(site.name),
            "category": site.category.code,
            "category_name": site.category.name,
            "address": in_page_script(site.address),
            "approximate": site.is_approximate,
            "open_now": is_open_at(site.opening_hours, now),
            "temporarily_closed": site.status == "temporarily_closed",
            "url": reverse("site-page", args=[site.pk]),
        }
        distance = getattr(site, "distance_m", None)
        if distance is not None:
            item["distance_m"] = round(distance.m, 1)
        items.append(item)
    return items


def has_more(count: int, page: int, size: int = PAGE_SIZE) -> bool:
    return page * size < count
