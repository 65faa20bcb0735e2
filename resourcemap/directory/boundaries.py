"""Loads district, street and community boundaries from data/boundaries/ (WGS-84).

Idempotent: rows are created or updated by code, so running it again changes nothing.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction

from resourcemap.directory.models import Community, District, Street


def _multipolygon(geometry: dict) -> MultiPolygon:
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon(geom, srid=4326)


@transaction.atomic
def load_boundaries(folder: Path) -> dict[str, int]:
    districts = json.loads((folder / "districts.geojson").read_text(encoding="utf-8"))["features"]
    # Statutory districts first: functional areas point at their parent.
    districts.sort(key=lambda f: f["properties"].get("kind") == "functional")
    for feature in districts:
        props = feature["properties"]
        District.objects.update_or_create(
            code=props["code"],
            defaults={
                "name": props["name"],
                "name_en": props.get("name_en") or "",
                "kind": props.get("kind") or "statutory",
                "parent_id": props.get("parent_code"),
                "boundary": _multipolygon(feature["geometry"]),
            },
        )
    streets = json.loads((folder / "streets.geojson").read_text(encoding="utf-8"))["features"]
    for feature in streets:
        props = feature["properties"]
        Street.objects.update_or_create(
            code=props["code"],
            defaults={
                "name": props["name"],
                "district_id": props["district_code"],
                "functional_area_id": props.get("functional_area_code"),
                "approximate": bool(props.get("approximate", True)),
                "boundary": _multipolygon(feature["geometry"]) if feature.get("geometry") else None,
            },
        )
    communities = 0
    with (folder / "communities.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not Street.objects.filter(code=row["street_code"]).exists():
                continue
            centroid = Point(float(row["lon"]), float(row["lat"]), srid=4326) if row.get("lon") else None
            Community.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "street_id": row["street_code"],
                    "centroid": centroid,
                    "centroid_source": row.get("centroid_source") or "",
                },
            )
            communities += 1
    return {"districts": len(districts), "streets": len(streets), "communities": communities}
