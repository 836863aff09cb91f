// Parley's own script: live updates. Pages work without it.
(function () {
  "use strict";
  var body = document.body;
  var talks = body && body.getAttribute("data-talks");
  if (!talks || !window.EventSource) return;
  var source = new EventSource("/talks/" + talks + "/events");
  // data-live tells whoever watches the page (the browser tests) whether
  // the stream is open: the server has subscribed this page to changes.
  source.addEventListener("open", function () { body.setAttribute("data-live", "open"); });
  source.addEventListener("error", function () { body.setAttribute("data-live", "closed"); });
  source.addEventListener("change", function () {
    // Something this member may see changed: fetch the page again and swap
    // in the parts that can change, keeping any form being filled in.
    var active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT")) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("main");
        var main = document.getElementById("main");
        if (fresh && main) {
          main.innerHTML = fresh.innerHTML;
          if (window.htmx) window.htmx.process(main);
        }
      });
  });
})();
