// The referral planner. No inline script (CSP): map settings come from data- attributes.
// A click on the map fills the coordinate fields; nothing is sent anywhere until the form
// is posted (the address stays out of the URL). Without tiles, district outlines and a notice.
(function () {
  "use strict";
  var el = document.getElementById("referral-map");
  var form = document.getElementById("referral-form");
  var latInput = document.getElementById("id_lat");
  var lonInput = document.getElementById("id_lon");
  var crsInput = document.getElementById("id_crs");

  if (el && window.L && latInput && lonInput) {
    var cfg = el.dataset;
    var center = cfg.center.split(",").map(Number);
    var map = L.map(el, { minZoom: 8, maxZoom: Number(cfg.tilesMaxZoom) || 18 });
    map.attributionControl.setPrefix(false);
    var tiles = L.tileLayer(cfg.tilesUrl, { attribution: cfg.tilesAttribution, maxZoom: Number(cfg.tilesMaxZoom) || 18 });
    var outlinesShown = false;
    tiles.on("tileerror", function () {
      if (outlinesShown) return;
      outlinesShown = true;
      document.getElementById("referral-tiles-notice").hidden = false;
      fetch(cfg.districtsUrl, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (collection) {
          L.geoJSON(collection, {
            interactive: false,
            style: function () { return { className: "district-outline", fill: false, weight: 2 }; },
            coordsToLatLng: function (c) {
              if (cfg.tilesCrs === "gcj02" && window.ResourceMapGeo) {
                var p = window.ResourceMapGeo.wgs84ToGcj02(c[0], c[1]);
                return L.latLng(p[1], p[0]);
              }
              return L.latLng(c[1], c[0]);
            },
          }).addTo(map);
        })
        .catch(function () { outlinesShown = false; });
    });
    tiles.addTo(map);
    var marker = null;
    var place = function (latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, { radius: 8 }).addTo(map); }
    };
    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (isFinite(lat) && isFinite(lon)) {
      // Typed or geocoded points are WGS-84; on GCJ-02 (AMap-style) tiles draw them shifted.
      var inputCrs = crsInput && crsInput.value ? crsInput.value : "wgs84";
      if (cfg.tilesCrs === "gcj02" && inputCrs === "wgs84" && window.ResourceMapGeo) {
        var shifted = window.ResourceMapGeo.wgs84ToGcj02(lon, lat);
        lon = shifted[0];
        lat = shifted[1];
      }
      place(L.latLng(lat, lon));
      map.setView([lat, lon], 14);
    } else {
      map.setView([center[0], center[1]], 11);
    }
    window.ResourceMapReferral = { map: map, marker: function () { return marker; } };
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      // The map draws in the tiles' coordinate system (GCJ-02 for AMap-style tiles).
      if (crsInput) { crsInput.value = cfg.tilesCrs === "gcj02" ? "gcj02" : "wgs84"; }
      place(event.latlng);
    });
    [latInput, lonInput].forEach(function (input) {
      input.addEventListener("input", function () { if (crsInput) { crsInput.value = "wgs84"; } });
    });
  }

  if (form) {
    // Empty fields stay out of the link (shorter, and no blank lat= that would look like an error).
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (input) {
        if (input.name && input.type !== "checkbox" && input.value === "") { input.disabled = true; }
      });
      window.setTimeout(function () {
        Array.prototype.forEach.call(form.elements, function (input) { input.disabled = false; });
      }, 0);
    });
  }

  var printButton = document.getElementById("print-plan");
  if (printButton) { printButton.addEventListener("click", function () { window.print(); }); }

  var copyButton = document.getElementById("copy-link");
  var share = document.getElementById("share-link");
  var copyStatus = document.getElementById("copy-status");
  if (copyButton && share) {
    var said = function (ok) {
      // The messages come translated from the page (data- attributes): no script catalogue here.
      copyStatus.textContent = ok ? copyStatus.dataset.copied : copyStatus.dataset.failed;
    };
    var fallback = function () { share.select(); said(document.execCommand("copy")); };
    copyButton.addEventListener("click", function () {
      share.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(share.value).then(function () { said(true); }, fallback);
      } else {
        fallback();
      }
    });
  }
})();
