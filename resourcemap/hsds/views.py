"""The HSDS 3.0 API: /api/hsds/, /services, /services/{id}, /service_at_locations."""

from __future__ import annotations

import math
from typing import Any

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api.base import PublicAPIView
from resourcemap.api.openapi import BAD_REQUEST, NOT_FOUND
from resourcemap.api.params import parse_params
from resourcemap.hsds import mapping
from resourcemap.hsds.params import ServiceAtLocationListParams, ServiceListParams

PAGE_SCHEMA = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                 "contents"],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": {"type": "object", "required": ["id"]}},
    },
}
SERVICE_SCHEMA = {"type": "object", "required": ["id", "name", "status"]}


def page_of(rows: list[dict[str, Any]], total: int, page: int, per_page: int) -> dict[str, Any]:
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not rows,
        "contents": rows,
    }


def filtered_sites(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    sites = mapping.exported_sites()
    if params.get("taxonomy_term_id"):
        sites = sites.of_category(params["taxonomy_term_id"])
    if params.get("organization_id"):
        sites = sites.filter(organization__code=params["organization_id"])
    if params.get("modified_after"):
        sites = sites.filter(updated_at__gte=params["modified_after"])
    if params.get("search"):
        sites = sites.search(params["search"])
    return sites


class HsdsRootView(PublicAPIView):
    @extend_schema(
        operation_id="hsds_root", summary="HSDS API metadata",
        responses={200: OpenApiResponse(response={
            "type": "object", "required": ["version", "openapi_url"],
            "properties": {"version": {"type": "string"}, "profile": {"type": "string"},
                           "openapi_url": {"type": "string"}},
        })},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": mapping.HSDS_VERSION,
                "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
                "openapi_url": request.build_absolute_uri("/api/v1/schema/"),
            }
        )


class ServiceListView(PublicAPIView):
    @extend_schema(
        operation_id="hsds_services_list", parameters=[ServiceListParams],
        summary="Paginated HSDS services (one-to-one fields)",
        responses={200: OpenApiResponse(response=PAGE_SCHEMA), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(ServiceListParams, request)
        sites = filtered_sites(params)
        page, per_page = params["page"], params["per_page"]
        window = sites[(page - 1) * per_page: page * per_page]
        return Response(page_of([mapping.service_row(s) for s in window], sites.count(), page, per_page))


class ServiceDetailView(PublicAPIView):
    @extend_schema(
        operation_id="hsds_services_retrieve", summary="One fully nested HSDS service",
        responses={200: OpenApiResponse(response=SERVICE_SCHEMA), 404: NOT_FOUND},
    )
    def get(self, request: Request, service_id: str) -> Response:
        site = (
            mapping.exported_sites().filter(pk=int(service_id)).first()
            if service_id.isascii() and service_id.isdigit() and len(service_id) < 19
            else None
        )
        if site is None:
            return Response({"errors": {"id": ["No service has this id."]}}, status=404)
        return Response(mapping.full_service(site))


class ServiceAtLocationListView(PublicAPIView):
    @extend_schema(
        operation_id="hsds_service_at_locations_list", parameters=[ServiceAtLocationListParams],
        summary="Paginated HSDS service_at_location records with their locations",
        description="With lat and lon, ordered nearest first; proximity (metres) limits the distance. "
        "Postcodes are not recorded, so postcode is answered with a 400 that says so.",
        responses={200: OpenApiResponse(response=PAGE_SCHEMA), 400: BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(ServiceAtLocationListParams, request)
        sites = filtered_sites(params)
        page, per_page = params["page"], params["per_page"]
        start, stop = (page - 1) * per_page, page * per_page
        if params.get("lat") is not None:
            point = Point(params["lon"], params["lat"], srid=4326)
            radius = params.get("proximity")
            total = sites.filter(location__dwithin=(point, D(m=radius))).count() if radius is not None else sites.count()
            window = list(sites.near(point, radius)[start:stop]) if start < total else []
        else:
            total = sites.count()
            window = list(sites[start:stop])
        rows = [mapping.service_at_location_with_location(site) for site in window]
        return Response(page_of(rows, total, page, per_page))
