"""The HSDS 3.0 API: every operation of the official openapi.json, under /api/hsds/.

Lists are paged as the official `Page` schema says, or streamed whole as NDJSON with
format=ndjson. Ids are UUIDs (resourcemap/hsds/ids.py); an unknown one is a JSON 404.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api.base import PublicAPIView
from resourcemap.api.openapi import BAD_REQUEST, NOT_FOUND
from resourcemap.api.params import parse_params
from resourcemap.directory.models import Organization
from resourcemap.hsds import documents, lookups, mapping, taxonomy
from resourcemap.hsds.ids import parse_uuid
from resourcemap.hsds.params import (
    ListParams,
    NoParams,
    OrganizationListParams,
    OrganizationParams,
    ServiceAtLocationListParams,
    ServiceListParams,
    TaxonomyTermListParams,
)
from resourcemap.hsds.renderers import NDJSONRenderer
from resourcemap.hsds.schemas import DOCUMENT, PAGE, ROOT

NDJSON = "application/x-ndjson"


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


def not_found(what: str) -> Response:
    return Response({"errors": {"id": [f"No {what} has this id."]}}, status=404)


def ndjson(rows: Iterable[dict[str, Any]]) -> StreamingHttpResponse:
    def lines() -> Iterator[str]:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type=NDJSON)


def paged_list(items: list[dict[str, Any]], params: dict[str, Any]) -> Any:
    """A list computed whole (organizations, taxonomies, terms: a few dozen rows), paged."""
    if params["format"] == "ndjson":
        return ndjson(items)
    page, per_page = params["page"], params["per_page"]
    return Response(page_of(items[(page - 1) * per_page: page * per_page], len(items), page, per_page))


def paged_sites(sites, params: dict[str, Any], build: Callable[[list], list[dict[str, Any]]],  # type: ignore[no-untyped-def]
                total: int | None = None, near: tuple[Point, float | None] | None = None) -> Any:
    """One page of `sites` (nearest first when `near` is (point, radius_m)), or all as NDJSON."""
    if params["format"] == "ndjson":
        # A stream near a point comes in index (KNN) order; nearest() ranks pages exactly.
        stream = sites.knn_ordered(*near) if near else sites
        return ndjson(row for chunk in _chunks(stream) for row in build(chunk))
    page, per_page = params["page"], params["per_page"]
    total = sites.count() if total is None else total
    start = (page - 1) * per_page
    if start >= total:
        window = []
    elif near:
        window = sites.nearest(near[0], per_page, near[1], offset=start)
    else:
        window = list(sites[start: start + per_page])
    return Response(page_of(build(window), total, page, per_page))


def _chunks(sites, size: int = 500) -> Iterator[list]:  # type: ignore[no-untyped-def]
    chunk: list = []
    for site in sites.iterator(chunk_size=size):
        chunk.append(site)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def filtered_sites(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The public sites matching every filter given (they narrow one another)."""
    sites = mapping.exported_sites()
    if params.get("taxonomy_term_id"):
        sites = lookups.site_of_category_codes(sites, lookups.category_codes_of_term(params["taxonomy_term_id"]))
    if params.get("taxonomy_id"):
        sites = lookups.site_of_category_codes(sites, lookups.category_codes_of_taxonomy(params["taxonomy_id"]))
    if params.get("organization_id"):
        sites = lookups.filter_by_organization(sites, lookups.organization_by_uuid(params["organization_id"]))
    if params.get("modified_after"):
        sites = sites.filter(updated_at__gte=params["modified_after"])
    if params.get("search"):
        sites = sites.search(params["search"])
    return sites


def _matches(text: str, *values: str | None) -> bool:
    needle = text.casefold()
    return any(needle in (value or "").casefold() for value in values)


def schema(operation_id: str, summary: str, response: dict[str, Any], parameters: type | None = None,
           *, not_found: bool = False) -> Callable:
    responses: dict[int, Any] = {200: OpenApiResponse(response=response), 400: BAD_REQUEST}
    if not_found:
        responses[404] = NOT_FOUND
    # NoParams has no fields to document (and drf-spectacular cannot map an empty serializer).
    documented = [parameters] if parameters is not None and parameters is not NoParams else None
    return extend_schema(operation_id=operation_id, summary=summary, parameters=documented, responses=responses)


class HsdsListView(PublicAPIView):
    """A list operation: JSON pages, or NDJSON (see renderers.py)."""

    renderer_classes = [JSONRenderer, NDJSONRenderer]


class HsdsRootView(PublicAPIView):
    @schema("hsds_root", "HSDS API metadata: version, profile, OpenAPI definition", ROOT)
    def get(self, request: Request) -> Response:
        parse_params(NoParams, request)
        return Response({
            "version": mapping.HSDS_VERSION,
            "profile": request.build_absolute_uri("/api/hsds/profile/"),
            "openapi_url": request.build_absolute_uri("/api/hsds/openapi.json"),
        })


class ServiceListView(HsdsListView):
    @schema("hsds_services_list", "Paged HSDS services (one-to-one fields; fully nested with full=true)", PAGE, ServiceListParams)
    def get(self, request: Request) -> Any:
        params = parse_params(ServiceListParams, request)
        sites = filtered_sites(params)
        if params["minimal"]:
            if "per_page" not in request.query_params:
                # HSDS: "aim to return all services within one call".
                params["per_page"] = max(1, sites.count())
            return paged_sites(sites, params, lambda chunk: [documents.minimal_service(s) for s in chunk])
        if params["full"]:
            return paged_sites(sites, params, documents.full_services)
        return paged_sites(sites, params, lambda chunk: [documents.service_list_item(s) for s in chunk])


class ServiceDetailView(PublicAPIView):
    @schema("hsds_services_retrieve", "One fully nested HSDS service", DOCUMENT, NoParams, not_found=True)
    def get(self, request: Request, id: str) -> Response:
        parse_params(NoParams, request)
        value = parse_uuid(id)
        site = lookups.sites_with_uuid(mapping.exported_sites(), "service", value).first() if value else None
        return Response(documents.full_service(site)) if site else not_found("service")


class ServiceAtLocationListView(HsdsListView):
    @schema("hsds_service_at_locations_list", "Paged HSDS service_at_location records with their location and service",
            PAGE, ServiceAtLocationListParams)
    def get(self, request: Request) -> Any:
        params = parse_params(ServiceAtLocationListParams, request)
        sites = filtered_sites(params)
        total = None
        near = None
        if params.get("lat") is not None:
            point = Point(params["lon"], params["lat"], srid=4326)
            radius = params.get("proximity")
            if radius is not None:
                total = sites.filter(location__dwithin=(point, D(m=radius))).count()
            near = (point, radius)
        if params["full"]:
            return paged_sites(sites, params, lambda chunk: [documents.service_at_location_document(s) | {
                "service": mapping.service_row(s)} for s in chunk], total, near)
        return paged_sites(sites, params, lambda chunk: [documents.service_at_location_list_item(s) for s in chunk],
                           total, near)


class ServiceAtLocationDetailView(PublicAPIView):
    @schema("hsds_service_at_locations_retrieve", "The fully nested service delivered at this service_at_location", DOCUMENT, NoParams,
            not_found=True)
    def get(self, request: Request, id: str) -> Response:
        parse_params(NoParams, request)
        value = parse_uuid(id)
        sites = mapping.exported_sites()
        site = lookups.sites_with_uuid(sites, "service_at_location", value).first() if value else None
        return Response(documents.full_service(site)) if site else not_found("service_at_location")


def _organizations() -> list[Organization]:
    organizations = list(Organization.objects.order_by("code"))
    if mapping.exported_sites().filter(organization__isnull=True).exists():
        organizations.append(lookups.UNRECORDED)
    return organizations


def _organization_dict(organization: Organization) -> dict[str, Any]:
    return mapping.organization_dict(None if organization is lookups.UNRECORDED else organization)


class OrganizationListView(HsdsListView):
    @schema("hsds_organizations_list", "Paged HSDS organizations (with their services with full=true)", PAGE, OrganizationListParams)
    def get(self, request: Request) -> Any:
        params = parse_params(OrganizationListParams, request)
        organizations = [
            o for o in _organizations()
            if not params.get("search") or _matches(params["search"], o.name_zh_hans, o.name_en, o.description)
        ]
        if params["full"]:
            items = [
                documents.organization_document(
                    None if o is lookups.UNRECORDED else o,
                    list(lookups.filter_by_organization(mapping.exported_sites(), o)),
                    full_service_array=params["full_service"],
                )
                for o in organizations
            ]
        else:
            items = [_organization_dict(o) for o in organizations]
        return paged_list(items, params)


class OrganizationDetailView(PublicAPIView):
    @schema("hsds_organizations_retrieve", "One HSDS organization with its services", DOCUMENT, OrganizationParams, not_found=True)
    def get(self, request: Request, id: str) -> Response:
        params = parse_params(OrganizationParams, request)
        value = parse_uuid(id)
        organization = lookups.organization_by_uuid(value) if value else None
        if organization is None:
            return not_found("organization")
        sites = list(lookups.filter_by_organization(mapping.exported_sites(), organization))
        return Response(documents.organization_document(
            None if organization is lookups.UNRECORDED else organization, sites,
            full_service_array=params["full_service"],
        ))


class TaxonomyListView(HsdsListView):
    @schema("hsds_taxonomies_list", "Paged HSDS taxonomies", PAGE, ListParams)
    def get(self, request: Request) -> Any:
        params = parse_params(ListParams, request)
        items = [t for t in taxonomy.all_taxonomies()
                 if not params.get("search") or _matches(params["search"], t["name"], t["description"])]
        return paged_list(items, params)


class TaxonomyDetailView(PublicAPIView):
    @schema("hsds_taxonomies_retrieve", "One HSDS taxonomy", DOCUMENT, NoParams, not_found=True)
    def get(self, request: Request, id: str) -> Response:
        parse_params(NoParams, request)
        found = [t for t in taxonomy.all_taxonomies() if t["id"] == parse_uuid(id)]
        return Response(found[0]) if found else not_found("taxonomy")


class TaxonomyTermListView(HsdsListView):
    @schema("hsds_taxonomy_terms_list", "Paged HSDS taxonomy terms", PAGE, TaxonomyTermListParams)
    def get(self, request: Request) -> Any:
        params = parse_params(TaxonomyTermListParams, request)
        terms = taxonomy.all_terms()
        if params.get("taxonomy_id"):
            terms = [t for t in terms if t["taxonomy_id"] == params["taxonomy_id"]]
        if params.get("parent_id"):
            terms = [t for t in terms if t.get("parent_id") == params["parent_id"]]
        if params["top_only"]:
            terms = [t for t in terms if "parent_id" not in t]
        if params.get("search"):
            terms = [t for t in terms if _matches(params["search"], t["name"], t["code"], t["description"])]
        return paged_list(terms, params)


class TaxonomyTermDetailView(PublicAPIView):
    @schema("hsds_taxonomy_terms_retrieve", "One HSDS taxonomy term", DOCUMENT, NoParams, not_found=True)
    def get(self, request: Request, id: str) -> Response:
        parse_params(NoParams, request)
        found = [t for t in taxonomy.all_terms() if t["id"] == parse_uuid(id)]
        return Response(found[0]) if found else not_found("taxonomy term")


def unknown_path(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Any other path under /api/hsds/ is a JSON 404 (not the site's HTML page)."""
    return JsonResponse({"errors": {"path": ["No HSDS operation has this path."]}}, status=404)

