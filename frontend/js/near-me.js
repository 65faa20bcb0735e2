// "Near me": the browser's geolocation, a click/tap on the map, or a typed place (looked up
// by the server: a site of the directory, else the geocoder or the named area; see places.py). map.js then asks results.json for every site matching the search and
// filters, nearest first (ranked on the server, in one query). The position is never put in
// the page URL or stored: only results.json and the geocoder see it, and the access logs
// never carry query strings.
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
  var moreLink = document.getElementById("more-results");
  var originMarker = null;

  function clearOrigin() {
    if (originMarker) { RM.map.removeLayer(originMarker); originMarker = null; }
  }
  document.addEventListener("resourcemap:near-cleared", clearOrigin);

  function showOrigin(latlng, label) {
    clearOrigin();
    originMarker = L.circleMarker(latlng, { radius: 9, color: "#000", weight: 3, fillColor: "#ffd200", fillOpacity: 1 });
    originMarker.bindTooltip(document.createTextNode(label), { permanent: false });
    originMarker.addTo(RM.map);
  }

  // lon/lat in `crs` ("wgs84", or "gcj02" for a click on GCJ-02 tiles).
  function nearest(lon, lat, crs, label) {
    var display = crs === "gcj02" || !RM.gcj ? L.latLng(lat, lon) : RM.toDisplay(lon, lat);
    showOrigin(display, label);
    statusNode.textContent = gettext("Finding the nearest places…");
    return RM.setNear({ lon: lon, lat: lat, crs: crs, label: label }).then(function () {
      var bounds = L.latLngBounds([display]);
      Array.prototype.slice.call(listNode.querySelectorAll(".result"), 0, 5).forEach(function (item) {
        var button = item.querySelector(".show-on-map");
        if (button && button.dataset.lon) bounds.extend(RM.toDisplay(Number(button.dataset.lon), Number(button.dataset.lat)));
      });
      RM.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
      // For the "serves your area" group (responsible/serves-area.js).
      document.dispatchEvent(new CustomEvent("resourcemap:near", { detail: { lon: lon, lat: lat, crs: crs } }));
    });
  }

  // A failed lookup must not leave the previous place's list under the message.
  function failed(message) {
    listNode.replaceChildren();
    listNode.dataset.rendered = "failed-" + Date.now();
    emptyNode.hidden = true;
    moreLink.hidden = true;
    statusNode.textContent = message;
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
    fetch(cfg.placeUrl + "?" + new URLSearchParams({ q: text }).toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404 || response.status === 400) return null;
        if (!response.ok) throw new Error("geocode " + response.status);
        return response.json();
      })
      .then(function (place) {
        if (!place) {
          failed(gettext("No place in the city matches this address. Try a district, street or landmark."));
          return;
        }
        var label = place.label || text;
        if (place.approximate) {
          label = interpolate(gettext("%s (approximate)"), [label]);
        }
        return nearest(place.lon, place.lat, "wgs84", label);
      })
      .catch(function () { failed(gettext("Could not look up the address. Please try again.")); });
  });

  RM.nearest = nearest;
})();
