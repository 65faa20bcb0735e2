"""validate(): file -> rows -> located, checked, compared with the database -> Plan. Writes nothing."""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from loaders import db
from loaders.plan import Issue, Plan, RetiredSite, SiteChange
from loaders.read import read_table
from loaders.reference import Lookups
from loaders.rows import RowReader, RowResult
from resourcemap.directory.service_areas import default_service_area
from resourcemap.geo.gazetteer import Placement, metres, rounded_distance, typical_error
from resourcemap.geo.gazetteer import gazetteer as offline_gazetteer
from resourcemap.geo.geocoding import AreaIndex, locate
from resourcemap.search.normalize import normalize

DUPLICATE_RADIUS_M = 100.0
CONTRADICTION_MIN_M = 1000.0  # given coordinates this far from their own address get a warning
PROGRESS_EVERY_ROWS = 500
Progress = Callable[[str, int, int], None]  # (step, rows done, rows in all)
# The geocoder's notes (resourcemap/geo/geocoding.py, not an app with a catalogue of its own)
# reach administrators in import reports: marked here so they land in this app's catalogue.
GEOCODER_NOTES = (
    gettext_noop("no geocoder is configured"), gettext_noop("there is no address to geocode"),
    gettext_noop("the geocoder found nothing"), gettext_noop("the geocoder’s answer lies outside the city"),
    gettext_noop("the geocoder failed (%(error)s)"),
)
logger = logging.getLogger(__name__)


class _Clock:
    """Logs how long each step took (DEBUG on logger loaders.validate; the benchmark shows it)."""

    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        logger.debug("%s: %.2f s", step, now - self.last)
        self.last = now


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance; plenty for a 100 m duplicate test."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def _locate_row(result: RowResult, existing: dict[str, Any] | None, areas: AreaIndex, geocode: bool) -> None:
    """A row without coordinates keeps a known site's point unless its address changed;
    otherwise it is geocoded, falling back to the areas it names. Never dropped silently."""
    address_changed = existing is not None and "address" in result.values and (
        result.values["address"] != existing["address"]
    )
    if existing is not None and not address_changed:
        return
    found = None
    if geocode:
        found = locate(
            address=result.address, community=result.community, street=result.street, district=result.district,
            areas=areas,
        )
    if found is None:
        result.errors.append(Issue(
            result.row, "lon", "",
            _("no coordinates, and neither the address nor a district/street/community in the row could be "
              "located: add lon/lat or name the community, street or district"),
        ))
        return
    if found.method == "geocoder":
        message = _("no coordinates: located by geocoded address")
    else:
        levels = {"community": _("community"), "street": _("street"), "district": _("district"),
                  "road": _("road"), "old_street_area": _("former street area")}
        message = _("no coordinates: located by %(level)s %(name)s (approximate)") % {
            "level": levels[found.precision], "name": found.label}
    if found.note:
        message = f"{message}; {found.note}"
    if found.method == "geocoder":
        _cross_check(result, found.lon, found.lat, _("the geocoder’s point"))
    result.placed_by = message
    result.warnings.append(Issue(result.row, "address", result.address, message))
    result.values["lon"], result.values["lat"] = round(found.lon, 7), round(found.lat, 7)
    result.values["location_precision"] = found.precision


def _cross_check(result: RowResult, lon: float, lat: float, what: str) -> None:
    """Warn when a point lies further from where the row's own address points than the
    gazetteer's measured 90th-percentile error for that level (and at least 1 km)."""
    text = "".join(p for p in (result.district, result.street, result.community, result.address)
                   if p and not p.isdigit())
    if not text:
        return
    placed = offline_gazetteer().locate(text)
    if not isinstance(placed, Placement):
        return
    error = typical_error(placed.precision)
    threshold = max(CONTRADICTION_MIN_M, error[1] if error else 0.0)
    distance = metres(lon, lat, placed.lon, placed.lat)
    if distance > threshold:
        result.warnings.append(Issue(
            result.row, "address", result.address,
            _("%(what)s lies %(distance)s from where the address points (%(reason)s; expected within "
              "%(threshold)s): check the coordinates or the address") % {
                "what": what, "distance": rounded_distance(distance), "reason": placed.reason,
                "threshold": rounded_distance(threshold)},
        ))


def _default_service_areas(
    merged: dict[int, dict[str, Any]], results: dict[int, RowResult], existing: dict[str, Any], lookups: Lookups
) -> None:
    """A new site without a service_area cell gets the rules' default (data/service_area_rules.csv);
    an existing one keeps what it has (an administrator may have set it by hand)."""
    code_of = {pk: code for code, pk in lookups.category_codes.items()}
    for i, site in merged.items():
        result = results[i]
        if "service_area_kind" in result.values or result.external_id in existing:
            continue
        site["service_area_kind"] = default_service_area(code_of.get(site["category_id"], ""), site["name"])


def _assign_areas(merged: dict[int, dict[str, Any]], results: dict[int, RowResult]) -> None:
    """District and street by point-in-polygon where the row did not give them."""
    wanted = [
        (i, site["lon"], site["lat"]) for i, site in merged.items()
        if site.get("street_id") is None or site.get("district_id") is None
    ]
    for i, (street, district) in db.streets_of(wanted).items():
        site = merged[i]
        if site.get("district_id") is None:
            site["district_id"] = district
        # Placed only to a district or a former street that split: the street is not known.
        street_known = site.get("location_precision") not in ("old_street_area", "district")
        if site.get("street_id") is None and street and district == site["district_id"] and street_known:
            site["street_id"] = street
    for i, site in merged.items():
        if site.get("district_id") is None:
            results[i].warnings.append(Issue(
                results[i].row, "lon", f"{site['lon']}, {site['lat']}",
                _("the point lies outside every district outline: district and street left empty"),
            ))


def _warn_duplicates(plan: Plan, merged: dict[int, dict[str, Any]], results: dict[int, RowResult]) -> None:
    """Same normalised name within 100 m of a different site, in the file or in the database."""
    names = {i: normalize(site["name"]) for i, site in merged.items()}
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, name in names.items():
        by_name[name].append(i)

    def warn(i: int, other: str) -> None:
        results[i].warnings.append(Issue(
            results[i].row, "name", merged[i]["name"],
            _("probably a duplicate of %(other)s: same name within %(metres)d m")
            % {"other": other, "metres": DUPLICATE_RADIUS_M},
        ))

    for rows in by_name.values():
        for k, i in enumerate(rows):
            for j in rows[:k]:
                here, there = merged[i], merged[j]
                if _metres((here["lon"], here["lat"]), (there["lon"], there["lat"])) <= DUPLICATE_RADIUS_M:
                    warn(i, _("row %(row)s") % {"row": results[j].row})
                    break
    points = [(i, site["lon"], site["lat"]) for i, site in merged.items()]
    warned: set[int] = set()
    in_file = {r.external_id for r in results.values()}
    for i, name, source, external_id in db.sites_near(points, DUPLICATE_RADIUS_M):
        if i in warned or (source == plan.source and external_id in in_file):
            continue  # the file's own sites were compared above
        if normalize(name) == names[i]:
            warn(i, _("%(name)s (%(source)s/%(id)s) already in the directory") % {
                "name": name, "source": source, "id": external_id})
            warned.add(i)


def build_plan(plan: Plan, content: bytes, params: Any, progress: Progress | None = None) -> Plan:
    clock = _Clock()
    report = progress or (lambda phase, done, total: None)
    report(gettext_noop("reading"), 0, 0)
    table = read_table(content, plan.file_name, params.sheet)
    clock.lap("read")
    plan.columns = table.columns
    plan.unknown_columns = table.unknown_columns
    for header in table.unknown_columns:
        plan.warnings.append(Issue(None, header, "", _("unknown column: not imported")))
    plan.fingerprint = db.source_fingerprint(plan.source)
    existing = db.existing_sites(plan.source)
    areas = AreaIndex.load()
    lookups = Lookups.load()
    category_codes = {pk: code for code, pk in lookups.category_codes.items()}
    reader = RowReader(set(table.frame.columns), params.crs, lookups, areas)
    clock.lap(f"database state ({len(existing)} sites of the source)")

    results: dict[int, RowResult] = {}
    first_row: dict[str, int] = {}
    total = len(table.frame)
    for i, (number, cells) in enumerate(zip(table.row_numbers, _rows_of(table), strict=True)):
        if i % PROGRESS_EVERY_ROWS == 0:
            report(gettext_noop("checking rows"), i, total)
        if not any(cells.values()):
            plan.blank_rows += 1
            continue
        plan.total_rows += 1
        result = reader.read(number, cells)
        if result.external_id in first_row:
            result.errors.append(Issue(
                number, "external_id", result.external_id,
                _("duplicate id: row %(row)s has the same external_id") % {"row": first_row[result.external_id]},
            ))
        elif result.external_id:
            first_row[result.external_id] = number
        old = existing.get(result.external_id)
        if not result.has_point and not result.errors:
            _locate_row(result, old, areas, params.geocode)
        elif result.has_point and not result.errors and "lon" in result.values and (
            old is None or (old["lon"], old["lat"], old["address"])
            != (result.values["lon"], result.values["lat"], result.values.get("address", old["address"]))
        ):  # only new or moved points: a re-import of an unchanged list costs nothing
            result.placed_by = _("coordinates from the file")
            _cross_check(result, result.values["lon"], result.values["lat"], _("the row’s point"))
        if result.external_id not in existing and not result.errors and result.values.get("category_id") is None:
            result.errors.append(Issue(number, "category", "", _("a new site needs a category")))
        results[i] = result

    del table  # the cells live on only in the rows' values
    clock.lap(f"{plan.total_rows} rows read and checked")
    report(gettext_noop("comparing with the directory"), total, total)
    merged = {
        i: {**(existing.get(r.external_id) or db.DEFAULTS), **r.values}
        for i, r in results.items() if not r.errors
    }
    for i, site in merged.items():
        if "lon" in results[i].values and "district_id" not in results[i].values:
            site["district_id"] = site["street_id"] = None  # a moved site is placed again below
    _default_service_areas(merged, results, existing, reader.lookups)
    _assign_areas(merged, results)
    clock.lap("districts and streets by point-in-polygon")
    _warn_duplicates(plan, merged, results)
    clock.lap("probable duplicates")

    for i, site in merged.items():
        result = results[i]
        old = existing.get(result.external_id)
        # The merged dict becomes the record (a second dict per row was a second copy of the import).
        record = _as_record(site, result.external_id)
        result.values = {}
        if old is None:
            plan.added.append(_change(result, site, {}, None, category_codes))
            plan.records.append(record)
            continue
        changes = {f: [old[f], record[f]] for f in db.SITE_FIELDS if old[f] != record[f]}
        if changes:
            plan.changed.append(_change(result, site, changes, old, category_codes))
            plan.records.append(record)
        else:
            plan.unchanged += 1
    if params.full_list:
        plan.open_sites = sum(1 for site in existing.values() if site["status"] != "closed")
        plan.mass_retire_percent = settings.IMPORT_MASS_RETIRE_PERCENT
        listed = {r.external_id for r in results.values()}
        plan.retired = [
            RetiredSite(external_id, site["name"]) for external_id, site in sorted(existing.items())
            if external_id not in listed and site["status"] != "closed"
        ]
    clock.lap("compared with the database")
    for result in results.values():
        plan.errors.extend(result.errors)
        plan.warnings.extend(result.warnings)
    headers = {canonical: header for header, canonical in plan.columns.items()}
    for issue in [*plan.errors, *plan.warnings]:
        issue.header = headers.get(issue.column, "")
    return plan


def _rows_of(table: Any) -> Iterator[dict[str, str]]:
    """The table's rows as {column: cell}, one at a time (to_dict("records") made them all at once)."""
    columns = list(table.frame.columns)
    for values in zip(*(table.frame[column].tolist() for column in columns), strict=True):
        yield dict(zip(columns, values, strict=True))


def _as_record(site: dict[str, Any], external_id: str) -> dict[str, Any]:
    """The merged site, in place, as the record apply() writes: external_id and SITE_FIELDS only."""
    for name in [name for name in site if name not in _RECORD_FIELDS]:
        del site[name]
    for name in db.SITE_FIELDS:
        site.setdefault(name, None)
    site["external_id"] = external_id
    return site


_RECORD_FIELDS = frozenset(db.SITE_FIELDS)


def _change(result: RowResult, site: dict[str, Any], changes: dict[str, list[Any]], old: dict[str, Any] | None,
            category_codes: dict[int, str]) -> SiteChange:
    """An added or changed site with what the preview shows: address, category, point, precision, why."""
    moved = None
    if old is not None and ("lon" in changes or "lat" in changes) and old["lon"] is not None:
        moved = round(metres(old["lon"], old["lat"], site["lon"], site["lat"]))
    return SiteChange(
        result.row, result.external_id, site["name"], changes, address=site.get("address") or "",
        category=category_codes.get(site.get("category_id"), ""), precision=site.get("location_precision") or "",
        lon=site.get("lon"), lat=site.get("lat"), moved_m=moved,
        placed_by=result.placed_by or (_("kept: the address did not change") if old is not None else ""),
    )
