// The coverage choropleth: street outlines coloured by the share of mandated units recorded.
// No background tiles (the outlines are the map) and no inline script or style (CSP).
(function () {
  "use strict";
  var el = document.getElementById("coverage-map");
  if (!el || !window.L) return;
  var COLOURS = ["#d7301f", "#fc8d59", "#fdcc8a", "#1a9850"];
  function colour(share) {
    if (share === null || share === undefined) return "#999999";
    return COLOURS[Math.min(3, Math.floor(share * 4))];
  }
  var map = L.map(el, { zoomSnap: 0.25 });
  fetch(el.dataset.streetsUrl, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        style: function (feature) {
          return { color: "#333333", weight: 1, fillColor: colour(feature.properties.share), fillOpacity: 0.75 };
        },
        onEachFeature: function (feature, path) {
          var p = feature.properties;
          path.bindTooltip(document.createTextNode(p.name + ": " + p.recorded + " / " + p.mandated));
        },
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      el.dataset.loaded = String(collection.features.length);
    });
})();
