"""HSDS metadata: who changed what, when and from which import, from the audit trail.

Every change to a service point is a history row (django-simple-history, written by the
admin and, set-based, by the import pipeline with the reason "import <n>: <file>"). Each row
becomes one HSDS metadata record per changed field; a creation or a deletion is one record.
Staff are named by role and number, never by name (the directory publishes no personal data).

The data package requires field_name, previous_value and replacement_value to be non-empty
(Frictionless reads an empty cell as missing), so, as the profile states, a creation or
deletion has field_name "*" (the whole record) and an absent or empty value is written "-";
a creation's replacement_value is the site's provenance (the source file and row it came from).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from functools import cache
from typing import Any

from django.contrib.gis.geos import GEOSGeometry

from resourcemap.directory.models import ServicePoint
from resourcemap.hsds.ids import site_uuid
from resourcemap.hsds.mapping import service_id

ACTION = {"+": "create", "~": "update", "-": "delete"}
# Bookkeeping columns of a history row, and what no consumer should diff.
NOT_TRACKED = {"id", "created_at", "updated_at", "history_id", "history_date", "history_type", "history_user",
               "history_change_reason", "search_text", "search_grams", "search_latin"}


NO_VALUE = "-"
WHOLE_RECORD = "*"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, GEOSGeometry):
        return value.wkt
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def _updated_by(record: Any) -> str:
    if record.history_change_reason:
        return str(record.history_change_reason)
    if record.history_user_id:
        return f"staff #{record.history_user_id}"
    return "system"


@cache
def _tracked_fields() -> tuple[str, ...]:
    model = ServicePoint.history.model
    return tuple(f.attname for f in model._meta.concrete_fields if f.name not in NOT_TRACKED)


def metadata_of(records: Iterable[Any], service_id: str, source: str, external_id: str) -> list[dict[str, Any]]:
    """The metadata records of one site's history rows, given oldest first."""
    fields = _tracked_fields()
    rows: list[dict[str, Any]] = []
    previous = None
    for record in records:
        when = record.history_date.astimezone(UTC)
        base = {"resource_id": service_id, "resource_type": "service", "last_action_date": when.date().isoformat(),
                "last_action_type": ACTION.get(record.history_type, "update"), "updated_by": _updated_by(record)}
        changes: list[tuple[str, str, str]] = []
        if record.history_type == "~" and previous is not None:
            for name in fields:
                before, after = _text(getattr(previous, name)), _text(getattr(record, name))
                if before != after:
                    changes.append((name, before, after))
        if not changes:
            # A creation's new value is where the record came from (the import's source row).
            changes = [(WHOLE_RECORD, "", record.provenance if record.history_type == "+" else "")]
        for field, before, after in changes:
            rows.append({
                "id": site_uuid("metadata", source, external_id, when.isoformat(), field),
                **base, "field_name": field,
                "previous_value": before or NO_VALUE, "replacement_value": after or NO_VALUE,
            })
        previous = record
    return rows


def metadata_by_site(sites: Iterable[ServicePoint]) -> dict[int, list[dict[str, Any]]]:
    """The metadata of each site, keyed by its pk (one query for all of them)."""
    keyed = {site.pk: site for site in sites}
    records: dict[int, list[Any]] = {pk: [] for pk in keyed}
    history = ServicePoint.history.model.objects.filter(id__in=list(keyed)).order_by("id", "history_date",
                                                                                     "history_id")
    for record in history.iterator(chunk_size=2000):
        records[record.id].append(record)
    return {
        pk: metadata_of(records[pk], service_id(site), site.source, site.external_id)
        for pk, site in keyed.items()
    }
