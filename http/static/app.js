// Parley's own script: live updates. Pages work without it.
//
// When something this member may see changes, the server says so on the
// page's event stream and the page fetches itself again. A page with
// nothing typed into it takes the new version at once. A page with unsaved
// input is left as it is: a notice says that changes arrived, and "Show
// them" takes them in while putting back what the member had typed.
(function () {
  "use strict";
  var body = document.body;
  // A form the server refused comes back, with an error status, holding
  // what was typed and the reason beside its field (X-Parley-Form): htmx
  // shows it in place of the form, as it would a success.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("X-Parley-Form") === "refused") {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
  var talks = body && body.getAttribute("data-talks");
  if (!talks || !window.EventSource) return;

  // fieldKey names a field across two versions of the page: its form's
  // action, its name or id, and for a choice its value.
  function fieldKey(el) {
    var form = el.form ? el.form.getAttribute("action") || el.form.id : "";
    var key = form + "|" + (el.name || el.id);
    if (el.type === "radio" || el.type === "checkbox") key += "|" + el.value;
    return key;
  }

  function isDirty(el) {
    if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") return false;
    return el.value !== el.defaultValue;
  }

  // unsaved lists the fields in main whose value the member changed.
  function unsaved(main) {
    var out = [];
    main.querySelectorAll("input, textarea, select").forEach(function (el) {
      if ((el.name || el.id) && isDirty(el)) out.push(el);
    });
    return out;
  }

  function restore(main, saved) {
    var lost = 0;
    saved.forEach(function (s) {
      var el = null;
      main.querySelectorAll("input, textarea, select").forEach(function (c) {
        if (!el && fieldKey(c) === s.key) el = c;
      });
      if (!el) { lost++; return; }
      if (el.type === "radio" || el.type === "checkbox") el.checked = s.checked;
      else el.value = s.value;
    });
    return lost;
  }

  var pending = null; // the newer page, fetched while the member was typing

  function swapIn(doc) {
    var fresh = doc.getElementById("main");
    var main = document.getElementById("main");
    if (!fresh || !main) return;
    var saved = unsaved(main).map(function (el) {
      return { key: fieldKey(el), value: el.value, checked: el.checked };
    });
    main.innerHTML = fresh.innerHTML;
    var lost = restore(main, saved);
    if (window.htmx) window.htmx.process(main);
    document.dispatchEvent(new CustomEvent("parley:updated"));
    if (lost > 0) notice(parleyT("Some of your unsaved fields (%d) belonged to a part that is gone; copy what you need from the previous page with Back.", lost), false);
  }

  function notice(text, offerShow) {
    var n = document.getElementById("live-notice");
    if (!n) {
      n = document.createElement("div");
      n.id = "live-notice";
      n.className = "notice live-notice";
      n.setAttribute("role", "status");
      // Inside main, so that it is in a landmark for screen readers.
      document.getElementById("main").insertAdjacentElement("afterbegin", n);
    }
    n.textContent = text + " ";
    if (offerShow) {
      var b = document.createElement("button");
      b.type = "button";
      b.id = "live-show";
      b.textContent = parleyT("Show them");
      b.addEventListener("click", function () {
        n.remove();
        if (pending) { swapIn(pending); pending = null; }
      });
      n.appendChild(b);
    }
  }

  var source = new EventSource("/talks/" + talks + "/events");
  // data-live tells whoever watches the page (the browser tests) whether
  // the stream is open: the server has subscribed this page to changes.
  source.addEventListener("open", function () { body.setAttribute("data-live", "open"); });
  source.addEventListener("error", function () { body.setAttribute("data-live", "closed"); });
  source.addEventListener("change", function () {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var main = document.getElementById("main");
        var active = document.activeElement;
        var typing = active && main && main.contains(active) && (active.tagName === "TEXTAREA" ||
          (active.tagName === "INPUT" && /^(text|search|password|email|url|number|date|datetime-local|time)$/.test(active.type)));
        if (main && (typing || unsaved(main).length > 0)) {
          pending = doc;
          notice(parleyT("New changes have arrived; your unsaved input is kept."), true);
          return;
        }
        swapIn(doc);
      });
  });
})();
