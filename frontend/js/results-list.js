// The results list beside (desktop) or below (phone) the map. Built with the DOM and
// textContent only: site names and addresses are data, never markup.
(function (root) {
  "use strict";
  var gettext = root.gettext || function (s) { return s; };
  var interpolate = root.interpolate || function (fmt, args) { return fmt.replace("%s", args[0]); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function formatDistance(metres) {
    if (metres < 1000) return interpolate(gettext("%s m"), [String(Math.max(10, Math.round(metres / 10) * 10))]);
    return interpolate(gettext("%s km"), [(metres / 1000).toFixed(metres < 10000 ? 1 : 0)]);
  }

  function walkingMinutes(metres, metresPerMinute) {
    return Math.max(1, Math.ceil(metres / metresPerMinute));
  }

  // item: {id, name, category, category_name, address, approximate, open_now,
  //        temporarily_closed, url, distance_m?}
  function renderItem(item, options) {
    var li = el("li", "result");
    li.dataset.id = String(item.id);
    var heading = el("h3", "result-name");
    var link = el("a", null, item.name);
    link.href = item.url;
    heading.appendChild(link);
    li.appendChild(heading);
    if (item.pinyin) {
      var pinyin = el("p", "result-pinyin", item.pinyin);
      pinyin.lang = "zh-Latn-pinyin";
      li.appendChild(pinyin);
    }

    var meta = el("p", "result-meta");
    var swatch = el("span", "swatch cat-" + item.category);
    swatch.setAttribute("aria-hidden", "true");
    meta.appendChild(swatch);
    meta.appendChild(document.createTextNode(" " + (item.category_name || "") + (item.address ? " · " + item.address : "")));
    li.appendChild(meta);

    if (typeof item.distance_m === "number" && item.approximate) {
      // The point stands for a street or community: the distance is only "about", never exact.
      li.appendChild(el("p", "result-distance approx", interpolate(
        gettext("about %(distance)s away (approximate location)"),
        { distance: formatDistance(item.distance_m) }, true)));
    } else if (typeof item.distance_m === "number") {
      var minutes = walkingMinutes(item.distance_m, options.walkingMetresPerMinute);
      li.appendChild(el("p", "result-distance", interpolate(
        gettext("%(distance)s away · about %(minutes)s min walk (straight line)"),
        { distance: formatDistance(item.distance_m), minutes: minutes }, true)));
    }

    var flags = el("p", "result-flags");
    if (item.temporarily_closed) flags.appendChild(el("span", "flag closed", gettext("Temporarily closed")));
    else if (item.open_now === true) flags.appendChild(el("span", "flag open", gettext("Open now")));
    else if (item.open_now === false) flags.appendChild(el("span", "flag", gettext("Closed now")));
    if (item.approximate) flags.appendChild(el("span", "flag approx", gettext("Approximate location")));
    li.appendChild(flags);

    var show = el("button", "show-on-map", gettext("Show on map"));
    show.type = "button";
    show.dataset.id = String(item.id);
    show.dataset.lon = String(item.lon);
    show.dataset.lat = String(item.lat);
    li.appendChild(show);
    return li;
  }

  function render(listNode, emptyNode, items, options) {
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(renderItem(item, options)); });
    listNode.replaceChildren(fragment);
    emptyNode.hidden = items.length > 0;
  }

  // The next page below the current items; returns the first new item (for focus).
  function append(listNode, items, options) {
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(renderItem(item, options)); });
    var first = fragment.firstChild;
    listNode.appendChild(fragment);
    return first;
  }

  function select(listNode, id) {
    var current = listNode.querySelectorAll(".result.is-selected");
    for (var i = 0; i < current.length; i++) {
      current[i].classList.remove("is-selected");
      current[i].removeAttribute("aria-current");
    }
    var item = listNode.querySelector('.result[data-id="' + Number(id) + '"]');
    if (!item) return null;
    item.classList.add("is-selected");
    item.setAttribute("aria-current", "true");
    return item;
  }

  root.ResultsList = { render: render, append: append, select: select, formatDistance: formatDistance };
})(window);
