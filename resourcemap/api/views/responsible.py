"""GET /api/v1/responsible/: the area of a point or typed address and its responsible units
(the parameters and the lookup live in resourcemap.responsible.lookup, shared with /here/).

A child's whereabouts: no-store (PrivateLookupView), the query string never reaches a log line
(resourcemap/logging.py), nothing is stored.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, override
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api import openapi
from resourcemap.api.params import BadParameters, parse_params
from resourcemap.api.views.lookups import PrivateLookupView
from resourcemap.responsible.lookup import NotResolved, ResponsibleParams, resolve
from resourcemap.responsible.units import Unit


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
        try:
            answer, place = resolve(params)
        except NotResolved as exc:
            raise BadParameters(exc.errors) from exc
        body: dict[str, Any] = {
            "point_wgs84": {"lon": round(answer.area.lon, 7), "lat": round(answer.area.lat, 7)},
            "address_precision": place.precision if place else None,
            "area": answer.area.as_json(),
            "units": [unit_json(unit) for unit in answer.units],
        }
        return Response(body)
