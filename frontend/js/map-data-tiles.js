// The map's data by view: the data tiles (resourcemap/public/tiles.py) of what is on screen,
// at the version-addressed URL the page names, with the search and filters as parameters.
// A server cluster is a count bubble that zooms onto its sites when clicked; a site is a
// marker made by map.js, put into its markercluster group so sites sharing a building stay
// reachable. Tiles leaving the view are dropped once the new view's tiles are drawn.
(function () {
  "use strict";
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };

  // The slippy-map tile of a WGS-84 point at zoom z (the server numbers cells the same way).
  function tileOf(lon, lat, z) {
    var n = Math.pow(2, z);
    var r = Math.max(Math.min(lat, 85.0511), -85.0511) * Math.PI / 180;
    var x = Math.floor((lon + 180) / 360 * n);
    var y = Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
    return [Math.min(Math.max(x, 0), n - 1), Math.min(Math.max(y, 0), n - 1)];
  }

  function bubbleIcon(count) {
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    var outer = document.createElement("div");
    var inner = document.createElement("span");
    inner.textContent = count.toLocaleString();
    outer.appendChild(inner);
    return L.divIcon({ html: outer, className: "marker-cluster data-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  // options: url ("…/{z}/{x}/{y}.json"), toDisplay(lon, lat) → LatLng, toWgs84(LatLng) → [lon, lat],
  // siteMarker(row) → marker (the same one for a site already drawn), sites (the
  // markercluster group), forget(id, marker).
  window.DataTiles = function (map, options) {
    var bubbles = L.layerGroup().addTo(map);
    var tiles = {}; // "z/x/y" → {z, x, y, promise, bubbles, sites, count, query}
    var query = null; // the filters' query string; null until the page sets it

    function wantedKeys() {
      var z = map.getZoom();
      var bounds = map.getBounds();
      var sw = options.toWgs84(bounds.getSouthWest()), ne = options.toWgs84(bounds.getNorthEast());
      var min = tileOf(sw[0], ne[1], z), max = tileOf(ne[0], sw[1], z);
      var cx = (min[0] + max[0]) / 2, cy = (min[1] + max[1]) / 2;
      var cells = [];
      for (var y = min[1]; y <= max[1]; y++) {
        for (var x = min[0]; x <= max[0]; x++) cells.push([Math.abs(x - cx) + Math.abs(y - cy), z + "/" + x + "/" + y]);
      }
      // The centre of the view first: what people look at is drawn first.
      cells.sort(function (a, b) { return a[0] - b[0]; });
      return cells.map(function (cell) { return cell[1]; });
    }

    function drop(key) {
      var tile = tiles[key];
      delete tiles[key];
      if (!tile.sites) return;
      tile.bubbles.forEach(function (bubble) { bubbles.removeLayer(bubble); });
      // A site drawn again by a tile of the new view keeps its marker (and an open popup).
      var owned = tile.sites.filter(function (marker) { return marker.ownerTile === tile; });
      options.sites.removeLayers(owned);
      owned.forEach(function (marker) { options.forget(marker.siteId, marker); });
    }

    function bubble(row) {
      var count = row[2];
      var marker = L.marker(options.toDisplay(row[0], row[1]), {
        icon: bubbleIcon(count), keyboard: false,
        title: interpolate(ngettext("%s place", "%s places", count), [count]),
      });
      marker.on("click", function () {
        var box = L.latLngBounds(options.toDisplay(row[3], row[4]), options.toDisplay(row[5], row[6]));
        var zoom = Math.max(map.getBoundsZoom(box.pad(0.1)), map.getZoom() + 1);
        map.setView(box.getCenter(), Math.min(zoom, map.getMaxZoom()));
      });
      return marker;
    }

    function draw(tile, body) {
      tile.count = body.count;
      tile.clustered = body.clusters.reduce(function (sum, row) { return sum + row[2]; }, 0);
      tile.bubbles = body.clusters.map(bubble);
      tile.bubbles.forEach(function (marker) { bubbles.addLayer(marker); });
      tile.sites = body.sites.map(options.siteMarker);
      var fresh = tile.sites.filter(function (marker) { return !options.sites.hasLayer(marker); });
      tile.sites.forEach(function (marker) { marker.ownerTile = tile; });
      options.sites.addLayers(fresh);
    }

    function load(key) {
      var parts = key.split("/");
      var tile = { z: +parts[0], x: +parts[1], y: +parts[2], query: query, count: 0 };
      var url = options.url.replace("{z}", parts[0]).replace("{x}", parts[1]).replace("{y}", parts[2]);
      tiles[key] = tile;
      tile.promise = fetch(url + (query ? "?" + query : ""), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("data tile " + response.status);
          return response.json();
        })
        // A tile of another zoom than the map's came too late to be drawn: drawn now, it would
        // take over the markers of sites the new zoom's tiles also draw, and when it is dropped
        // take them off the map (the site "show on map" had just opened, and its popup).
        .then(function (body) { if (tiles[key] === tile && tile.z === map.getZoom()) draw(tile, body); })
        .catch(function (error) { if (tiles[key] === tile) delete tiles[key]; throw error; });
      return tile.promise;
    }

    var latest = Promise.resolve();
    // Loads the view's tiles; once they are drawn, drops the tiles no longer in view.
    function refresh() {
      if (query === null) return latest;
      var keys = wantedKeys();
      var loads = keys.map(function (key) { return tiles[key] ? tiles[key].promise : load(key); });
      var done = Promise.all(loads).then(function () {
        if (done !== latest) return;
        Object.keys(tiles).forEach(function (key) { if (keys.indexOf(key) === -1) drop(key); });
        map.getContainer().dataset.markers = String(shownCount());
      });
      latest = done;
      return done;
    }

    function shownCount() {
      return Object.keys(tiles).reduce(function (sum, key) { return sum + (tiles[key].count || 0); }, 0);
    }

    // New filters: every tile is fetched again with them (the old ones go when the new are drawn).
    function setQuery(text) {
      if (text === query) return latest;
      query = text;
      Object.keys(tiles).forEach(function (key) {
        var old = tiles[key];
        delete tiles[key];
        tiles["old:" + key] = old;
      });
      return refresh();
    }

    map.on("moveend", function () { refresh().catch(function () {}); });
    return {
      refresh: refresh, setQuery: setQuery, shownCount: shownCount,
      loaded: function () { return latest; },
      // For checks: the drawn tiles and their counts (resourcemap bench_map).
      drawn: function () {
        return Object.keys(tiles).filter(function (key) { return tiles[key].sites; }).map(function (key) {
          var t = tiles[key];
          return { z: t.z, x: t.x, y: t.y, count: t.count, clustered: t.clustered, sites: t.sites.length };
        });
      },
    };
  };
  window.DataTiles.tileOf = tileOf;
})();
