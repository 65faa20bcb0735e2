"""The HSDS 3.0 tabular data package: every table of the specification as a CSV file (a header
alone where the directory has nothing for it) and a datapackage.json describing them.

Columns are in the specification's order; the rows are the same objects the API answers
(mapping.py), with times in the `time` type's form. Sites are written in (source,
external_id) order, so two exports of the same data are the same files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from resourcemap.directory.models import Organization
from resourcemap.hsds import mapping, profile, taxonomy
from resourcemap.hsds.metadata import metadata_by_site
from resourcemap.hsds.tables import TABLES, column_names, resource
from resourcemap.spreadsheet import SafeDictWriter

CHUNK = 1000


def _site_chunks() -> Iterator[list]:
    chunk: list = []
    for site in mapping.exported_sites().order_by("source", "external_id").iterator(chunk_size=CHUNK):
        chunk.append(site)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def table_rows() -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in TABLES}
    organizations: dict[str, Any] = {mapping.organization_id(o): o for o in Organization.objects.all()}
    for chunk in _site_chunks():
        metadata = metadata_by_site(chunk)
        for site in chunk:
            organizations.setdefault(mapping.organization_id(site.organization), site.organization)
            rows["service"].append(mapping.service_row(site))
            rows["location"].append(mapping.location_row(site))
            rows["service_at_location"].append(mapping.service_at_location_row(site))
            rows["address"].extend(mapping.address_dicts(site))
            rows["schedule"].extend(mapping.schedule_dicts(site, tabular=True))
            rows["phone"].extend(mapping.phone_dicts(site, service_id=mapping.service_id(site)))
            rows["language"].extend(mapping.language_dicts(site))
            rows["accessibility"].extend(mapping.accessibility_dicts(site))
            rows["cost_option"].extend(mapping.cost_option_dicts(site))
            rows["service_area"].extend(mapping.service_area_dicts(site))
            rows["attribute"].extend(mapping.attribute_dicts(site, nested_term=False))
            rows["metadata"].extend(metadata[site.pk])
    # Every organization, and the stand-in if a service points to it (services.organization_id
    # is a required foreign key).
    rows["organization"] = [mapping.organization_dict(o) for _, o in sorted(organizations.items())]
    rows["taxonomy"] = taxonomy.all_taxonomies()
    rows["taxonomy_term"] = taxonomy.all_terms()
    return rows


def datapackage(counts: dict[str, int]) -> dict[str, Any]:
    return {
        "name": "resourcemap-hsds",
        "title": "Child-services resource map (HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": "3.0",
        "hsds_profile": {"name": profile.NAME, "version": profile.VERSION, "uri": "/api/hsds/profile/"},
        "resources": [resource(name, path, spec, keys, counts[name]) for name, path, spec, keys in TABLES],
    }


def _cell(value: Any) -> Any:
    return "" if value is None else value


def write_package(outdir: Path) -> dict[str, int]:
    """Writes the CSV files and datapackage.json into outdir; returns the row count per table."""
    outdir.mkdir(parents=True, exist_ok=True)
    rows = table_rows()
    counts: dict[str, int] = {}
    for name, path, spec, _ in TABLES:
        names = column_names(spec)
        with open(outdir / path, "w", newline="", encoding="utf-8") as handle:
            writer = SafeDictWriter(handle, fieldnames=names, extrasaction="ignore")  # formula-safe cells
            writer.writeheader()
            for row in rows[name]:
                writer.writerow({key: _cell(row.get(key)) for key in names})
        counts[name] = len(rows[name])
    (outdir / "datapackage.json").write_text(json.dumps(datapackage(counts), ensure_ascii=False, indent=2) + "\n")
    return counts
