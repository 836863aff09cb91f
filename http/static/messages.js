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
        fetch(url + "/read", { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf } });
      } catch (e) {
        text(body, "Your key does not open this message: it was not addressed to you.");
        body.classList.add("closed");
      }
    }
  }

  var unlock = document.getElementById("unlock");
  if (unlock) {
    unlock.addEventListener("submit", async function (ev) {
      ev.preventDefault();
      var status = document.getElementById("unlock-status");
      text(status, "Unlocking…");
      try {
        var res = await fetch("/account/sealed-identity", { credentials: "same-origin" });
        if (!res.ok) throw new Error("no key");
        var d = new age.Decrypter();
        d.addPassphrase(document.getElementById("passphrase").value);
        identity = (await d.decrypt(age.armor.decode(await res.text()), "text")).trim();
        document.getElementById("passphrase").value = "";
        text(status, "Unlocked.");
        await openMessages();
      } catch (e) {
        text(status, "That passphrase does not unlock your key.");
      }
    });
  }

  var send = document.getElementById("send");
  if (send) {
    send.addEventListener("submit", async function (ev) {
      if (document.getElementById("ciphertext").value) return; // sealed already
      ev.preventDefault();
      var status = document.getElementById("send-status");
      var keys = [];
      send.querySelectorAll('input[name="recipients"]:checked').forEach(function (c) { keys.push(c.dataset.key); });
      if (document.getElementById("copy-envoy").checked) {
        var opt = document.getElementById("envoy").selectedOptions[0];
        if (opt) keys.push(opt.dataset.key);
      }
      if (keys.length === 0) { text(status, "Choose at least one recipient."); return; }
      try {
        var e = new age.Encrypter();
        keys.forEach(function (k) { e.addRecipient(k); });
        var body = document.getElementById("body");
        var sealed = await e.encrypt(body.value);
        document.getElementById("ciphertext").value = age.armor.encode(sealed);
        body.value = "";
        send.submit();
      } catch (e) {
        text(status, "The message could not be sealed.");
      }
    });
  }
})();
