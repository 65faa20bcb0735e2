"""What every page that draws a map hands to its JS (as data- attributes): one builder, so the
map page, the site page and the referral page show the same tiles, centre and walking speed."""

from __future__ import annotations

from django.conf import settings

# Straight-line walking speed for the "about N minutes" estimate (4.8 km/h).
WALKING_METRES_PER_MINUTE = 80


def map_config() -> dict[str, object]:
    return {
        "tiles_url": settings.TILES_URL,
        "tiles_attribution": settings.TILES_ATTRIBUTION,
        "tiles_max_zoom": settings.TILES_MAX_ZOOM,
        "tiles_crs": settings.TILES_CRS,
        "center": ",".join(str(v) for v in settings.MAP_CENTER),
        "walking_m_per_min": WALKING_METRES_PER_MINUTE,
    }
