// "Near me": the browser's geolocation, a click/tap on the map, or a typed address (geocoded
// by the server). The nearest sites come from /api/v1/nearest/ (exact geodesic distances).
// The position is never put in the page URL or stored: only the private API paths see it,
// and their query strings are kept out of the access logs.
(function () {
  "use strict";
  var RM = window.ResourceMap;
  if (!RM) return;
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };
  var el = document.getElementById("map");
  var cfg = el.dataset;
  var listNode = document.getElementById("results");
  var emptyNode = document.getElementById("empty-state");
  var statusNode = document.getElementById("status");
  var form = document.getElementById("search-form");
  var walking = Number(cfg.walking) || 80;
  var LIST_SIZE = 10;
  var originMarker = null;

  function clear() {
    if (originMarker) { RM.map.removeLayer(originMarker); originMarker = null; }
  }
  document.addEventListener("resourcemap:results", clear);

  function selectedCategories() {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="category"]'), function (box) {
      return box.checked;
    }).map(function (box) { return box.value; });
  }

  function showOrigin(latlng, label) {
    clear();
    originMarker = L.circleMarker(latlng, { radius: 9, color: "#000", weight: 3, fillColor: "#ffd200", fillOpacity: 1 });
    originMarker.bindTooltip(document.createTextNode(label), { permanent: false });
    originMarker.addTo(RM.map);
  }

  // lon/lat in `crs` ("wgs84", or "gcj02" for a click on GCJ-02 tiles).
  function nearest(lon, lat, crs, label) {
    var params = new URLSearchParams({ lat: String(lat), lon: String(lon), crs: crs, limit: "50" });
    var categories = selectedCategories();
    if (categories.length) params.set("category", categories.join(","));
    var display = crs === "gcj02" || !RM.gcj ? L.latLng(lat, lon) : RM.toDisplay(lon, lat);
    showOrigin(display, label);
    RM.forgetAppliedSearch(); // the list now shows nearest places: the same search may be run again
    statusNode.textContent = gettext("Finding the nearest places…");
    return fetch(cfg.nearestUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("nearest " + response.status);
        return response.json();
      })
      .then(function (collection) {
        var visible = RM.visibleIds();
        var items = collection.features
          .filter(function (f) { return !visible || visible.has(f.properties.id); })
          .slice(0, LIST_SIZE)
          .map(function (f) {
            var p = f.properties;
            return {
              id: p.id, name: p.name, category: p.category, category_name: p.category_name,
              address: p.address, approximate: p.approximate || ["road", "community", "street", "old_street_area", "district"].indexOf(p.location_precision) !== -1,
              open_now: p.open_now, temporarily_closed: p.status === "temporarily_closed",
              url: RM.siteUrl(p.id), distance_m: p.distance_m,
            };
          });
        window.ResultsList.render(listNode, emptyNode, items, { walkingMetresPerMinute: walking });
        listNode.dataset.rendered = "near-" + Date.now();
        statusNode.textContent = interpolate(gettext("%(count)s nearest places to %(place)s, nearest first. Distances are straight-line."),
          { count: items.length, place: label }, true);
        var bounds = L.latLngBounds([display]);
        items.slice(0, 5).forEach(function (item) {
          var marker = RM.markers[item.id];
          if (marker) bounds.extend(marker.getLatLng());
        });
        RM.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
      })
      .catch(function () { statusNode.textContent = gettext("Could not find nearby places. Please try again."); });
  }

  document.getElementById("locate-me").addEventListener("click", function () {
    if (!navigator.geolocation) {
      statusNode.textContent = gettext("This browser cannot share your location. Type an address instead.");
      return;
    }
    statusNode.textContent = gettext("Finding your location…");
    navigator.geolocation.getCurrentPosition(
      function (position) { nearest(position.coords.longitude, position.coords.latitude, "wgs84", gettext("your location")); },
      function () { statusNode.textContent = gettext("Your location is not available. Type an address or tap the map instead."); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });

  RM.map.on("click", function (event) {
    nearest(event.latlng.lng, event.latlng.lat, RM.gcj ? "gcj02" : "wgs84", gettext("the point you chose"));
  });

  document.getElementById("address-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("address-input").value.trim();
    if (!text) return;
    statusNode.textContent = gettext("Looking up the address…");
    fetch(cfg.geocodeUrl + "?" + new URLSearchParams({ q: text }).toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404 || response.status === 400) return null;
        if (!response.ok) throw new Error("geocode " + response.status);
        return response.json();
      })
      .then(function (place) {
        if (!place) {
          statusNode.textContent = gettext("No place in the city matches this address. Try a district, street or landmark.");
          return;
        }
        var label = place.label || text;
        if (place.precision && place.precision !== "address") {
          label = interpolate(gettext("%s (approximate)"), [label]);
        }
        return nearest(place.lon, place.lat, "wgs84", label);
      })
      .catch(function () { statusNode.textContent = gettext("Could not look up the address. Please try again."); });
  });

  RM.nearest = nearest;
})();
