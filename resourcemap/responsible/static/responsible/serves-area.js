// "Serves your area": after a near-me lookup (near-me.js fires resourcemap:near), lists the
// sites whose service area holds the point (a district's minor-protection centre, a street's
// party-mass centre...), whatever the precision of their own position, apart from the
// distance-ranked list; and offers "who is responsible here", posted so that the position
// never enters the page's URL or the browser history.
(function () {
  "use strict";
  var gettext = window.gettext || function (s) { return s; };
  var box = document.getElementById("serves-area");
  var form = document.getElementById("here-form");
  if (!box || !form) return;
  var list = box.querySelector("ol");
  var AREA_TEXT = {
    city: gettext("serves the whole city"),
    district: gettext("serves your district"),
    street: gettext("serves your street"),
    community: gettext("serves your community"),
  };

  function item(feature) {
    var p = feature.properties;
    var li = document.createElement("li");
    li.className = "serves-item";
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name; // imported text is data, never markup
    li.appendChild(link);
    var meta = document.createElement("span");
    meta.className = "serves-meta";
    var text = " · " + p.category_name + " · " + (AREA_TEXT[p.service_area] || "");
    if (p.approximate) text += gettext("; exact location not recorded");
    meta.textContent = text;
    li.appendChild(meta);
    (p.phones || []).slice(0, 1).forEach(function (phone) {
      var call = document.createElement("a");
      call.href = "tel:" + phone;
      call.className = "serves-call";
      call.textContent = phone;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(call);
    });
    return li;
  }

  document.addEventListener("resourcemap:near-cleared", function () { box.hidden = true; });
  document.addEventListener("resourcemap:near", function (event) {
    var detail = event.detail || {};
    var params = new URLSearchParams({ lat: String(detail.lat), lon: String(detail.lon), crs: detail.crs || "wgs84", limit: "1" });
    fetch("/api/v1/nearest/?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { serves_your_area: [] }; })
      .then(function (collection) { show(detail, collection.serves_your_area || []); });
  });

  function show(detail, features) {
    while (list.firstChild) list.removeChild(list.firstChild);
    features.forEach(function (feature) { list.appendChild(item(feature)); });
    box.querySelector(".serves-empty").hidden = features.length > 0;
    form.elements.lat.value = String(detail.lat);
    form.elements.lon.value = String(detail.lon);
    form.elements.crs.value = detail.crs || "wgs84";
    box.hidden = false;
  }
})();
