// The admin's import progress bar: polls the job once a second and goes on to the preview
// or the result when the worker is done. No inline script (CSP: script-src 'self').
(function () {
  "use strict";
  var root = document.querySelector(".import-job");
  if (!root) { return; }
  var bar = document.getElementById("import-progress");
  var status = document.getElementById("import-job-status");
  function show(selector, value) {
    var node = root.querySelector(selector);
    if (node) { node.textContent = value === null || value === undefined ? "—" : String(value); }
  }
  function poll() {
    fetch(root.dataset.progressUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + " %";
        show(".percent", job.percent);
        show(".phase", job.phase);
        show(".rows-done", job.rows_done);
        show(".rows-total", job.rows_total);
        show(".rate", job.rows_per_second);
        show(".left", job.seconds_left);
        status.dataset.status = job.status;
        status.textContent = job.status;
        if (job.status === "done") {
          window.setTimeout(function () { window.location.assign(root.dataset.doneUrl); }, 800);
        } else if (job.status === "failed") {
          window.location.assign(root.dataset.doneUrl);
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (status.dataset.status !== "done" && status.dataset.status !== "failed") { poll(); }
}());
