// Passkeys (WebAuthn): the browser's half of registering a passkey on
// the account page and of signing in with one, over the JSON routes of
// http/passkeys.go. Binary fields travel as base64url.
"use strict";
(function () {
  function b64urlToBuf(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }
  function bufToB64url(buf) {
    var bytes = new Uint8Array(buf), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function csrf() {
    var h = document.body.getAttribute("hx-headers");
    try { return h ? JSON.parse(h)["X-CSRF-Token"] : ""; } catch (e) { return ""; }
  }
  function post(url, body) {
    var headers = { "Content-Type": "application/json" }, token = csrf();
    if (token) headers["X-CSRF-Token"] = token;
    return fetch(url, { method: "POST", headers: headers, body: body === undefined ? "" : JSON.stringify(body), credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) throw new Error(j.error && (j.error.message || j.error) || j.message || parleyT("the server answered %d", r.status));
          return j;
        });
      });
  }
  function credentialJSON(c) {
    var r = c.response, out = { id: c.id, rawId: bufToB64url(c.rawId), type: c.type, response: {},
      clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {} };
    ["clientDataJSON", "attestationObject", "authenticatorData", "signature", "userHandle"].forEach(function (k) {
      if (r[k]) out.response[k] = bufToB64url(r[k]);
    });
    if (r.getTransports) out.response.transports = r.getTransports();
    if (c.authenticatorAttachment) out.authenticatorAttachment = c.authenticatorAttachment;
    return out;
  }
  function showError(form, err) {
    var p = form.querySelector("#passkey-error");
    p.textContent = String(err && err.message || err);
    p.hidden = false;
  }
  function register(form) {
    return post("/account/passkeys/begin").then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      pk.user.id = b64urlToBuf(pk.user.id);
      (pk.excludeCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (cred) {
      var name = form.querySelector("[name=name]").value;
      return post("/account/passkeys/finish?name=" + encodeURIComponent(name), credentialJSON(cred));
    }).then(function () { location.href = "/account"; });
  }
  function signIn(form) {
    var ceremony;
    return post("/signin/passkey/begin").then(function (b) {
      ceremony = b.ceremony;
      var pk = b.options.publicKey;
      pk.challenge = b64urlToBuf(pk.challenge);
      (pk.allowCredentials || []).forEach(function (c) { c.id = b64urlToBuf(c.id); });
      return navigator.credentials.get({ publicKey: pk });
    }).then(function (cred) {
      var next = form.getAttribute("data-next") || "/";
      return post("/signin/passkey/finish?ceremony=" + encodeURIComponent(ceremony) + "&next=" + encodeURIComponent(next), credentialJSON(cred));
    }).then(function (j) { location.href = j.next || "/"; });
  }
  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (!window.PublicKeyCredential) { showError(form, parleyT("This browser has no passkeys.")); return; }
      var run = form.getAttribute("data-passkey") === "register" ? register : signIn;
      run(form).catch(function (err) { showError(form, err); });
    });
  });
})();
