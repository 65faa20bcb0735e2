"""GET /api/v1/responsible/: the area of a point or typed address and its responsible units.

A child's whereabouts: no-store (PrivateLookupView), the query string never reaches a log line
(resourcemap/logging.py), nothing is stored.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api import openapi
from resourcemap.api.params import BadParameters, CrsParams, FiniteFloatField, parse_params
from resourcemap.api.views.lookups import PrivateLookupView
from resourcemap.geo.transform import to_wgs84
from resourcemap.responsible.area import OutsideCity, locate_point
from resourcemap.responsible.units import Responsible, Unit, place_of_address, responsible_units

ADDRESS_MAX_LENGTH = 200


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


def resolve(params: dict[str, Any]) -> tuple[Responsible, Any]:
    """The answer for validated parameters, or BadParameters (outside the city, address not found)."""
    address = params.get("address", "")
    place = None
    if "wgs_lon" in params:
        lon, lat, field = params["wgs_lon"], params["wgs_lat"], "lat"
    else:
        place = place_of_address(address)
        if place is None:
            raise BadParameters({"address": [_("No place in the city matches this address.")]})
        lon, lat, field = place.lon, place.lat, "address"
    try:
        area = locate_point(lon, lat, address=address)
    except OutsideCity as exc:
        raise BadParameters({field: [str(exc)]}) from exc
    return responsible_units(area), place


@lru_cache(maxsize=1024)
def article_url(law: str, version: str, article: str, language: str | None) -> str:
    """Article.get_absolute_url, remembered: the same few articles on every answer, and the URL
    patterns never change while the process runs (reverse() is a large share of a lookup)."""
    with override(language):
        return reverse("policies:article", args=[law, version, article])


def unit_json(unit: Unit) -> dict[str, Any]:
    site = unit.site
    return {
        "role": unit.role,
        "title": unit.title,
        "note": unit.note,
        "phone": unit.phone or None,
        "site": None if site is None else {
            "id": site.pk, "name": site.name, "category": site.category.code, "phones": list(site.phones),
            "address": site.address, "precision": site.location_precision, "approximate": site.is_approximate,
            "service_area": site.service_area_kind, "url": f"/sites/{site.pk}/",
        },
        "legal_basis": [
            {"law": article.law.short_name, "article": article.number, "label": article.label,
             "url": article_url(article.law.slug, article.law.version, article.slug, get_language())}
            for article in unit.articles
        ],
    }


class ResponsibleView(PrivateLookupView):
    @extend_schema(
        operation_id="responsible_retrieve",
        parameters=[ResponsibleParams],
        summary="Who is responsible here: the area of a point or address and its child-protection units",
        description=(
            "District, street and community of the point, each with a confidence (inside, probably, named, "
            "not_determinable), then the units of the protection network top down (city and district "
            "minor-protection centres, the street's workstation and party-mass centre, the community's "
            "centre, the district civil-affairs bureau, the hotline, 110). A unit with no recorded site has "
            "`site: null` and a note. Answers are not stored, cached or logged."
        ),
        responses={200: openapi.ok(openapi.RESPONSIBLE), 400: openapi.BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(ResponsibleParams, request)
        answer, place = resolve(params)
        body: dict[str, Any] = {
            "point_wgs84": {"lon": round(answer.area.lon, 7), "lat": round(answer.area.lat, 7)},
            "address_precision": place.precision if place else None,
            "area": answer.area.as_json(),
            "units": [unit_json(unit) for unit in answer.units],
        }
        return Response(body)
