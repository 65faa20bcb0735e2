"""The HSDS 3.0 tabular data package: one CSV per HSDS table and a datapackage.json.

Table file names and column names are HSDS 3.0's (schema/*.json "path" and properties);
only the tables this directory has data for are written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from resourcemap.directory.models import Category, Organization
from resourcemap.hsds import mapping

# (HSDS table name, file, [(column, Frictionless type)])
TABLES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("organization", "organizations.csv", [
        ("id", "string"), ("name", "string"), ("alternate_name", "string"), ("description", "string"),
        ("website", "string")]),
    ("service", "services.csv", [
        ("id", "string"), ("organization_id", "string"), ("name", "string"), ("alternate_name", "string"),
        ("description", "string"), ("url", "string"), ("email", "string"), ("status", "string"),
        ("fees_description", "string"), ("eligibility_description", "string"), ("minimum_age", "number"),
        ("maximum_age", "number"), ("assured_date", "date")]),
    ("location", "locations.csv", [
        ("id", "string"), ("location_type", "string"), ("organization_id", "string"), ("name", "string"),
        ("alternate_name", "string"), ("description", "string"), ("latitude", "number"),
        ("longitude", "number"), ("external_identifier", "string"), ("external_identifier_type", "string")]),
    ("service_at_location", "service_at_location.csv", [
        ("id", "string"), ("service_id", "string"), ("location_id", "string"), ("description", "string")]),
    ("address", "addresss.csv", [
        ("id", "string"), ("location_id", "string"), ("address_1", "string"), ("city", "string"),
        ("region", "string"), ("state_province", "string"), ("postal_code", "string"), ("country", "string"),
        ("address_type", "string")]),
    ("schedule", "schedules.csv", [
        ("id", "string"), ("service_id", "string"), ("location_id", "string"), ("service_at_location_id", "string"),
        ("freq", "string"), ("interval", "number"), ("byday", "string"), ("opens_at", "string"),
        ("closes_at", "string"), ("timezone", "number"), ("description", "string"), ("notes", "string")]),
    ("phone", "phones.csv", [
        ("id", "string"), ("service_id", "string"), ("location_id", "string"), ("number", "string")]),
    ("taxonomy_term", "taxonomy_terms.csv", [
        ("id", "string"), ("code", "string"), ("name", "string"), ("description", "string"),
        ("parent_id", "string"), ("taxonomy_id", "string"), ("language", "string")]),
    ("attribute", "attributes.csv", [
        ("id", "string"), ("link_id", "string"), ("taxonomy_term_id", "string"), ("link_type", "string"),
        ("link_entity", "string"), ("value", "string")]),
]


def table_rows() -> dict[str, Iterable[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in TABLES}
    rows["organization"] = [mapping.organization_dict(o) for o in Organization.objects.all()]
    rows["taxonomy_term"] = [mapping.taxonomy_term_dict(c) for c in Category.objects.select_related("parent")]
    for site in mapping.exported_sites().iterator(chunk_size=2000):
        rows["service"].append(mapping.service_row(site))
        rows["location"].append(mapping.location_dict(site))
        rows["service_at_location"].append(mapping.service_at_location_row(site))
        if site.address:
            rows["address"].append(mapping.address_dict(site))
        rows["schedule"].extend(mapping.schedule_dicts(site))
        rows["phone"].extend(
            mapping.phone_dicts(site, service_id=mapping.service_id(site), location_id=mapping.location_id(site))
        )
        attribute = mapping.attribute_dict(site)
        attribute.pop("taxonomy_term")
        rows["attribute"].append(attribute)
    if any(row["organization_id"] == mapping.UNRECORDED_ORGANIZATION["id"] for row in rows["service"]):
        rows["organization"].append(dict(mapping.UNRECORDED_ORGANIZATION))
    return rows


def datapackage(counts: dict[str, int]) -> dict[str, Any]:
    return {
        "name": "resourcemap-hsds",
        "title": "Child-services resource map (HSDS 3.0)",
        "profile": "tabular-data-package",
        "hsds_version": mapping.HSDS_VERSION,
        "resources": [
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": [{"name": c, "type": t} for c, t in columns], "primaryKey": "id"},
                "rows": counts[name],
            }
            for name, path, columns in TABLES
        ],
    }


def write_package(outdir: Path) -> dict[str, int]:
    """Writes the CSV files and datapackage.json into outdir; returns the row count per table."""
    outdir.mkdir(parents=True, exist_ok=True)
    rows = table_rows()
    counts: dict[str, int] = {}
    for name, path, columns in TABLES:
        names = [column for column, _ in columns]
        with open(outdir / path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=names, extrasaction="ignore")
            writer.writeheader()
            counts[name] = 0
            for row in rows[name]:
                writer.writerow({key: "" if row.get(key) is None else row[key] for key in names})
                counts[name] += 1
    (outdir / "datapackage.json").write_text(json.dumps(datapackage(counts), ensure_ascii=False, indent=2) + "\n")
    return counts
