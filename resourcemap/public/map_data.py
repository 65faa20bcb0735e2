"""Data the map page fetches: all public sites as one compact GeoJSON document, the list of
a search (count and one page), category colours as a stylesheet (CSP forbids inline styles) and
district/street outlines. All but the search answers are cached per data version and
language with strong ETags and stored compressed bodies (resourcemap/caching.py)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from resourcemap.caching import cached_public
from resourcemap.directory.models import Category, District, ServicePoint, Street
from resourcemap.geo.geojson import rfc7946
from resourcemap.public.chinese_script import in_page_script
from resourcemap.public.filters import MapFilterForm, NearPointForm, PageForm, matching_sites, ranked_sites
from resourcemap.public.listing import PAGE_SIZE, items_of, page_bounds, with_list_columns
from resourcemap.public.places import find_place
from resourcemap.public.search_answers import answer_items, capped_count, search_answer
from resourcemap.search.query import MAX_QUERY_LENGTH

# Boundary outlines are drawn at city zoom; ~50 m of simplification keeps them light.
OUTLINE_TOLERANCE_DEG = 0.0005
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _json(body: object, content_type: str = "application/json", status: int = 200) -> HttpResponse:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(text, content_type=f"{content_type}; charset=utf-8", status=status)


@require_GET
@cached_public()  # per data version and page script; stored compressed once (resourcemap/caching.py)
def sites_geojson(request: HttpRequest) -> HttpResponse:
    """Every public site: id, WGS-84 point (6 decimals, ~0.1 m), name, category code, and
    `approx: 1` for sites placed at a community/street/district centre. Nothing else: the
    popup and the list fetch details elsewhere."""
    return HttpResponse(_sites_document(), content_type="application/geo+json; charset=utf-8")


def _sites_document() -> bytes:
    rows = ServicePoint.objects.public().values_list("id", "location", "name", "category__code", "location_precision")
    features = []
    for pk, location, name, category, precision in rows.order_by("id"):
        properties: dict[str, object] = {"name": in_page_script(name), "category": category}
        if precision in ServicePoint.APPROXIMATE_PRECISIONS:
            properties["approx"] = 1
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [round(location.x, 6), round(location.y, 6)]},
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode()


@require_GET
@never_cache  # the search text may be a typed address, the point a child's whereabouts
def results_json(request: HttpRequest) -> HttpResponse:
    """The sites matching the map's search and filters: their count (capped at COUNT_CAP:
    `count_capped`) and one page of the list, best first, or nearest first when a point is
    given (near_lat/near_lon/near_crs). The map's markers come from the data tiles, which
    apply the same search and filters (tile_views.py): no ids here. 400 names bad fields."""
    form, near, paging = MapFilterForm(request.GET), NearPointForm(request.GET), PageForm(request.GET)
    if not all([form.is_valid(), near.is_valid(), paging.is_valid()]):
        errors = {**form.errors, **near.errors, **paging.errors}
        return JsonResponse({"errors": {field: list(messages) for field, messages in errors.items()}}, status=400)
    point = near.point()
    page = paging.number()
    if point is None:
        # Count and the page's sites: kept per data version for broad queries.
        answer = search_answer(form, page)
        count, capped, more = answer.count, answer.count_capped, answer.has_more
        items = answer_items(answer, timezone.localtime())
    else:
        # Nearest first, exactly (nearest(): the GiST index's order, re-ranked by the ellipsoidal
        # distance), one page at a time: no sort of every match, and the count stops at COUNT_CAP
        # as it does without a point (a broad search at a million sites matches 800,000).
        ranked = ranked_sites(form, point)
        start, _stop = page_bounds(page)
        count, capped = capped_count(ranked)
        # One row past the page says whether there is another page.
        rows = with_list_columns(ranked).nearest(point, PAGE_SIZE + 1, offset=start)
        items, more = items_of(rows[:PAGE_SIZE], timezone.localtime()), len(rows) > PAGE_SIZE
    body: dict[str, object] = {
        "count": count,
        "count_capped": capped,
        "page": page,
        "page_size": PAGE_SIZE,
        "has_more": more,
        "items": items,
    }
    if point is not None:
        # Sites placed only at a district centre match but have no distance worth ranking.
        # Past the cap (a broad search) they are not counted: with no index on the precision,
        # that count read every match (2.5 s for 党群服务中心 at a million sites).
        body["not_ranked"] = None if capped else (
            matching_sites(form).filter(location_precision="district").order_by().values("pk").count()
        )
    return _json(body)


class PlaceForm(forms.Form):
    q = forms.CharField(label=_("Address or place"), max_length=MAX_QUERY_LENGTH, strip=True)


@require_GET
@never_cache  # a typed place may be a child's whereabouts: no copy in the browser's cache
def place_json(request: HttpRequest) -> HttpResponse:
    """A typed place for "near me": 200 {lon, lat, label, precision, approximate}, 404 when
    nothing in the city matches, 400 naming a bad field."""
    form = PlaceForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": {field: list(messages) for field, messages in form.errors.items()}}, status=400)
    place = find_place(form.cleaned_data["q"])
    if place is None:
        return JsonResponse({"errors": {"q": [str(_("No place in the city matches this address."))]}}, status=404)
    return _json(asdict(place))


@require_GET
@cached_public()
def categories_css(request: HttpRequest) -> HttpResponse:
    """Marker and legend colours per category, edited in the admin."""
    rules = []
    for code, color in Category.objects.order_by("code").values_list("code", "color"):
        if _COLOR.match(color) and re.fullmatch(r"[-a-zA-Z0-9_]+", code):
            rules.append(f".cat-{code}{{--cat-color:{color}}}")
    return HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")


def _outline(geometry: object) -> dict[str, object] | None:
    if geometry is None:
        return None
    return rfc7946(json.loads(geometry.simplify(OUTLINE_TOLERANCE_DEG, preserve_topology=True).geojson))  # type: ignore[attr-defined]


@require_GET
@cached_public()
def outlines_geojson(request: HttpRequest, level: str) -> HttpResponse:
    """District or street outlines (WGS-84). Street outlines are hand-traced: `approximate`."""
    if level == "districts":
        features = [
            {"type": "Feature", "id": d.code, "geometry": _outline(d.boundary),
             "properties": {"name": d.name, "name_en": d.name_en, "kind": d.kind}}
            for d in District.objects.exclude(boundary=None)
        ]
    else:
        features = [
            {"type": "Feature", "id": s.code, "geometry": _outline(s.boundary),
             "properties": {"name": s.name, "approximate": s.approximate}}
            for s in Street.objects.exclude(boundary=None)
        ]
    return _json({"type": "FeatureCollection", "features": features}, "application/geo+json")
