// The small map on a site's page. Works without tiles: the marker stays, and a notice says so.
// "Back to the map" returns to the search the person came from (the map's URL holds it).
(function () {
  "use strict";
  var back = document.getElementById("back-to-map");
  if (back && document.referrer) {
    var from = new URL(document.referrer);
    var mapPath = back.dataset.mapPath;
    if (from.origin === location.origin && from.pathname === mapPath) back.href = from.pathname + from.search;
  }
  var el = document.getElementById("site-map");
  if (!el || !window.L) return;
  var cfg = el.dataset;
  var lon = Number(cfg.lon);
  var lat = Number(cfg.lat);
  if (cfg.tilesCrs === "gcj02") {
    var shifted = window.ResourceMapGeo.wgs84ToGcj02(lon, lat);
    lon = shifted[0];
    lat = shifted[1];
  }
  var map = L.map(el, { scrollWheelZoom: false, keyboard: false }).setView([lat, lon], 16);
  map.attributionControl.setPrefix(false);
  var tiles = L.tileLayer(cfg.tilesUrl, { attribution: cfg.tilesAttribution, maxZoom: Number(cfg.tilesMaxZoom) });
  tiles.on("tileerror", function () { document.getElementById("site-tiles-notice").hidden = false; });
  tiles.addTo(map);
  var icon = L.divIcon({
    className: "site-marker cat-" + cfg.category + (cfg.approximate === "1" ? " approx" : ""),
    iconSize: [20, 20],
  });
  L.marker([lat, lon], { icon: icon, keyboard: false, interactive: false }).addTo(map);
  if (cfg.approximate === "1") {
    L.circle([lat, lon], { radius: 400, className: "approx-area", interactive: false }).addTo(map);
  }
})();
