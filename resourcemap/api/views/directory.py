"""Public API v1: the directory (sites, one site, categories, districts)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api import openapi
from resourcemap.api.base import PublicAPIView
from resourcemap.api.features import area_geometry, feature_collection, site_feature
from resourcemap.api.params import CrsParams, DistrictParams, SiteListParams, parse_params
from resourcemap.api.renderers import GeoJSONAnswers, GeoJSONRenderer, geojson_media_type
from resourcemap.api.site_rows import row_features
from resourcemap.directory.models import Category, District, ServicePoint
from resourcemap.finder.filters import SiteFilters
from resourcemap.geo.transform import to_wgs84


class SiteListView(GeoJSONAnswers, PublicAPIView):
    @extend_schema(
        operation_id="sites_list",
        parameters=[SiteListParams],
        summary="Public service points as GeoJSON",
        description=(
            "Paginated with `page` and `page_size` (at most 500). `all=true` returns every matching "
            "public site in one unpaginated response. Closed sites are never "
            "listed. Answers carry a strong ETag (the data version, language and query) and "
            "a 304 to a matching If-None-Match."
        ),
        responses={200: openapi.ok(openapi.SITE_LIST), 304: openapi.ok({}, "Not modified"),
                   400: openapi.BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(SiteListParams, request)
        crs = params["crs"]
        bbox = params.get("bbox")
        if bbox is not None:
            minlon, minlat, maxlon, maxlat = bbox
            bbox = (*to_wgs84(minlon, minlat, crs), *to_wgs84(maxlon, maxlat, crs))
        sites = SiteFilters(
            categories=params.get("category") or (), needs=params.get("need") or (),
            district=params.get("district") or "", bbox=bbox, age=params.get("age"),
            status=params.get("status") or "", open_now=params["open_now"], q=params.get("q") or "",
        ).apply(ServicePoint.objects.public())
        now = timezone.localtime()
        if params["all"]:
            features = row_features(sites, crs, now)
            return Response(feature_collection(features, crs, count=len(features), page=None, page_size=None,
                                               next=None, previous=None))
        page, size = params["page"], params["page_size"]
        count = sites.count()
        features = row_features(sites[(page - 1) * size: page * size], crs, now)
        return Response(
            feature_collection(
                features, crs, count=count, page=page, page_size=size,
                next=_page_link(request, page + 1) if page * size < count else None,
                previous=_page_link(request, page - 1) if page > 1 else None,
            )
        )


def _page_link(request: Request, page: int) -> str:
    query = request.query_params.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class SiteDetailView(GeoJSONAnswers, PublicAPIView):
    @extend_schema(
        operation_id="sites_retrieve",
        parameters=[CrsParams],
        summary="One public service point with every public field",
        responses={200: openapi.ok(openapi.SITE_DETAIL_FEATURE), 400: openapi.BAD_REQUEST,
                   404: openapi.NOT_FOUND},
    )
    def get(self, request: Request, site_id: str) -> Response:
        params = parse_params(CrsParams, request)
        site = (
            ServicePoint.objects.public()
            .select_related("category", "organization", "district", "street", "community")
            .filter(pk=int(site_id))
            .first()
            if site_id.isascii() and site_id.isdigit() and len(site_id) < 19
            else None
        )
        if site is None:
            return Response({"errors": {"id": ["No public site has this id."]}}, status=404)
        return Response(site_feature(site, params["crs"], detail=True))


class CategoryListView(PublicAPIView):
    @extend_schema(
        operation_id="categories_list",
        summary="Categories (taxonomy), with colours and the number of public sites",
        responses={200: openapi.ok(openapi.CATEGORIES)},
    )
    def get(self, request: Request) -> Response:
        categories = Category.objects.select_related("parent").annotate(
            site_count=Count("sites", filter=~Q(sites__status="closed"))
        )
        return Response(
            [
                {
                    "code": c.code, "parent": c.parent.code if c.parent else None, "name": c.name,
                    "name_zh_hans": c.name_zh_hans, "name_zh_hant": c.name_zh_hant, "name_en": c.name_en,
                    "description": c.description, "color": c.color, "icon": c.icon, "site_count": c.site_count,
                }
                for c in categories
            ]
        )


class DistrictListView(PublicAPIView):
    renderer_classes = [JSONRenderer, GeoJSONRenderer]

    @extend_schema(
        operation_id="districts_list",
        parameters=[DistrictParams],
        summary="Districts and functional areas; with geometry=true, a GeoJSON FeatureCollection",
        responses={200: openapi.ok(openapi.DISTRICTS), 400: openapi.BAD_REQUEST},
    )
    def get(self, request: Request) -> Response:
        params = parse_params(DistrictParams, request)
        query = District.objects.all()
        districts = list(query if params["geometry"] else query.defer("boundary"))
        rows = [
            {"code": district.code, "name": district.name, "name_en": district.name_en, "kind": district.kind,
             "parent": district.parent_id}
            for district in districts
        ]
        if not params["geometry"]:
            return Response(rows)
        features = [
            {"type": "Feature", "id": row["code"], "properties": row,
             "geometry": area_geometry(district.boundary, params["crs"]) if district.boundary is not None else None}
            for row, district in zip(rows, districts, strict=True)
        ]
        return Response(feature_collection(features, params["crs"]), content_type=geojson_media_type(request))
