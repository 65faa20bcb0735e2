from django.urls import path
from django.views.i18n import JavaScriptCatalog

from resourcemap.caching import cached_public
from resourcemap.public import map_data, tile_views, views

urlpatterns = [
    path("", views.map_page, name="map"),
    path("sites/<int:site_id>/", views.site_page, name="site-page"),
    path("help/", views.help_page, name="help"),
    path("map/sites.geojson", map_data.sites_geojson, name="map-sites"),
    path("map/tiles/v<int:version>/<int:z>/<int:x>/<int:y>.json", tile_views.map_tile, name="map-tile"),
    path("map/results.json", map_data.results_json, name="map-results"),
    path("map/place.json", map_data.place_json, name="map-place"),
    path("map/categories.css", map_data.categories_css, name="map-categories-css"),
    path("map/districts.geojson", map_data.outlines_geojson, {"level": "districts"}, name="map-districts"),
    path("map/streets.geojson", map_data.outlines_geojson, {"level": "streets"}, name="map-streets"),
    # Interface strings for map.js, in the page's language (the URL carries the prefix).
    path("map/jsi18n/", cached_public()(JavaScriptCatalog.as_view(packages=["resourcemap.public", "resourcemap.responsible"])), name="map-jsi18n"),
]
