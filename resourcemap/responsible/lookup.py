"""Who is responsible for a point or typed address: the parameters and the answer, shared by
the /here/ page and GET /api/v1/responsible/ (resourcemap.api.views.responsible), so both
validate and answer alike. Nothing here stores or logs the point or the address."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from resourcemap.geo.params import CrsParams, FiniteFloatField
from resourcemap.geo.transform import to_wgs84
from resourcemap.geo.typed_places import GeocodeAnswer
from resourcemap.responsible.area import OutsideCity, locate_point
from resourcemap.responsible.units import Responsible, place_of_address, responsible_units

ADDRESS_MAX_LENGTH = 200


class NotResolved(Exception):
    """Valid parameters with no answer (outside the city, no such address): errors by field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(errors)


class ResponsibleParams(CrsParams):
    lat = FiniteFloatField(required=False, min_value=-90, max_value=90, help_text="Latitude in degrees (in `crs`).")
    lon = FiniteFloatField(required=False, min_value=-180, max_value=180, help_text="Longitude in degrees (in `crs`).")
    address = serializers.CharField(
        required=False, max_length=ADDRESS_MAX_LENGTH,
        help_text="An address in the city, instead of lat/lon; naming the community (…社区) lets it be told.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        has_lat, has_lon = "lat" in attrs, "lon" in attrs
        if has_lat != has_lon:
            raise serializers.ValidationError({"lat" if not has_lat else "lon": _("Give both lat and lon.")})
        if not has_lat and not attrs.get("address"):
            raise serializers.ValidationError({"lat": _("Give lat and lon, or an address.")})
        if has_lat:
            attrs["wgs_lon"], attrs["wgs_lat"] = to_wgs84(attrs["lon"], attrs["lat"], attrs["crs"])
        return attrs


def resolve(params: dict[str, Any]) -> tuple[Responsible, GeocodeAnswer | None]:
    """The answer for validated parameters, or NotResolved (outside the city, address not found)."""
    address = params.get("address", "")
    place = None
    if "wgs_lon" in params:
        lon, lat, field = params["wgs_lon"], params["wgs_lat"], "lat"
    else:
        place = place_of_address(address)
        if place is None:
            raise NotResolved({"address": [_("No place in the city matches this address.")]})
        lon, lat, field = place.lon, place.lat, "address"
    try:
        area = locate_point(lon, lat, address=address)
    except OutsideCity as exc:
        raise NotResolved({field: [str(exc)]}) from exc
    return responsible_units(area), place
