"""Exports of a (filtered) list of service points as CSV, XLSX or GeoJSON.

Columns are those of data/sites.csv, the import format, so an export can be edited and
imported again. Text is data: cells cannot turn into formulas (resourcemap.spreadsheet, whose
leading apostrophe the importer removes again).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from openpyxl import Workbook

from resourcemap.directory.hours import format_hours
from resourcemap.directory.models import ServicePoint
from resourcemap.spreadsheet import SafeDictWriter, xlsx_text_cell

COLUMNS = [
    "source", "external_id", "name", "alternate_name", "category", "organization", "description", "address",
    "district_code", "district", "street_code", "street", "community_code", "community", "lon", "lat",
    "location_precision", "phone", "website", "hours", "hours_note", "min_age", "max_age", "eligibility",
    "languages", "accessibility", "fee_free", "fees", "status", "assured_date", "provenance",
]
FORMATS = ("csv", "xlsx", "geojson")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def site_row(site: ServicePoint) -> dict[str, str]:
    return {
        "source": site.source,
        "external_id": site.external_id,
        "name": site.name,
        "alternate_name": site.alternate_name,
        "category": site.category.code,
        "organization": site.organization.code if site.organization else "",
        "description": site.description,
        "address": site.address,
        "district_code": site.district_id or "",
        "district": site.district.name if site.district else "",
        "street_code": site.street_id or "",
        "street": site.street.name if site.street else "",
        "community_code": site.community_id or "",
        "community": site.community.name if site.community else "",
        "lon": f"{site.location.x:.6f}",
        "lat": f"{site.location.y:.6f}",
        "location_precision": site.location_precision,
        "phone": ";".join(site.phones),
        "website": site.website,
        "hours": format_hours(site.opening_hours or []),
        "hours_note": site.hours_note,
        "min_age": _text(site.min_age),
        "max_age": _text(site.max_age),
        "eligibility": site.eligibility,
        "languages": ";".join(site.languages),
        "accessibility": site.accessibility,
        "fee_free": _text(site.fee_free),
        "fees": site.fees,
        "status": site.status,
        "assured_date": site.assured_date.isoformat() if site.assured_date else "",
        "provenance": site.provenance,
    }


def _rows(sites: QuerySet[ServicePoint]) -> Iterator[dict[str, str]]:
    related = sites.select_related("category", "organization", "district", "street", "community")
    for site in related.iterator(chunk_size=2000):
        yield site_row(site)


def export_response(sites: QuerySet[ServicePoint], fmt: str, basename: str) -> HttpResponse:
    if fmt == "csv":
        body, content_type = _csv(_rows(sites)), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = _xlsx(_rows(sites))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "geojson":
        body, content_type = _geojson(_rows(sites)), "application/geo+json"
    else:
        raise ValueError(f"unknown export format: {fmt}")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{basename}.{fmt}"'
    return response


def _csv(rows: Iterable[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = SafeDictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # A byte-order mark so that Excel opens the UTF-8 Chinese text correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(rows: Iterable[dict[str, str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("sites")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([xlsx_text_cell(sheet, row[column]) for column in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _geojson(rows: Iterable[dict[str, str]]) -> bytes:
    features = []
    for row in rows:
        properties = {k: v for k, v in row.items() if k not in ("lon", "lat")}
        geometry = {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")
