"""One row of the file -> the site fields it sets, with errors and warnings naming row and column."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from loaders import cells
from loaders.plan import Issue
from loaders.reference import Lookups
from resourcemap.directory.service_areas import parse_service_area
from resourcemap.geo.geocoding import AreaIndex, in_city
from resourcemap.geo.transform import CRS_CHOICES, to_wgs84
from resourcemap.search.normalize import normalize

# Plain text columns: canonical column -> (site field, max length).
TEXT_COLUMNS = {
    "name": ("name", 255),
    "alternate_name": ("alternate_name", 500),
    "description": ("description", 20_000),
    "address": ("address", 500),
    "hours_note": ("hours_note", 300),
    "eligibility": ("eligibility", 5_000),
    "accessibility": ("accessibility", 5_000),
    "fees": ("fees", 300),
    "provenance": ("provenance", 300),
}
# Columns read by a cell reader: canonical column -> (site field, reader).
PARSED_COLUMNS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "phone": ("phones", cells.phones),
    "website": ("website", cells.url),
    "email": ("email", cells.email),
    "hours": ("opening_hours", cells.hours),
    "min_age": ("min_age", cells.age),
    "max_age": ("max_age", cells.age),
    "languages": ("languages", cells.languages),
    "fee_free": ("fee_free", cells.boolean),
    "status": ("status", cells.status),
    "assured_date": ("assured_date", cells.iso_date),
}


@dataclass
class RowResult:
    row: int
    external_id: str
    values: dict[str, Any] = field(default_factory=dict)  # site field -> stored value (JSON-friendly)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    has_point: bool = False
    # What the row names, for locating it when it has no coordinates.
    address: str = ""
    community: str = ""
    street: str = ""
    district: str = ""
    placed_by: str = ""  # how a row without coordinates was placed (shown in the plan)


def auto_external_id(name: str, address: str) -> str:
    """A stable key for lists without an id column: the same name and address give the same id."""
    digest = hashlib.sha1(f"{normalize(name)}|{normalize(address)}".encode()).hexdigest()[:16]
    return f"auto-{digest}"


def outside_city_message(lon: float, lat: float, crs: str) -> str:
    """Why a point may lie outside the city: swapped columns, another CRS, or not degrees at all."""
    where = {"lon": lon, "lat": lat, "crs": crs}
    if abs(lat) <= 180 and abs(lon) <= 90 and in_city(*to_wgs84(lat, lon, crs)):
        return _("the point (%(lon)s, %(lat)s) lies outside the city; latitude and longitude look swapped") % where
    if abs(lon) > 180 or abs(lat) > 90:
        return _(
            "the point (%(lon)s, %(lat)s) lies outside the city; these are not degrees (projected metres?): "
            "give decimal degrees"
        ) % where
    for other in CRS_CHOICES:
        if other != crs and in_city(*to_wgs84(lon, lat, other)):
            return _(
                "the point (%(lon)s, %(lat)s) lies outside the city; the coordinates may be in %(other)s, "
                "not %(crs)s (check --crs)"
            ) % {**where, "other": other}
    return _(
        "the point (%(lon)s, %(lat)s) lies outside the city; check the coordinates and the coordinate system (--crs)"
    ) % where


class RowReader:
    """Reads rows of one file; `columns` are the canonical columns the file has."""

    def __init__(self, columns: set[str], crs: str, lookups: Lookups, areas: AreaIndex) -> None:
        self.columns = columns
        self.crs = crs
        self.lookups = lookups
        self.areas = areas
        # Districts that streets belong to; a functional area (大鹏新区) holds streets of another.
        self.statutory = {street.district_code for street in areas.streets}

    def read(self, number: int, cells_by_column: dict[str, str]) -> RowResult:
        get = cells_by_column.get
        result = RowResult(row=number, external_id="")

        def error(column: str, message: str) -> None:
            result.errors.append(Issue(number, column, get(column, "") or "", message))

        def warn(column: str, message: str) -> None:
            result.warnings.append(Issue(number, column, get(column, "") or "", message))

        values = result.values
        for column, (site_field, max_length) in TEXT_COLUMNS.items():
            if column in self.columns:
                try:
                    values[site_field] = cells.text(get(column, ""), max_length)
                except cells.CellError as exc:
                    error(column, str(exc))
        if not get("name"):
            error("name", _("a name is required"))
        if "external_id" in self.columns:
            result.external_id = get("external_id", "")
            if not result.external_id:
                error("external_id", _("an id is required (the office’s own code for this site)"))
            elif len(result.external_id) > 128:
                error("external_id", _("too long: at most 128 characters"))
        else:
            result.external_id = auto_external_id(get("name", ""), get("address", ""))
        for column, (site_field, reader) in PARSED_COLUMNS.items():
            if column in self.columns:
                try:
                    values[site_field] = reader(get(column, ""))
                except cells.CellError as exc:
                    error(column, str(exc))
        if values.get("min_age") and values.get("max_age") and float(values["min_age"]) > float(values["max_age"]):
            error("max_age", _("the maximum age is below the minimum age (%(min)s)") % {"min": values["min_age"]})
        self._read_category(get, values, error)
        if get("service_area"):  # blank: the rules decide for a new site, an existing one keeps its own
            kind = parse_service_area(get("service_area", ""))
            if kind is None:
                error("service_area", _("unknown service area: use city, district, street, community or none"))
            else:
                values["service_area_kind"] = kind
        self._read_areas(get, result, error, warn)
        self._read_point(get, result, error)
        return result

    def _read_category(self, get: Callable[..., str], values: dict[str, Any], error: Callable[..., None]) -> None:
        if "category" in self.columns:
            value = get("category", "")
            category = self.lookups.category(value) if value else None
            if not value:
                error("category", _("a category is required"))
            elif category is None:
                error("category", _("unknown category: use one of %(known)s") % {"known": self.lookups.accepted("category")})
            values["category_id"] = category
        if "organization" in self.columns:
            value = get("organization", "")
            organization = self.lookups.organization(value) if value else None
            if value and organization is None:
                error("organization", _("unknown organization: use one of %(known)s")
                      % {"known": self.lookups.accepted("organization")})
            values["organization_id"] = organization

    def _read_areas(
        self, get: Callable[..., str], result: RowResult, error: Callable[..., None], warn: Callable[..., None]
    ) -> None:
        values = result.values
        district_column = "district_code" if get("district_code") else "district"
        street_column = "street_code" if get("street_code") else "street"
        community_column = "community_code" if get("community_code") else "community"
        result.district, result.street = get(district_column, ""), get(street_column, "")
        result.community, result.address = get(community_column, ""), get("address", "")
        district = self.areas.district(result.district) if result.district else None
        if result.district and district is None:
            error(district_column, _("unknown district: use its code (e.g. 440304) or name (福田区)"))
        street = None
        if result.street:
            street = self.areas.street(result.street, district.code if district else "") or self.areas.street(
                result.street
            )
        if result.street and street is None:
            error(street_column, _("unknown street: use its code (e.g. 440304001000) or name (园岭街道)"))
        community = None
        if result.community:
            community = self.areas.community(result.community, street.code if street else "")
            if community is None:
                warn(community_column, _("unknown community: left empty"))
        if community and not street:
            street = self.areas.street(community.street_code)
        if street and district and street.district_code != district.code and district.code in self.statutory:
            warn(street_column, _("%(street)s belongs to district %(belongs)s, not %(given)s") % {
                "street": street.name, "belongs": street.district_code, "given": district.code})
        if street and not district:
            district = self.areas.district(street.district_code)
        has_area_columns = {"district", "district_code", "street", "street_code"} & self.columns
        if has_area_columns or district or street:
            values["district_id"] = district.code if district else None
            values["street_id"] = street.code if street else None
        if {"community", "community_code"} & self.columns:
            values["community_id"] = community.code if community else None

    def _read_point(self, get: Callable[..., str], result: RowResult, error: Callable[..., None]) -> None:
        values = result.values
        if "location_precision" in self.columns and get("location_precision"):
            try:
                values["location_precision"] = cells.precision(get("location_precision", ""))
            except cells.CellError as exc:
                error("location_precision", str(exc))
        try:
            lon = cells.coordinate(get("lon", ""))
        except cells.CellError as exc:
            error("lon", str(exc))
            return
        try:
            lat = cells.coordinate(get("lat", ""))
        except cells.CellError as exc:
            error("lat", str(exc))
            return
        if lon is None and lat is None:
            return
        if lon is None or lat is None:
            error("lon" if lon is None else "lat", _("give both longitude and latitude, or neither"))
            return
        if abs(lon) > 180 or abs(lat) > 90:
            error("lon", outside_city_message(lon, lat, self.crs))
            return
        wlon, wlat = to_wgs84(lon, lat, self.crs)
        if not in_city(wlon, wlat):
            error("lon", outside_city_message(lon, lat, self.crs))
            return
        values["lon"], values["lat"] = round(wlon, 7), round(wlat, 7)
        values.setdefault("location_precision", "surveyed")
        result.has_point = True
