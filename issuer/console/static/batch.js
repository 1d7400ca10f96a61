// The batch page's progress: poll the JSON progress, move the bar, reload once finished so the
// server renders the per-record results. Vanilla, served by the app (no CDN).
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector(".progress");
  var fill = bar.querySelector("span");
  function show(p) {
    var pct = p.total ? Math.round(100 * p.done / p.total) : 100;
    fill.style.width = pct + "%";
    bar.setAttribute("aria-valuenow", String(p.done));
    document.getElementById("batch-done").textContent = String(p.done);
    document.getElementById("batch-ok").textContent = String(p.ok);
    document.getElementById("batch-refused").textContent = String(p.refused);
  }
  function poll() {
    fetch(box.dataset.progress, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
      .then(function (p) {
        show(p);
        if (p.finished) { window.location.reload(); } else { window.setTimeout(poll, 700); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
