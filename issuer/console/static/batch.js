// Console batches, vanilla and served by the app (no CDN).
// On the record list: "select this page" and the count of selected records (the checkboxes
// are <input name="numbers" form="batch-form">). On a batch's page: poll the JSON progress,
// move the bar, and reload once finished so the server renders the per-record results.
(function () {
  "use strict";

  function selection() {
    var form = document.getElementById("batch-form");
    if (!form) { return; }
    var all = document.getElementById("batch-all");
    var count = document.getElementById("batch-count");
    function boxes() {
      return Array.prototype.slice.call(
        document.querySelectorAll('input[type=checkbox][name=numbers][form="batch-form"]'));
    }
    function update() {
      var list = boxes();
      var chosen = list.filter(function (b) { return b.checked; }).length;
      if (count) { count.textContent = String(chosen); }
      if (all) {
        all.checked = list.length > 0 && chosen === list.length;
        all.indeterminate = chosen > 0 && chosen < list.length;
      }
    }
    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = all.checked; });
        update();
      });
    }
    document.addEventListener("change", function (e) {
      var t = e.target;
      if (t && t.name === "numbers" && t.getAttribute("form") === "batch-form") { update(); }
    });
    update();
  }

  function progress() {
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
      fetch(box.dataset.progress, { credentials: "same-origin",
                                    headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (p) {
          show(p);
          if (p.finished) { window.location.reload(); } else { window.setTimeout(poll, 700); }
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    window.setTimeout(poll, 300);
  }

  selection();
  progress();
})();
