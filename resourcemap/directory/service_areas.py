"""Service areas: whom a site serves, by rule from data/service_area_rules.csv.

A district's minor-protection centre serves its district wherever its door is; a street's
party-mass centre serves the street; a community's centre its community. The rules give each
site its default kind from its category and name; the admin and the import's `service_area`
column override it per site. Plain functions, so HSDS and the import can call them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

RULES_FILE = Path(settings.BASE_DIR) / "data" / "service_area_rules.csv"
SERVICE_AREA_KINDS = ("city", "district", "street", "community")
# Cell values an office may type in the import column, -> stored kind ("" = none).
KIND_WORDS = {
    "city": "city", "市": "city", "全市": "city",
    "district": "district", "区": "district", "全区": "district",
    "street": "street", "街道": "street",
    "community": "community", "社区": "community",
    "none": "", "无": "", "不限": "",
}


@dataclass(frozen=True)
class ServiceAreaRule:
    category: str
    name_contains: str  # "*" = any name
    kind: str  # one of SERVICE_AREA_KINDS, or "" for none
    why: str

    def matches(self, category: str, name: str) -> bool:
        return self.category == category and (self.name_contains == "*" or self.name_contains in name)


def read_rules(path: Path = RULES_FILE) -> list[ServiceAreaRule]:
    """The rules in file order; a malformed line stops with its line number (the file is ours)."""
    rules = []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines), start=2):
            kind = (row["service_area"] or "").strip()
            if kind and kind not in SERVICE_AREA_KINDS:
                raise ValueError(f"{path.name}: rule {number}: unknown service_area {kind!r}")
            rules.append(ServiceAreaRule(row["category"].strip(), row["name_contains"].strip(), kind, row["why"]))
    return rules


@cache
def _rules() -> tuple[ServiceAreaRule, ...]:
    return tuple(read_rules())


def default_service_area(category_code: str, name: str) -> str:
    """The kind the rules give a site of this category and name ("" when none applies)."""
    for rule in _rules():
        if rule.matches(category_code, name):
            return rule.kind
    return ""


def parse_service_area(cell: str) -> str | None:
    """An import cell -> stored kind ("" = none), or None when the text is not a kind."""
    return KIND_WORDS.get(cell.strip().lower())


@transaction.atomic
def apply_rules(sites: QuerySet | None = None) -> int:
    """Sets the service area of every site (or of `sites`) from the rules; returns rows updated.

    For a fresh load or after the rules change: it overwrites hand edits, which the admin and
    imports make one site at a time. One UPDATE per rule (first match wins), so 1,000,000
    sites take seconds.
    """
    from resourcemap.directory.models import ServicePoint

    queryset = sites if sites is not None else ServicePoint.objects.all()
    updated = 0
    earlier = Q(pk__in=[])
    for rule in _rules():
        matches = Q(category__code=rule.category)
        if rule.name_contains != "*":
            matches &= Q(name__contains=rule.name_contains)
        updated += queryset.filter(matches & ~earlier).exclude(service_area_kind=rule.kind).update(
            service_area_kind=rule.kind
        )
        earlier |= matches
    updated += queryset.filter(~earlier).exclude(service_area_kind="").update(service_area_kind="")
    return updated


def service_area_of(site: object) -> dict[str, str] | None:
    """The area a site serves, as {"kind", "code", "name"} (for the HSDS `service_areas` export);
    None when the site is open to anyone or its area is not recorded."""
    kind = getattr(site, "service_area_kind", "")
    if kind == "city":
        return {"kind": "city", "code": "", "name": settings.CITY_NAME}
    area = {"district": "district", "street": "street", "community": "community"}.get(kind)
    found = getattr(site, area) if area else None
    if found is None:
        return None
    return {"kind": kind, "code": found.code, "name": found.name}
