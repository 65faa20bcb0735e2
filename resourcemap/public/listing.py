"""The results list: the same items on the server-rendered page and in results.json, one
page at a time (every matching site is reachable: the count is the whole set's)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.urls import reverse

from resourcemap.directory.models import ServicePoint
from resourcemap.directory.presenter import CATEGORY_FIELDS, SUMMARY_FIELDS, site_summary, site_values
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.public.chinese_script import in_page_script, pinyin_for_english

PAGE_SIZE = 20


def page_bounds(page: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    return (page - 1) * size, page * size


def list_items(sites: ServicePointQuerySet, now: datetime, page: int = 1) -> list[dict[str, Any]]:
    """One page of the list: each site as the presenter gives it (resourcemap.directory.presenter,
    the same dict as the API's lists), put into the page's script, with its page's URL in the
    page's language."""
    start, stop = page_bounds(page)
    return items_of(with_list_columns(sites)[start:stop], now)


def with_list_columns(sites: ServicePointQuerySet) -> ServicePointQuerySet:
    """Only what a list item reads (no search columns, the bulk of a row), with the category."""
    return sites.select_related("category").only(
        *SUMMARY_FIELDS, "location", *(f"category__{field}" for field in CATEGORY_FIELDS)
    )


def items_of(rows: Iterable[ServicePoint], now: datetime) -> list[dict[str, Any]]:
    """The list items of these sites, in their order (a `distance_m` annotation is shown)."""
    items = []
    for site in rows:
        summary = site_summary(site_values(site), site.category, now)
        item: dict[str, Any] = {
            "id": summary["id"],
            "name": in_page_script(summary["name"]),
            "pinyin": pinyin_for_english(summary["name"]),
            "category": summary["category"],
            "category_name": summary["category_name"],
            "address": in_page_script(summary["address"]),
            "approximate": summary["approximate"],
            "open_now": summary["open_now"],
            "temporarily_closed": summary["status"] == "temporarily_closed",
            "url": reverse("site-page", args=[summary["id"]]),
            # "Show on map" goes to the site even when its data tile is not loaded yet.
            "lon": round(site.location.x, 6),
            "lat": round(site.location.y, 6),
        }
        distance = getattr(site, "distance_m", None)
        if distance is not None:
            item["distance_m"] = round(distance.m, 1)
        items.append(item)
    return items


def items_for_ids(ids: list[int], now: datetime) -> list[dict[str, Any]]:
    """The list items of these sites (one page of an answer), in the order given."""
    by_id = {item["id"]: item for item in list_items(ServicePoint.objects.public().filter(pk__in=ids), now)}
    return [by_id[pk] for pk in ids if pk in by_id]


def has_more(count: int, page: int, size: int = PAGE_SIZE) -> bool:
    return page * size < count
