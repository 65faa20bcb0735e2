from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def map_page(request: HttpRequest) -> HttpResponse:
    tiles = {
        "url": settings.TILES_URL,
        "attribution": settings.TILES_ATTRIBUTION,
        "max_zoom": settings.TILES_MAX_ZOOM,
        "center": ",".join(str(v) for v in settings.MAP_CENTER),
    }
    return render(request, "public/map.html", {"tiles": tiles})
