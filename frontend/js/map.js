// The map page. No inline scripts (CSP): configuration comes from data- attributes.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var center = el.dataset.center.split(",").map(Number);
  var map = L.map(el).setView(center, 11);
  L.tileLayer(el.dataset.tilesUrl, {
    attribution: el.dataset.tilesAttribution,
    maxZoom: Number(el.dataset.tilesMaxZoom),
  }).addTo(map);
})();
