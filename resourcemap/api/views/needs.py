"""GET /api/v1/needs/: the needs vocabulary, with the categories meeting each need and its legal basis."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.api import openapi
from resourcemap.api.base import PublicAPIView
from resourcemap.needs.models import Need


def need_json(need: Need) -> dict[str, Any]:
    return {
        "code": need.code, "group": need.group, "group_name": str(need.get_group_display()), "name": need.name,
        "name_zh_hans": need.name_zh_hans, "name_zh_hant": need.name_zh_hant, "name_en": need.name_en,
        "synonyms": [w.strip() for w in need.synonyms.split(";") if w.strip()],
        "categories": need.category_codes(),
        "legal_basis": [{"law": law, "article": number} for law, number in need.article_refs()],
    }


class NeedListView(PublicAPIView):
    @extend_schema(
        operation_id="needs_list",
        summary="The needs vocabulary: what people ask for, and the categories of service that meet it",
        description="Filter sites by need with `?need=` on /api/v1/sites/ and /api/v1/nearest/.",
        responses={200: openapi.ok(openapi.NEEDS)},
    )
    def get(self, request: Request) -> Response:
        return Response([need_json(need) for need in Need.objects.for_categories()])
