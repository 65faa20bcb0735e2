// Quick exit: leaves for a neutral page and replaces this page's history entry, so "back"
// does not return here. The button, or Esc twice within a second. Nothing is recorded.
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  if (!button) return;
  var target = button.dataset.url;

  function leave() {
    document.body.hidden = true; // nothing of the page stays on screen while the next loads
    window.location.replace(target);
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 1000) leave();
    lastEscape = now;
  });
})();
