// Console batches, vanilla and served by the app (no CDN).
// On the record list: "select this page" and the count of selected records (the checkboxes
// are <input name="numbers" form="batch-form">). On a batch's page: poll the JSON progress
// (any server process answers: the batch lives in the database), move the bar, and open the
// batch's own page once it is finished or interrupted, so the server renders the per-record
// results (also when this page was the answer to a refused POST).
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
    function done() {
      var page = box.dataset.page;
      if (page && window.location.pathname !== page) { window.location.assign(page); }
      else { window.location.reload(); }
    }
    function poll() {
      fetch(box.dataset.progress, { credentials: "same-origin",
                                    headers: { "Accept": "application/json" } })
        .then(function (r) {
          if (r.status === 404 || r.status === 401 || r.status === 403) { return null; }
          if (!r.ok) { throw new Error(String(r.status)); }
          return r.json();
        })
        .then(function (p) {
          if (p === null || p.finished) { done(); return; }  // the page says what happened
          show(p);
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });  // a blip: keep polling
    }
    window.setTimeout(poll, 300);
  }

  selection();
  progress();
})();
