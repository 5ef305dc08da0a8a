// Progressive enhancement only: every page works without this file.
// The supervision screen: when the ledger's views move (a server-sent event), fetch its table again.
(function () {
  "use strict";
  function live(box) {
    if (!window.EventSource || !window.htmx) { return; }
    var source = new EventSource(box.dataset.stream);
    source.addEventListener("moved", function () {
      window.htmx.ajax("GET", box.dataset.refresh, { target: box, swap: "innerHTML" });
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-stream]").forEach(live);
  });
})();
