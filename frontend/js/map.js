// The map page. No inline scripts (CSP): configuration comes from data- attributes, category
// names and colours from the server-rendered legend and /map/categories.css. Site names are
// data: they reach the page through textContent and title attributes only.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var gettext = window.gettext || function (s) { return s; };
  var ngettext = window.ngettext || function (s, p, n) { return n === 1 ? s : p; };
  var interpolate = window.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };
  var Geo = window.ResourceMapGeo;
  var List = window.ResultsList;
  var cfg = el.dataset;
  var gcj = cfg.tilesCrs === "gcj02";
  var walking = Number(cfg.walking) || 80;

  var form = document.getElementById("search-form");
  var listNode = document.getElementById("results");
  var emptyNode = document.getElementById("empty-state");
  var statusNode = document.getElementById("status");

  var categoryNames = {};
  document.querySelectorAll(".category-name[data-code]").forEach(function (node) {
    categoryNames[node.dataset.code] = node.textContent.trim();
  });

  // --- Coordinates: data are WGS-84; the display follows the tiles' CRS.
  function toDisplay(lon, lat) {
    if (gcj) { var p = Geo.wgs84ToGcj02(lon, lat); return L.latLng(p[1], p[0]); }
    return L.latLng(lat, lon);
  }

  var center = cfg.center.split(",").map(Number);
  var map = L.map(el, { zoomControl: true, minZoom: 8, maxZoom: Number(cfg.tilesMaxZoom) });
  map.setView(toDisplay(center[1], center[0]), 11);
  map.attributionControl.setPrefix(false);

  // --- Tiles: optional. When they fail, say so once; everything else keeps working.
  var tiles = L.tileLayer(cfg.tilesUrl, { attribution: cfg.tilesAttribution, maxZoom: Number(cfg.tilesMaxZoom) });
  var tilesNotice = document.getElementById("tiles-notice");
  var tilesFailed = false;
  tiles.on("tileerror", function () {
    if (tilesFailed) return;
    tilesFailed = true; // map-layers.js may attach its listener after this: it reads the flag too
    tilesNotice.hidden = false;
    map.fire("tilesunavailable"); // map-layers.js shows the district outlines instead
  });
  tiles.addTo(map);

  // --- Markers: the data tiles of the view (map-data-tiles.js): the server's clusters, and
  // the sites themselves in a markercluster group (sites sharing a building stay reachable).
  var cluster = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 45 });
  cluster.addTo(map);
  var markers = {}; // id → marker, for the sites in the drawn tiles
  var sites = {};
  var selectedId = null;
  var sitesZoom = Number(cfg.sitesZoom) || 16;

  function siteUrl(id) { return cfg.siteUrl.replace(/0\/$/, id + "/"); }

  function popupContent(id) {
    var site = sites[id];
    var box = document.createElement("div");
    box.className = "popup";
    var title = document.createElement("a");
    title.className = "popup-name";
    title.href = siteUrl(id);
    title.textContent = site.name;
    box.appendChild(title);
    var category = document.createElement("p");
    category.textContent = categoryNames[site.category] || site.category;
    box.appendChild(category);
    if (site.approx) {
      var note = document.createElement("p");
      note.className = "approx-note";
      note.textContent = gettext("Approximate location: placed at the centre of its community, street or district.");
      box.appendChild(note);
    }
    return box;
  }

  // A tile's site row: [id, lon, lat, name, category code, approximate 0/1].
  function markerFor(row) {
    var id = row[0];
    var c = [row[1], row[2]];
    var p = { name: row[3], category: row[4], approx: row[5] === 1 };
    sites[id] = p;
    if (markers[id]) return markers[id]; // drawn by a tile of the previous view: the same marker
    var icon = L.divIcon({
      className: "site-marker cat-" + p.category + (p.approx ? " approx" : ""),
      iconSize: [18, 18],
    });
    var marker = L.marker(toDisplay(c[0], c[1]), { icon: icon, title: p.name, keyboard: false, riseOnHover: true });
    marker.siteId = id;
    marker.bindPopup(function () { return popupContent(id); });
    marker.on("click", function () { select(id, "map"); });
    markers[id] = marker;
    if (id === selectedId) marker.on("add", function () { highlightMarker(id); });
    return marker;
  }

  function toWgs84(latlng) {
    return gcj ? Geo.gcj02ToWgs84(latlng.lng, latlng.lat) : [latlng.lng, latlng.lat];
  }

  var dataTiles = window.DataTiles(map, {
    url: cfg.dataTilesUrl.replace(/0\/0\/0\.json$/, "{z}/{x}/{y}.json"),
    toDisplay: toDisplay, toWgs84: toWgs84, siteMarker: markerFor, sites: cluster,
    // A site may be drawn by the tiles of two zooms for a moment: forget only its own marker.
    forget: function (id, marker) { if (markers[id] === marker) { delete markers[id]; delete sites[id]; } },
  });

  function highlightMarker(id) {
    if (selectedId !== null && markers[selectedId] && markers[selectedId].getElement()) {
      markers[selectedId].getElement().classList.remove("is-selected");
    }
    selectedId = id;
    var marker = markers[id];
    if (marker && marker.getElement()) marker.getElement().classList.add("is-selected");
  }

  function reveal(id) {
    var marker = markers[id];
    if (!marker) return;
    cluster.zoomToShowLayer(marker, function () {
      highlightMarker(id);
      map.panTo(marker.getLatLng());
      marker.openPopup();
    });
  }

  // From the list: the site's own marker, loading its tile first when it is not drawn yet
  // (the list's "show on map" button carries the site's position).
  function select(id, from, position) {
    var item = List.select(listNode, id);
    if (from === "map") {
      highlightMarker(id);
      if (item) item.scrollIntoView({ block: "nearest" });
      return;
    }
    if (markers[id] || !position) { reveal(id); return; }
    map.setView(toDisplay(position[0], position[1]), Math.max(map.getZoom(), sitesZoom), { animate: false });
    dataTiles.refresh().then(function () { reveal(id); });
  }

  // --- Search and filters: the URL holds the state.
  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") params.append(key, String(value).trim());
    });
    return params;
  }

  function fillForm(params) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name) return;
      if (field.type === "checkbox") field.checked = params.getAll(field.name).indexOf(field.value) !== -1;
      else if (field.tagName !== "BUTTON") field.value = params.get(field.name) || "";
    });
  }

  function setStatus(text) { statusNode.textContent = text; }

  // The tiles take the search and filters, never the "near me" point or the page number.
  function tilesFor(params) {
    var query = new URLSearchParams(params);
    query.delete("page");
    query.sort();
    return dataTiles.setQuery(query.toString()).catch(function () {
      setStatus(gettext("Could not load results. Please try again."));
    });
  }

  // --- One list, two orders: best match, or nearest first from a point ("near me"). The
  // point goes to results.json only, never into the page URL or history.
  var moreLink = document.getElementById("more-results");
  var nearOrigin = document.getElementById("near-origin");
  var near = null; // {lon, lat, crs, label}
  var lastParams = new URLSearchParams(location.search);
  var shownPage = 1;

  function resultsQuery(params, page) {
    var query = new URLSearchParams(params);
    query.delete("page");
    if (near) {
      query.set("near_lon", String(near.lon));
      query.set("near_lat", String(near.lat));
      query.set("near_crs", near.crs);
    }
    if (page > 1) query.set("page", String(page));
    return query;
  }

  function describe(body) {
    var shown = (body.page - 1) * body.page_size + body.items.length;
    var text;
    if (near) {
      text = interpolate(ngettext("%(count)s place, nearest first from %(place)s. Distances are straight-line.",
        "%(count)s places, nearest first from %(place)s. Distances are straight-line.", body.count),
        { count: body.count, place: near.label }, true);
      if (body.not_ranked) {
        text += " " + interpolate(ngettext("%s more is placed only at a district centre and has no distance.",
          "%s more are placed only at a district centre and have no distance.", body.not_ranked), [body.not_ranked]);
      }
    } else if (body.count_capped) {
      // The server stops counting at a cap (a broad search at a million sites): say so.
      text = interpolate(gettext("More than %s places found"), [body.count]);
    } else {
      text = interpolate(ngettext("%s place found", "%s places found", body.count), [body.count]);
    }
    if (body.count > shown || body.page > 1) {
      text += " " + interpolate(gettext("(showing 1–%(shown)s)"), { shown: shown }, true);
    }
    return text;
  }

  function showMore(body) {
    moreLink.hidden = !body.has_more;
    if (body.has_more) moreLink.href = "?" + resultsQuery(lastParams, body.page + 1).toString();
  }

  function fail(response, body) {
    var messages = [];
    Object.keys(body.errors || {}).forEach(function (field) {
      var label = form.querySelector('label[for="id_' + field + '"]');
      messages.push((label ? label.textContent.trim() + ": " : "") + body.errors[field].join(" "));
    });
    setStatus(messages.join(" ") || gettext("Could not load results. Please try again."));
  }

  var resultsRequest = 0;
  function fetchResults(params, page) {
    return fetch(cfg.resultsUrl + "?" + resultsQuery(params, page).toString(), { credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (body) { return [response, body]; }); });
  }

  function loadResults(params) {
    var ticket = ++resultsRequest;
    lastParams = new URLSearchParams(params);
    return fetchResults(params, 1)
      .then(function (pair) {
        if (ticket !== resultsRequest) return;
        var response = pair[0], body = pair[1];
        if (!response.ok) { fail(response, body); return; }
        document.dispatchEvent(new CustomEvent("resourcemap:results", { detail: body }));
        shownPage = 1;
        listNode.start = 1;
        List.render(listNode, emptyNode, body.items, { walkingMetresPerMinute: walking });
        setStatus(describe(body));
        showMore(body);
        return tilesFor(params).then(function () {
          listNode.dataset.rendered = String(ticket); // lets tests wait for this render
        });
      })
      .catch(function () { setStatus(gettext("Could not load results. Please try again.")); });
  }

  // "Show more places": the next page appended; focus moves to its first item.
  moreLink.addEventListener("click", function (event) {
    event.preventDefault();
    var ticket = resultsRequest;
    fetchResults(lastParams, shownPage + 1).then(function (pair) {
      if (ticket !== resultsRequest) return;
      var response = pair[0], body = pair[1];
      if (!response.ok) { fail(response, body); return; }
      shownPage = body.page;
      var first = List.append(listNode, body.items, { walkingMetresPerMinute: walking });
      setStatus(describe(body));
      showMore(body);
      listNode.dataset.rendered = String(ticket) + "-" + body.page;
      if (first) first.querySelector("a").focus();
    }).catch(function () { setStatus(gettext("Could not load results. Please try again.")); });
  });

  function setNear(point) {
    near = point;
    nearOrigin.hidden = !point;
    document.getElementById("near-origin-label").textContent = point
      ? interpolate(gettext("Sorted by distance from %s."), [point.label]) : "";
    return loadResults(formParams());
  }
  document.getElementById("clear-near").addEventListener("click", function () {
    document.dispatchEvent(new CustomEvent("resourcemap:near-cleared"));
    setNear(null);
  });

  // --- Phones: the list and the map are two views of the same results (a switch).
  var layout = document.getElementById("map-layout");
  var viewSwitch = document.getElementById("view-switch");
  viewSwitch.hidden = false;
  function setView(view) {
    layout.dataset.view = view;
    viewSwitch.querySelectorAll("button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    });
    if (view === "map") {
      map.invalidateSize();
      // The switch and the map fill the screen below the sticky hotline bar.
      viewSwitch.scrollIntoView({ block: "start" });
    }
  }
  viewSwitch.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-view]");
    if (button) setView(button.dataset.view);
  });
  function switchesViews() { return getComputedStyle(viewSwitch).display !== "none"; }

  var appliedQuery = null;
  function apply(push) {
    clearTimeout(typingTimer);
    var params = formParams();
    // Re-rendering an unchanged list would throw away the keyboard focus inside it.
    if (params.toString() === appliedQuery) return;
    appliedQuery = params.toString();
    var url = location.pathname + (params.toString() ? "?" + params.toString() : "");
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    loadResults(params);
  }

  var typingTimer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
  form.addEventListener("change", function (event) {
    if (event.target.name && event.target.name !== "q") apply(true);
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { apply(false); }, 350);
  });
  window.addEventListener("popstate", function () {
    var params = new URLSearchParams(location.search);
    appliedQuery = params.toString();
    fillForm(params);
    loadResults(params);
  });
  document.getElementById("clear-filters").addEventListener("click", function (event) {
    event.preventDefault();
    fillForm(new URLSearchParams());
    apply(true);
  });

  listNode.addEventListener("click", function (event) {
    var button = event.target.closest(".show-on-map");
    if (!button) return;
    if (switchesViews()) setView("map");
    select(Number(button.dataset.id), "list", button.dataset.lon ? [Number(button.dataset.lon), Number(button.dataset.lat)] : null);
  });

  // The server rendered the list; the markers come from the data tiles of the view.
  var initial = new URLSearchParams(location.search);
  appliedQuery = formParams().toString();
  if (initial.toString()) loadResults(initial);
  else tilesFor(initial);

  window.ResourceMap = {
    map: map, markers: markers, cluster: cluster, toDisplay: toDisplay, dataTiles: dataTiles,
    select: select, siteUrl: siteUrl, gcj: gcj,
    setNear: setNear, setView: setView, tilesFailed: function () { return tilesFailed; },
  };
})();
