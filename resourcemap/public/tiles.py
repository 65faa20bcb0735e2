"""The map's data by view: the public sites of one Web Mercator tile, clustered on a grid.

A tile (z, x, y) is cut into CELLS x CELLS cells (64 px each at 256-px tiles). Every cell
holding two or more matching sites becomes one cluster (its count, the mean position of its
sites and their bounding box, so a click can zoom onto them); a cell with one site carries the
site itself. From `settings.MAP_TILE_SITES_ZOOM` on, a tile lists each of its sites (up to
MAX_SITES_PER_TILE; past that it stays clustered), and the browser's markercluster handles
sites that share a building.

Cells are numbered over the whole world (each site's zoom-24 cell and its Morton code are
stored columns, see public/migrations/0001_map_cells.py), so a site belongs to exactly one tile
at each zoom: the clusters of the tiles covering a view add up to exactly the sites in them, and
a tile is one range of the code's covering index: a tile of 870,000 sites is counted without
reading the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, BigIntegerField, Count, FloatField, Max, Min
from django.db.models.expressions import RawSQL

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.public.chinese_script import in_page_script

CELLS = 4  # per tile side: clusters are counted on a 4 x 4 grid (64 px cells)
CELL_SHIFT = 2  # log2(CELLS)
MAX_SITES_PER_TILE = 1000
BASE_ZOOM = 24  # the zoom of the stored cells (public/migrations/0001_map_cells.py), ~2 m here


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int


def tile_error(z: int, x: int, y: int) -> dict[str, list[str]]:
    """Field errors of a tile address, empty when valid."""
    errors: dict[str, list[str]] = {}
    if not 0 <= z <= settings.TILES_MAX_ZOOM:
        errors["z"] = [f"Zoom must be between 0 and {settings.TILES_MAX_ZOOM}."]
        return errors
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value < 2**z:
            errors[name] = [f"Tile {name} must be between 0 and {2**z - 1} at zoom {z}."]
    return errors


def _base_lon(x: float) -> float:
    return x / 2**BASE_ZOOM * 360.0 - 180.0


def _base_lat(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**BASE_ZOOM))))


def _morton(x: int, y: int) -> int:
    code = 0
    for bit in range(BASE_ZOOM):
        code |= ((x >> bit) & 1) << (2 * bit) | ((y >> bit) & 1) << (2 * bit + 1)
    return code


def _in_tile(sites: ServicePointQuerySet, tile: Tile) -> ServicePointQuerySet:
    # The stored Morton code of each site's zoom-24 cell (not a model field: raw SQL): a tile's
    # sites are one range of codes, read from the covering index.
    shift = 2 * (BASE_ZOOM - tile.z)
    first = _morton(tile.x, tile.y) << shift
    return (
        sites.order_by()
        .annotate(map_code=RawSQL("directory_servicepoint.map_code", [], output_field=BigIntegerField()))
        .filter(map_code__gte=first, map_code__lt=first + (1 << shift))
    )


def _site_rows(ids: list[int], codes: dict[int, str]) -> list[list[object]]:
    rows = ServicePoint.objects.filter(pk__in=ids).order_by("pk").values_list(
        "id", "location", "name", "category_id", "location_precision")
    return [
        [pk, round(location.x, 6), round(location.y, 6), in_page_script(name), codes.get(category, ""),
         1 if precision in ServicePoint.APPROXIMATE_PRECISIONS else 0]
        for pk, location, name, category, precision in rows
    ]


def tile_data(sites: ServicePointQuerySet, tile: Tile) -> dict[str, object]:
    """{count, clusters: [[lon, lat, count, west, south, east, north]], sites: [[id, lon, lat,
    name, category code, approximate 0/1]]} for the matching sites in the tile (WGS-84). A
    cluster's position is the mean of its sites' cells and its box their cells' edges (to ~2 m)."""
    codes = dict(Category.objects.values_list("id", "code"))
    in_tile = _in_tile(sites, tile)
    cell_shift = 2 * (BASE_ZOOM - tile.z - CELL_SHIFT)
    map_x = RawSQL("directory_servicepoint.map_x", [], output_field=FloatField())
    map_y = RawSQL("directory_servicepoint.map_y", [], output_field=FloatField())
    cells = list(
        in_tile.annotate(cell=RawSQL("directory_servicepoint.map_code >> %s", [cell_shift],
                                     output_field=BigIntegerField()))
        .values("cell")
        .annotate(n=Count("id"), mean_x=Avg(map_x), mean_y=Avg(map_y), min_x=Min(map_x), min_y=Min(map_y),
                  max_x=Max(map_x), max_y=Max(map_y), first_id=Min("id"))
        .order_by("cell")
    )
    total = sum(cell["n"] for cell in cells)
    if tile.z >= settings.MAP_TILE_SITES_ZOOM and total <= MAX_SITES_PER_TILE:
        ids = list(in_tile.values_list("id", flat=True))
        return {"count": total, "clusters": [], "sites": _site_rows(ids, codes)}
    clusters = [
        [round(_base_lon(cell["mean_x"] + 0.5), 6), round(_base_lat(cell["mean_y"] + 0.5), 6), cell["n"],
         round(_base_lon(cell["min_x"]), 6), round(_base_lat(cell["max_y"] + 1), 6),
         round(_base_lon(cell["max_x"] + 1), 6), round(_base_lat(cell["min_y"]), 6)]
        for cell in cells if cell["n"] > 1
    ]
    singles = _site_rows([cell["first_id"] for cell in cells if cell["n"] == 1], codes)
    return {"count": total, "clusters": clusters, "sites": singles}
