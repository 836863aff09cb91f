// The marks of a long draft (the #marks form): choosing a mark saves that
// one point at once, keeping its rationale, wording and sharing, and the
// server's answer replaces the point's block. Without this script the
// form's button saves every changed mark together.
(function () {
  "use strict";
  // Listening on the document, not the form: a live update replaces the
  // form (app.js).
  document.addEventListener("change", function (ev) {
    var input = ev.target;
    var form = input.closest("form#marks");
    var row = input.closest("fieldset.mark");
    if (!form || !row || input.type !== "radio") return;
    var csrf = form.querySelector('input[name="_csrf"]').value;
    var point = row.dataset.point;
    var block = document.getElementById("stance-" + point);
    var body = new URLSearchParams({ stance: input.value, keep: "details" });
    row.setAttribute("aria-busy", "true");
    fetch(form.action.replace(/\/marks$/, "/points/" + point + "/stance"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRF-Token": csrf, "HX-Request": "true" }
    }).then(function (res) {
      return res.text().then(function (html) {
        if (!res.ok) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var why = page.querySelector("main .notice, .notice");
          throw new Error(why ? why.textContent.trim() : parleyT("the server answered %d", res.status));
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("stance-" + point);
        if (fresh && block) block.replaceWith(document.adoptNode(fresh));
      });
    }).catch(function (err) {
      row.removeAttribute("aria-busy");
      var note = document.createElement("span");
      note.className = "notice error";
      note.setAttribute("role", "alert");
      note.textContent = parleyT("Not saved: %s", err.message);
      row.appendChild(note);
    });
  });
})();
