// Optional overlays (district and street outlines, fetched on first use) and the legend.
(function () {
  "use strict";
  var RM = window.ResourceMap;
  if (!RM) return;
  var gettext = window.gettext || function (s) { return s; };
  var cfg = document.getElementById("map").dataset;

  function coordsToLatLng(coords) { return RM.toDisplay(coords[0], coords[1]); }

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function outlines(url, className, nameOf) {
    var loaded = false;
    var layer = L.geoJSON(null, {
      coordsToLatLng: coordsToLatLng,
      className: className,
      interactive: false,
      style: function () { return { className: className, fill: false, weight: className === "street-outline" ? 1.5 : 2.5 }; },
      onEachFeature: function (feature, shape) {
        shape.bindTooltip(label(nameOf(feature.properties)), { sticky: true });
      },
    });
    layer.on("add", function () {
      if (loaded) return;
      loaded = true;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (collection) { layer.addData(collection); })
        .catch(function () { loaded = false; });
    });
    return layer;
  }

  var lang = document.documentElement.lang;
  var districts = outlines(cfg.districtsUrl, "district-outline", function (p) {
    return lang === "en" && p.name_en ? p.name_en : p.name;
  });
  var streets = outlines(cfg.streetsUrl, "street-outline", function (p) {
    return p.name + (p.approximate ? " — " + gettext("approximate outline") : "");
  });
  var overlays = {};
  overlays[gettext("District outlines")] = districts;
  overlays[gettext("Street outlines (approximate, hand-traced)")] = streets;
  L.control.layers(null, overlays, { collapsed: window.matchMedia("(max-width: 700px)").matches }).addTo(RM.map);
  // Without a base map, district outlines are what lets people find their way: show them.
  if (RM.tilesFailed()) districts.addTo(RM.map);
  else RM.map.once("tilesunavailable", function () { districts.addTo(RM.map); });

  // The legend repeats the category filter's colours on the map itself.
  var Legend = L.Control.extend({
    options: { position: "bottomright" },
    onAdd: function () {
      var box = L.DomUtil.create("details", "legend");
      var summary = L.DomUtil.create("summary", "", box);
      summary.textContent = gettext("Legend");
      var list = L.DomUtil.create("ul", "", box);
      document.querySelectorAll(".category-name[data-code]").forEach(function (node) {
        var item = L.DomUtil.create("li", "", list);
        var swatch = L.DomUtil.create("span", "swatch cat-" + node.dataset.code, item);
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(document.createTextNode(" " + node.textContent.trim()));
      });
      var approx = L.DomUtil.create("li", "", list);
      L.DomUtil.create("span", "swatch approx", approx).setAttribute("aria-hidden", "true");
      approx.appendChild(document.createTextNode(" " + gettext("dashed ring: approximate location")));
      L.DomEvent.disableClickPropagation(box);
      return box;
    },
  });
  // Open at first only where it covers little of the map (a large screen): at 1366 x 800 an
  // open legend hid clusters in the map's corner. Closed, one tap on "Legend" opens it, and the
  // filter's category list beside the map shows the same colours.
  var LEGEND_OPEN_MAX_SHARE = 0.08;
  var box = new Legend().addTo(RM.map).getContainer();
  var size = RM.map.getSize();
  var mapArea = size.x * size.y;  // 0 where the map is a hidden view (a phone's list first)
  box.open = true;
  if (!(mapArea > 0) || box.offsetWidth * box.offsetHeight > LEGEND_OPEN_MAX_SHARE * mapArea) box.open = false;
})();
