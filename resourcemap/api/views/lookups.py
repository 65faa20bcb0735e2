"""Public API v1: lookups around a point (nearest, referral plan) and geocoding.

These endpoints take a child's position or a typed address: access logs never carry the
query string (resourcemap/logging.py), nothing of the request is stored on the server, and
the answers are marked no-store so that a shared device's browser keeps no copy either.
"""

from __future__ import annotations

from typing import Any

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api import openapi
from resourcemap.api.base import PublicAPIView
from resourcemap.api.features import SITE_COLUMNS, feature_collection, point_geometry, site_feature
from resourcemap.api.params import GeocodeParams, NearestParams, ReferralPlanParams, parse_params
from resourcemap.api.renderers import GeoJSONAnswers
from resourcemap.directory.kept_places import with_categories
from resourcemap.directory.models import ServicePoint
from resourcemap.directory.version_memo import VersionMemo, data_stamp
from resourcemap.finder.filters import SiteFilters
from resourcemap.geo.typed_places import GeocodeAnswer, locate_typed_place
from resourcemap.referral.plan import SUITABLE_RULE, build_plan
from resourcemap.responsible.area import OutsideCity, locate_point
from resourcemap.responsible.units import nearest_unit_first, serving


def serving_sites(sites: Any, point: Point, filters: SiteFilters) -> list[ServicePoint]:
    """The sites whose service area holds the point (none outside the city), nearest unit first.

    Only the point's areas (district, street, community) and the filters decide the answer, so
    each process keeps it per data version: a city has a few hundred streets and communities,
    and a nearest lookup then costs the area lookup, not a second search of the directory.
    """
    try:
        area = locate_point(point.x, point.y)
    except OutsideCity:
        return []
    key = (tuple(filters.categories), tuple(filters.needs), area.district.code, area.street.code, area.community.code)
    stamp = data_stamp()
    kept = serving_memo.get(stamp, key)
    if kept is None:
        kept = nearest_unit_first(with_categories(serving(sites, area)))
        serving_memo.put(stamp, key, kept)
    return kept


# (filters, district, street, community) -> the sites serving that area; read-only once kept.
serving_memo: VersionMemo[list[ServicePoint]] = VersionMemo(size=4096)


@method_decorator(never_cache, name="dispatch")
class PrivateLookupView(PublicAPIView):
    """A lookup whose query is about a child: Cache-Control no-store (and so no ETag)."""


class NearestView(GeoJSONAnswers, PrivateLookupView):
    @extend_schema(
        operation_id="nearest_list",
        parameters=[NearestParams],
        summary="The nearest public sites to a point",
        description=(
            "Ordered by `properties.distance_m`, the geodesic distance in metres on the WGS-84 "
            "ellipsoid. Candidates come from the GiST index (KNN `<->`), then exact distances decide."
        ),
        responses={200: openapi.ok(openapi.NEAREST), 400: openapi.BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(NearestParams, request)
        point = Point(params["wgs_lon"], params["wgs_lat"], srid=4326)
        filters = SiteFilters(categories=params.get("category") or (), needs=params.get("need") or ())
        sites = filters.apply(ServicePoint.objects.public())
        # Categories come from the kept ones (kept_places): no join, no category rows per candidate.
        sites = sites.only(*SITE_COLUMNS)
        nearest = with_categories(sites.locatable().nearest(point, params["limit"], params.get("radius_m")))
        now = timezone.localtime()
        crs = params["crs"]
        serves = [site_feature(site, crs, now=now) for site in serving_sites(sites, point, filters)]
        return Response(feature_collection(
            [site_feature(site, crs, now=now) for site in nearest], crs, serves_your_area=serves
        ))


class ReferralPlanView(PrivateLookupView):
    @extend_schema(
        operation_id="referral_plan_retrieve",
        parameters=[ReferralPlanParams],
        summary="For each need, the nearest suitable open services",
        description=str(SUITABLE_RULE),
        responses={200: openapi.ok(openapi.REFERRAL_PLAN), 400: openapi.BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(ReferralPlanParams, request)
        plan = build_plan(
            params["wgs_lon"], params["wgs_lat"], params.get("needs") or [], params["per_need"], params.get("age"),
            vocabulary=params.get("need") or [],
        )
        crs = params["crs"]
        return Response(
            {
                "point": point_geometry(plan.lon, plan.lat, crs),
                "coordinate_system": crs,
                "age": plan.age,
                "per_need": plan.per_need,
                "suitable": str(SUITABLE_RULE),
                "needs": [
                    {
                        "category": need.category.code if need.category else None,
                        "category_name": need.title,
                        **({"need": need.need.code, "categories": need.category_codes} if need.need else {}),
                        "services": [site_feature(line.site, crs) for line in need.lines],
                        # Sites whose service area holds the point (no distance: their point may be
                        # an area's stand-in), e.g. the district's minor-protection centre.
                        "serves_your_area": [site_feature(line.site, crs) for line in need.serving],
                    }
                    for need in plan.needs
                ],
            }
        )


class GeocodeView(PrivateLookupView):
    @extend_schema(
        operation_id="geocode_retrieve",
        parameters=[GeocodeParams],
        summary="A typed address or place name as a WGS-84 point",
        responses={200: openapi.ok(openapi.GEOCODE), 400: openapi.BAD_REQUEST, 404: openapi.NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(GeocodeParams, request)
        answer: GeocodeAnswer | None = locate_typed_place(params["q"])
        if answer is None:
            return Response({"errors": {"q": ["No place in the city matches this address."]}}, status=404)
        body: dict[str, Any] = {
            "lat": answer.lat, "lon": answer.lon, "precision": answer.precision, "label": answer.label,
            "approximate": answer.approximate,
        }
        return Response(body)
