"""/map/tiles/v<version>/<z>/<x>/<y>.json: one tile of the map's data (resourcemap.public.tiles),
with the map's search and filters as query parameters, validated as results.json does.

The URL carries the directory's data version, so a tile without a search never changes:
`Cache-Control: public, max-age=31536000, immutable`, and its body is kept in Django's cache
under that version. A request for another version (a page opened before an edit) is redirected
to the current version's URL: old data is not kept, and the new tile is what the page should
show. Two exceptions: a search text (`q`) may be a typed address, so such tiles are
`no-store` and never kept; "open now" depends on the clock, so such tiles live a minute.

Why tiles have a cache of their own (CACHES["map_tiles"], a database table) instead of
resourcemap.caching.cached_public (memory of each process): a tile at 1,000,000 sites costs a
clustering query, and there are thousands per version, so they are kept once for every worker
and across restarts; their URL is versioned and immutable, so they need none of cached_public's
ETags and stored codings (a client or proxy keeps them for a year, nginx compresses them).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from resourcemap.directory.version import current_version
from resourcemap.public.filters import FILTER_FIELDS, MapFilterForm, matching_sites
from resourcemap.public.tiles import Tile, tile_data, tile_error

IMMUTABLE = "public, max-age=31536000, immutable"


def _errors(errors: dict[str, list[str]]) -> JsonResponse:
    return JsonResponse({"errors": errors}, status=400)


def _kept_key(request: HttpRequest, version: int, z: int, x: int, y: int) -> str | None:
    """The cache key of a tile that may be kept, from the raw filters in a canonical order (a
    kept tile was valid when stored, and the version moves with categories and districts), so
    a hit costs two queries: no form. None when the tile must not be kept (a search text)."""
    if request.GET.get("q", "").strip():
        return None
    pairs = sorted((name, value) for name in FILTER_FIELDS for value in request.GET.getlist(name) if value)
    clocked = forms.BooleanField(required=False).to_python(request.GET.get("open"))
    minute = timezone.localtime().strftime("%Y%m%d%H%M") if clocked else ""
    return f"map-tile:{version}:{get_language()}:{z}/{x}/{y}:{urlencode(pairs)}:{minute}"


@require_GET
def map_tile(request: HttpRequest, version: int, z: int, x: int, y: int) -> HttpResponse:
    errors = tile_error(z, x, y)
    if errors:
        return _errors(errors)
    current = current_version()
    if version != current:
        url = reverse("map-tile", kwargs={"version": current, "z": z, "x": x, "y": y})
        query = request.GET.urlencode()
        response = HttpResponseRedirect(url + (f"?{query}" if query else ""))
        response["Cache-Control"] = "no-cache"
        return response
    cache = caches["map_tiles"]
    key = _kept_key(request, current, z, x, y)
    body = cache.get(key) if key else None
    if body is None:
        form = MapFilterForm(request.GET)
        if not form.is_valid():
            return _errors({field: list(messages) for field, messages in form.errors.items()})
        data = {"v": current, "z": z, "x": x, "y": y, **tile_data(matching_sites(form), Tile(z, x, y))}
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
        if key:
            cache.set(key, body, settings.MAP_TILE_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if key is None:
        response["Cache-Control"] = "no-store"  # the search text may be a typed address
    elif key.endswith(":"):
        response["Cache-Control"] = IMMUTABLE
    else:
        response["Cache-Control"] = "public, max-age=60"  # "open now" follows the clock
    return response
