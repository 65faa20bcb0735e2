"""GeoJSON answers are labelled application/geo+json (RFC 7946 §12); errors stay application/json."""

from __future__ import annotations

from typing import Any

from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from resourcemap.geo.geojson import MEDIA_TYPE


class GeoJSONRenderer(JSONRenderer):
    media_type = MEDIA_TYPE
    format = "geojson"


class GeoJSONAnswers:
    """For a view whose 200 answer is a GeoJSON object: geo+json unless the client asks for
    application/json only; an error ({"errors": …}, not GeoJSON) is always application/json."""

    renderer_classes = [GeoJSONRenderer, JSONRenderer]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if isinstance(response, Response) and response.status_code >= 400:
            response.content_type = "application/json"
        return response


def geojson_media_type(request: Request) -> str:
    """For a view that answers GeoJSON only sometimes: geo+json, unless the client asked for
    application/json and not for GeoJSON."""
    accept = request.META.get("HTTP_ACCEPT", "")
    return "application/json" if "application/json" in accept and MEDIA_TYPE not in accept else MEDIA_TYPE
