"""Loads data/site_categories.csv: further categories of shipped sites (external_id, category,
reason), e.g. 九年一贯制 schools, which are secondary schools that also teach primary grades."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction

from resourcemap.directory.models import Category, ServicePoint


class AlsoCategoriesError(ValueError):
    """The file names a site or category that does not exist; the message names the line."""


@transaction.atomic
def load_also_categories(path: Path, source: str) -> int:
    """Adds each listed category to the site of `source` with that external_id; returns how many
    links are new. All or nothing: an unknown site or category changes nothing."""
    categories = {c.code: c for c in Category.objects.all()}
    sites = dict(ServicePoint.objects.filter(source=source).values_list("external_id", "pk"))
    through = ServicePoint.also_categories.through
    wanted = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["external_id"] not in sites:
                raise AlsoCategoriesError(f"{path.name} line {line}: no site {row['external_id']!r} in {source}")
            if row["category"] not in categories:
                raise AlsoCategoriesError(f"{path.name} line {line}: unknown category {row['category']!r}")
            wanted.append(through(servicepoint_id=sites[row["external_id"]],
                                  category_id=categories[row["category"]].pk))
    before = through.objects.count()
    through.objects.bulk_create(wanted, ignore_conflicts=True)
    return through.objects.count() - before
