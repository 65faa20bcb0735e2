"""Real-looking sites for page tests and screenshots: rows of data/sites.csv when present."""

from __future__ import annotations

import csv
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from resourcemap.directory.hours import parse_hours

SITES_CSV = Path(__file__).resolve().parents[2] / "data" / "sites.csv"
KNOWN_CATEGORIES = {
    "party_mass_centre", "minor_protection", "child_welfare", "welfare_centre", "relief_station", "special_school",
    "kindergarten", "primary_school", "secondary_school", "hospital", "childrens_hospital", "maternal_child_health",
}


def load_sample_sites(make_site: Callable[..., Any], per_category: int = 6) -> list[Any]:
    """Up to `per_category` rows of each category from data/sites.csv, through make_site."""
    if not SITES_CSV.exists():
        return []
    taken: dict[str, int] = {}
    sites = []
    with SITES_CSV.open(encoding="utf-8") as handle:
        for row in islice(csv.DictReader(handle), 5000):
            category = row["category"]
            if category not in KNOWN_CATEGORIES or taken.get(category, 0) >= per_category:
                continue
            taken[category] = taken.get(category, 0) + 1
            sites.append(
                make_site(
                    name=row["name"], alternate_name=row.get("alternate_name") or "", category=category,
                    description=row.get("description") or "", address=row.get("address") or "",
                    lon=float(row["lon"]), lat=float(row["lat"]),
                    location_precision=row.get("location_precision") or "surveyed",
                    phones=[p for p in (row.get("phone") or "").split(";") if p],
                    opening_hours=parse_hours(row.get("hours") or ""),
                )
            )
    return sites
