// Sealed messages in the browser: unlock the member's age identity with its
// passphrase, open the messages addressed to it, seal new ones to the
// recipients' keys. Nothing readable leaves the browser.
(function () {
  "use strict";
  var identity = null; // the unlocked identity, in memory only
  var csrf = (JSON.parse(document.body.getAttribute("hx-headers") || "{}"))["X-CSRF-Token"] || "";

  function text(el, s) { el.textContent = s; }

  async function openMessages() {
    var items = document.querySelectorAll("li.message");
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var body = li.querySelector(".body");
      var url = "/talks/" + li.dataset.talks + "/messages/" + li.dataset.id;
      try {
        var res = await fetch(url + "/ciphertext", { credentials: "same-origin" });
        var armored = await res.text();
        var d = new age.Decrypter();
        d.addIdentity(identity);
        var plain = await d.decrypt(age.armor.decode(armored), "text");
        text(body, plain);
        body.classList.remove("sealed");
        body.classList.add("opened");
        if (!li.dataset.mine) { // a receipt is the recipients' to give, not the sender's
          fetch(url + "/read", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf } });
        }
      } catch (e) {
        text(body, parleyT("Your key does not open this message: it was not addressed to you."));
        body.classList.add("closed");
      }
    }
  }

  async function unlockKey() {
    var status = document.getElementById("unlock-status");
    text(status, parleyT("Unlocking…"));
    try {
      var res = await fetch("/account/sealed-identity", { credentials: "same-origin" });
      if (!res.ok) throw new Error("HTTP " + res.status);
      var d = new age.Decrypter();
      d.addPassphrase(document.getElementById("passphrase").value);
      identity = (await d.decrypt(age.armor.decode(await res.text()), "text")).trim();
      document.getElementById("passphrase").value = "";
      text(status, parleyT("Unlocked."));
      await openMessages();
    } catch (e) {
      text(status, parleyT("That passphrase does not unlock your key."));
    }
  }

  // Creating a key: the browser makes an age identity, seals it under the
  // member's passphrase and registers the public key with the sealed copy.
  // The passphrase and the identity never leave the browser unsealed.
  async function createKey(newKey) {
    var status = document.getElementById("newkey-status");
    var pass = document.getElementById("new-passphrase").value;
    if (pass !== document.getElementById("new-passphrase-again").value) {
      text(status, parleyT("The two passphrases differ."));
      return;
    }
    var common = (newKey.dataset.common || "").split("\n");
    var problem = window.parleyPasswordProblem(parleyT("the passphrase"), pass, newKey.dataset.username, common);
    if (problem) { text(status, problem.charAt(0).toUpperCase() + problem.slice(1) + "."); return; }
    text(status, parleyT("Creating your key…"));
    var form = new URLSearchParams(new FormData(newKey)); // the way back (next), never the passphrase: its fields have no name
    try {
      var id = await age.generateX25519Identity();
      var e = new age.Encrypter();
      e.setPassphrase(pass);
      form.set("age_recipient", await age.identityToRecipient(id));
      form.set("sealed_identity", age.armor.encode(await e.encrypt(id + "\n")));
    } catch (err) {
      text(status, parleyT("Your browser could not create the key."));
      return;
    }
    try {
      var res = await fetch(newKey.action, { method: "POST", credentials: "same-origin", body: form,
        headers: { "X-CSRF-Token": csrf } });
      if (!res.ok) {
        var page = new DOMParser().parseFromString(await res.text(), "text/html");
        var why = page.querySelector("main .notice, .notice");
        text(status, parleyT("Not registered: %s.", why ? why.textContent.trim() : parleyT("the server answered %d", res.status)));
        return;
      }
      window.location.assign(res.url || window.location.href);
    } catch (err) {
      text(status, parleyT("Not registered: the server could not be reached."));
    }
  }

  // Sending seals the text to the recipients' keys and to the sender's own
  // (so that the sender can read what it sent), then posts the ciphertext.
  // The text stays in the form until the server has taken the message: a
  // refusal (the talks closed meanwhile, say) shows why and loses nothing.
  async function sendMessage(send) {
    var status = document.getElementById("send-status");
    var keys = [];
    send.querySelectorAll('input[name="recipients"]:checked').forEach(function (c) { keys.push(c.dataset.key); });
    if (keys.length === 0) { text(status, parleyT("Choose at least one recipient.")); return; }
    if (document.getElementById("copy-envoy").checked) {
      var opt = document.getElementById("envoy").selectedOptions[0];
      if (!opt || !opt.dataset.key) { text(status, parleyT("The envoy has no key yet: it can carry the message but not read it.")); return; }
      keys.push(opt.dataset.key);
    }
    if (send.dataset.selfKey) keys.push(send.dataset.selfKey);
    var body = document.getElementById("body");
    var sealed;
    try {
      var e = new age.Encrypter();
      keys.forEach(function (k) { e.addRecipient(k); });
      sealed = age.armor.encode(await e.encrypt(body.value));
    } catch (e) {
      text(status, parleyT("The message could not be sealed."));
      return;
    }
    var form = new URLSearchParams(new FormData(send));
    form.set("ciphertext", sealed);
    text(status, parleyT("Sending…"));
    try {
      var res = await fetch(send.action, { method: "POST", credentials: "same-origin", body: form,
        headers: { "X-CSRF-Token": csrf } });
      if (!res.ok) {
        var page = new DOMParser().parseFromString(await res.text(), "text/html");
        var why = page.querySelector("main .notice, .notice");
        text(status, parleyT("Not sent: %s. Your text is still here.", why ? why.textContent.trim() : parleyT("the server answered %d", res.status)));
        return;
      }
      body.value = "";
      window.location.assign(res.url || send.action);
    } catch (e) {
      text(status, parleyT("Not sent: the server could not be reached. Your text is still here."));
    }
  }

  // The forms are found when submitted, not when the page loads: a live
  // update replaces them (app.js), and then the opened messages are opened
  // again with the identity still in memory.
  var handlers = { unlock: unlockKey, newkey: createKey, send: sendMessage };
  document.addEventListener("submit", function (ev) {
    var h = handlers[ev.target.id];
    if (!h) return;
    ev.preventDefault();
    h(ev.target);
  });
  document.addEventListener("parley:updated", function () {
    if (identity) openMessages();
  });
})();
