"""Every state change of a site or a category, as one explicit atomic function (zulip's
`actions/` pattern): the one write path of the directory.

Each action keeps the derived data right: the search columns (built by
resourcemap.search.index from the site's text and its category's names and aliases),
`updated_at` and a history row per changed site (django-simple-history, so the admin can
revert). The admin and the tests call these; nothing else writes those fields. The one
set-based exception is loaders/apply.py, which writes whole import plans in SQL with the same
derived data (search_columns_for, updated_at, history rows); tests/loaders/test_reimport.py
checks that an import stores exactly what save_site would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.search.index import search_columns_for

# Site fields the search columns are built from: changing one of them means reindexing.
SEARCHED_FIELDS = frozenset({"name", "alternate_name", "description", "address", "category", "category_id"})
REINDEX_CHUNK = 2000


def category_words(category: Category) -> str:
    """What a site's search columns take from its category: every name and alias."""
    return " ".join(
        filter(None, [category.name_zh_hans, category.name_zh_hant, category.name_en, category.aliases])
    )


def fill_search_columns(site: ServicePoint) -> None:
    """Sets the site's search columns from its current fields (before a save)."""
    columns = search_columns_for(
        site.name, site.alternate_name, site.description, site.address, category_words(site.category)
    )
    for field, value in columns.items():
        setattr(site, field, value)


@transaction.atomic
def save_site(site: ServicePoint, *, user: Any = None, reason: str | None = None) -> ServicePoint:
    """Creates or updates one site (admin form, revert, tests) with its derived data."""
    site.updated_at = timezone.now()
    fill_search_columns(site)
    if user is not None and getattr(user, "pk", None) is not None:
        site._history_user = user  # read by simple_history's post_save receiver
    if reason:
        site._change_reason = reason
    site.save()
    return site


@transaction.atomic
def bulk_set_fields(
    sites: Iterable[ServicePoint], *, user: Any = None, reason: str, **values: Any
) -> int:
    """Sets the same values on many sites (admin bulk actions), one history row per site."""
    sites = list(sites)
    now = timezone.now()
    reindex = not SEARCHED_FIELDS.isdisjoint(values)
    for site in sites:
        for field, value in values.items():
            setattr(site, field, value)
        site.updated_at = now
        if reindex:
            fill_search_columns(site)
    written = [*values, "updated_at", *(["search_text", "search_grams", "search_latin"] if reindex else [])]
    bulk_update_with_history(sites, ServicePoint, written, default_user=user, default_change_reason=reason)
    return len(sites)


class CategoryCodeChanged(ValueError):
    pass


@transaction.atomic
def update_category(category: Category) -> Category:
    """Saves a category and reindexes its sites: their search columns hold its names and
    aliases, so a new alias finds them at once.

    A category's code never changes once created: shared map links (?category=...), API
    clients, import files and the law library's mapping file name categories by code. (The
    stored legal-basis links hold the category by foreign key and would follow it.)"""
    if category.pk is not None:
        stored = Category.objects.filter(pk=category.pk).values_list("code", flat=True).first()
        if stored is not None and stored != category.code:
            raise CategoryCodeChanged(f"category code {stored!r} cannot change (to {category.code!r})")
    category.save()
    reindex_sites(ServicePoint.objects.filter(category=category).values_list("pk", flat=True))
    return category


@transaction.atomic
def reindex_sites(site_ids: Iterable[int] | None = None) -> int:
    """Recomputes the search columns of these sites (all when None), set-based: one UPDATE per
    chunk. Derived data only: updated_at and history are left alone (no field of the site
    changed)."""
    sites = ServicePoint.objects.select_related("category").only(
        "pk", "name", "alternate_name", "description", "address",
        "category__name_zh_hans", "category__name_zh_hant", "category__name_en", "category__aliases",
    ).order_by("pk")
    if site_ids is not None:
        sites = sites.filter(pk__in=list(site_ids))
    count = 0
    chunk: list[tuple[int, str, list[str], str]] = []
    for site in sites.iterator(chunk_size=REINDEX_CHUNK):
        fill_search_columns(site)
        chunk.append((site.pk, site.search_text, site.search_grams, site.search_latin))
        if len(chunk) == REINDEX_CHUNK:
            count += _write_search_columns(chunk)
            chunk = []
    if chunk:
        count += _write_search_columns(chunk)
    return count


def _write_search_columns(rows: list[tuple[int, str, list[str], str]]) -> int:
    # One JSON document per chunk: the grams are ragged arrays, which unnest() cannot take.
    document = json.dumps([{"id": r[0], "text": r[1], "grams": r[2], "latin": r[3]} for r in rows],
                          ensure_ascii=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_servicepoint AS sp SET search_text = v.text, search_grams = v.grams,"
            " search_latin = v.latin"
            " FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, text text, grams text[], latin text)"
            " WHERE sp.id = v.id",
            [document],
        )
        return cursor.rowcount
