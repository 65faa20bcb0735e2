"""Loads data/needs.csv into the Need table: created or updated by code, idempotent."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.db import transaction

from resourcemap.directory.models import Category
from resourcemap.needs.models import Need

NEEDS_FILE = Path(settings.BASE_DIR) / "data" / "needs.csv"


class BadNeedsFile(ValueError):
    pass


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


@transaction.atomic
def load_needs(path: Path = NEEDS_FILE) -> dict[str, int]:
    """Every line of the file into the table; an unknown category or group stops the load, naming
    the line, and changes nothing."""
    categories = {c.code: c for c in Category.objects.all()}
    groups = {code for code, _label in Need.GROUP_CHOICES}
    counts = {"added": 0, "updated": 0}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for order, row in enumerate(rows, start=1):
            where = f"{path.name}, need {row.get('code')!r}"
            if row["group"] not in groups:
                raise BadNeedsFile(f"{where}: unknown group {row['group']!r} (use {', '.join(sorted(groups))})")
            unknown = [code for code in _split(row["categories"]) if code not in categories]
            if unknown:
                raise BadNeedsFile(f"{where}: unknown categories {', '.join(unknown)}")
            need, created = Need.objects.update_or_create(
                code=row["code"],
                defaults={
                    "group": row["group"], "name_zh_hans": row["name_zh_hans"], "name_zh_hant": row["name_zh_hant"],
                    "name_en": row["name_en"], "synonyms": "; ".join(_split(row["synonyms"])),
                    "articles": "; ".join(_split(row["articles"])), "sort_order": order * 10,
                },
            )
            need.categories.set([categories[code] for code in _split(row["categories"])])
            counts["added" if created else "updated"] += 1
    return counts
