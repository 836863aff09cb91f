// Parley's witness: this browser keeps the last signed checkpoint of the
// audit log it saw and, on each visit, checks that the log only grew since.
//
// The server is not trusted for the check. The browser asks for the
// current checkpoint and a consistency proof from the kept size to it,
// checks the checkpoint's Ed25519 signature against the verifier key it
// kept (Web Crypto), and recomputes the two tree hashes from the proof
// with SHA-256 (RFC 6962 and RFC 9162 section 2.1.4, the proofs of
// golang.org/x/mod/sumdb/tlog): the older one must equal the hash it kept.
// A log with fewer records than the kept checkpoint (rolled back), one
// whose proof fails (forked: history rewritten), or one signed by another
// key gets a red warning naming both checkpoints; the kept checkpoint is
// then left as it is, as evidence, and can be downloaded to give to
// `parley audit verify --checkpoint FILE`.
//
// window.ParleyWitness exposes the checks for the tests.
(function (global) {
  "use strict";
  var KEY = "parley.witness";          // the kept checkpoint, per origin
  var CONFLICT = "parley.witness.conflict"; // the checkpoint that did not extend it
  var subtle = global.crypto && global.crypto.subtle;

  function fromB64(s) {
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  function concat(parts) {
    var n = 0, at = 0;
    parts.forEach(function (p) { n += p.length; });
    var out = new Uint8Array(n);
    parts.forEach(function (p) { out.set(p, at); at += p.length; });
    return out;
  }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function sha256(bytes) {
    return subtle.digest("SHA-256", bytes).then(function (h) { return new Uint8Array(h); });
  }

  // nodeHash is RFC 6962's hash of an interior node.
  function nodeHash(left, right) {
    return sha256(concat([new Uint8Array([1]), left, right]));
  }

  // parseTree reads a checkpoint's text, exactly as tlog.FormatTree
  // writes it, into {size, hash}.
  function parseTree(text) {
    var m = /^go\.sum database tree\n(0|[1-9][0-9]{0,15})\n([A-Za-z0-9+\/]{43}=)\n$/.exec(text);
    if (!m) throw new Error(parleyT("the checkpoint's text is not a tree head"));
    return { size: Number(m[1]), hash: m[2] };
  }

  // parseVerifierKey reads a sumdb/note verifier key, "name+hash+key".
  function parseVerifierKey(vkey) {
    var parts = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+\/]+=*)$/.exec(vkey || "");
    if (!parts) throw new Error(parleyT("not a verifier key"));
    var key = fromB64(parts[3]);
    if (key.length !== 33 || key[0] !== 1) throw new Error(parleyT("not an Ed25519 verifier key"));
    return { name: parts[1], hash: parts[2], key: key };
  }

  function keyHash(name, key) {
    return sha256(concat([new TextEncoder().encode(name + "\n"), key])).then(function (h) {
      return Array.prototype.map.call(h.slice(0, 4), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    });
  }

  // ed25519Verify checks sig over msg with Web Crypto; it answers null
  // where the browser has no Ed25519.
  function ed25519Verify(pub, sig, msg) {
    return subtle.importKey("raw", pub, { name: "Ed25519" }, false, ["verify"]).then(function (k) {
      return subtle.verify({ name: "Ed25519" }, k, sig, msg);
    }, function (err) {
      if (err && err.name === "NotSupportedError") return null;
      throw err;
    });
  }

  // openNote checks that note is a checkpoint signed with vkey and returns
  // {size, hash, note, signed}, where signed is false only where the
  // browser cannot check Ed25519 signatures. It rejects anything else.
  function openNote(note, vkey) {
    return Promise.resolve().then(function () {
      var v = parseVerifierKey(vkey);
      var cut = note.lastIndexOf("\n\n");
      if (cut < 0 || note.slice(-1) !== "\n") throw new Error(parleyT("not a signed note"));
      var text = note.slice(0, cut + 1), tree = parseTree(text);
      var sigs = note.slice(cut + 2, -1).split("\n").map(function (line) {
        var m = /^\u2014 (\S+) ([A-Za-z0-9+\/]+=*)$/.exec(line);
        if (!m) throw new Error(parleyT("a signature line is malformed"));
        return { name: m[1], raw: fromB64(m[2]) };
      }).filter(function (s) { return s.name === v.name && s.raw.length === 68; });
      return keyHash(v.name, v.key).then(function (h) {
        if (h !== v.hash) throw new Error(parleyT("the verifier key's hash does not match its key"));
        var mine = sigs.filter(function (s) {
          return Array.prototype.map.call(s.raw.slice(0, 4), function (b) { return (b + 256).toString(16).slice(1); }).join("") === h;
        });
        if (mine.length !== 1) throw new Error(parleyT("the checkpoint is not signed with the kept key"));
        return ed25519Verify(v.key.slice(1), mine[0].raw.slice(4), new TextEncoder().encode(text));
      }).then(function (ok) {
        if (ok === false) throw new Error(parleyT("the checkpoint's signature is not valid"));
        return { size: tree.size, hash: tree.hash, note: note, signed: ok === true };
      });
    });
  }

  // checkConsistency reports whether proof (an array of 32-byte hashes)
  // proves that the tree of newSize records with hash newHash extends the
  // tree of oldSize records with hash oldHash (RFC 9162, 2.1.4.2).
  function checkConsistency(oldSize, oldHash, newSize, newHash, proof) {
    return Promise.resolve().then(function () {
      if (!(oldSize >= 0 && oldSize <= newSize) || proof.some(function (p) { return p.length !== 32; })) return false;
      if (oldSize === 0) return proof.length === 0;
      if (oldSize === newSize) return proof.length === 0 && equal(oldHash, newHash);
      if (proof.length === 0) return false;
      var path = proof.slice();
      if ((oldSize & (oldSize - 1)) === 0) path.unshift(oldHash);
      var fn = oldSize - 1, sn = newSize - 1;
      while (fn % 2 === 1) { fn = (fn - 1) / 2; sn = Math.floor(sn / 2); }
      var st = { fr: path[0], sr: path[0], fn: fn, sn: sn };
      var step = Promise.resolve(true);
      path.slice(1).forEach(function (c) {
        step = step.then(function (ok) { return ok && consistencyStep(st, c); });
      });
      return step.then(function (ok) {
        return ok && st.sn === 0 && equal(st.fr, oldHash) && equal(st.sr, newHash);
      });
    });
  }

  // consistencyStep folds one hash of the proof into st.
  function consistencyStep(st, c) {
    if (st.sn === 0) return false;
    if (st.fn % 2 === 1 || st.fn === st.sn) {
      return Promise.all([nodeHash(c, st.fr), nodeHash(c, st.sr)]).then(function (h) {
        st.fr = h[0]; st.sr = h[1];
        while (st.fn % 2 === 0 && st.fn !== 0) { st.fn /= 2; st.sn = Math.floor(st.sn / 2); }
        st.fn = Math.floor(st.fn / 2); st.sn = Math.floor(st.sn / 2);
        return true;
      });
    }
    return nodeHash(st.sr, c).then(function (h) {
      st.sr = h;
      st.fn = Math.floor(st.fn / 2); st.sn = Math.floor(st.sn / 2);
      return true;
    });
  }

  // judge compares the kept checkpoint with the server's answer to
  // /audit/consistency?old=kept.size and returns {ok, current, problem}.
  function judge(kept, answer) {
    var cp = answer.checkpoint;
    var vkey = kept ? kept.verifier_key : cp.verifier_key;
    return openNote(cp.note, vkey).then(function (cur) {
      cur.verifier_key = vkey;
      if (!kept) return { ok: true, current: cur };
      if (cur.size < kept.size) return { ok: false, current: cur, problem: "rollback" };
      if (answer.old_size !== kept.size) return { ok: false, current: cur, problem: "fork" };
      var proof = (answer.proof || []).map(fromB64);
      return checkConsistency(kept.size, fromB64(kept.hash), cur.size, fromB64(cur.hash), proof).then(function (ok) {
        return ok ? { ok: true, current: cur } : { ok: false, current: cur, problem: "fork" };
      });
    }, function (err) {
      var shown = { size: NaN, hash: "", note: cp.note, verifier_key: cp.verifier_key, signed: false };
      try { var t = parseTree(cp.note.slice(0, cp.note.lastIndexOf("\n\n") + 1)); shown.size = t.size; shown.hash = t.hash; } catch (e) { /* shown as unreadable */ }
      return { ok: false, current: shown, problem: "signature", detail: err.message };
    });
  }

  // load reads a kept checkpoint; anything else kept under name counts as
  // none.
  function load(name) {
    var kept = null;
    try { kept = JSON.parse(global.localStorage.getItem(name) || "null"); } catch (e) { return null; }
    var ok = kept && typeof kept.size === "number" && kept.size >= 0 && /^[A-Za-z0-9+\/]{43}=$/.test(kept.hash) &&
      typeof kept.note === "string" && typeof kept.verifier_key === "string";
    return ok ? kept : null;
  }

  function store(name, cp) {
    var kept = { server: global.location.origin, size: cp.size, hash: cp.hash, note: cp.note,
      verifier_key: cp.verifier_key, signed: cp.signed, seen: new Date().toISOString() };
    try { global.localStorage.setItem(name, JSON.stringify(kept)); } catch (e) { /* storage full or off */ }
    return kept;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return { status: r.status, body: r.ok ? r.json() : null };
    });
  }

  // visit runs the check of one visit: it fetches the proof from the kept
  // size (from 0 if the server's log is now smaller) and judges it.
  function visit() {
    var kept = load(KEY);
    return getJSON("/audit/consistency?old=" + (kept ? kept.size : 0)).then(function (r) {
      if (r.status === 400 && kept) return getJSON("/audit/consistency?old=0");
      return r;
    }).then(function (r) {
      if (!r.body) return null; // no checkpoint this account may see: nothing to witness
      return r.body.then(function (answer) { return judge(kept, answer); });
    }).then(function (verdict) {
      if (!verdict) return;
      if (verdict.ok) {
        kept = store(KEY, verdict.current);
        try { global.localStorage.removeItem(CONFLICT); } catch (e) { /* nothing kept */ }
      } else {
        warn(kept, store(CONFLICT, verdict.current), verdict);
      }
      showKept(kept);
    });
  }

  function describe(cp) {
    return parleyT("%d records, tree hash %s", cp.size, cp.hash);
  }

  // downloadLink offers cp as a file that parley audit verify --checkpoint
  // accepts (JSON with the signed note).
  function downloadLink(label, cp) {
    var a = document.createElement("a");
    a.textContent = label;
    a.href = URL.createObjectURL(new Blob([JSON.stringify(cp, null, 2) + "\n"], { type: "application/json" }));
    a.download = "parley-checkpoint-" + cp.size + ".json";
    return a;
  }

  // what says what went wrong, for each problem judge finds.
  function what(problem) {
    switch (problem) {
      case "rollback": return parleyT("The record was rolled back: the server's audit log now holds fewer records than when this browser last checked it.");
      case "fork": return parleyT("The record was rewritten: the server's audit log does not extend the one this browser last checked.");
      default: return parleyT("The record's checkpoint is not validly signed with the key this browser kept.");
    }
  }

  // warn shows the red warning above the page, naming both checkpoints.
  function warn(kept, current, verdict) {
    var main = document.getElementById("main");
    if (!main) return;
    var box = document.getElementById("witness-alarm") || document.createElement("div");
    box.id = "witness-alarm";
    box.className = "notice error witness-alarm";
    box.setAttribute("role", "alert");
    box.textContent = "";
    var head = document.createElement("p");
    head.appendChild(document.createElement("strong")).textContent = what(verdict.problem);
    box.appendChild(head);
    var list = document.createElement("ul");
    if (kept) list.appendChild(document.createElement("li")).textContent = parleyT("Kept by this browser (seen %s): %s.", kept.seen, describe(kept));
    list.appendChild(document.createElement("li")).textContent = parleyT("Shown by the server now: %s.", describe(current)) + (verdict.detail ? " " + verdict.detail + "." : "");
    box.appendChild(list);
    var advice = box.appendChild(document.createElement("p"));
    advice.textContent = parleyT("Someone with access to the server may have changed the record after you saw it. Keep both checkpoints and tell your party and the mediator:") + " ";
    advice.appendChild(document.createElement("code")).textContent = "parley audit verify --checkpoint FILE";
    advice.appendChild(document.createTextNode(" " + parleyT("checks the log against them.")));
    var links = box.appendChild(document.createElement("p"));
    if (kept) links.appendChild(downloadLink(parleyT("Download the checkpoint this browser kept"), kept));
    if (kept) links.appendChild(document.createTextNode(" · "));
    links.appendChild(downloadLink(parleyT("Download the server's checkpoint"), current));
    var restart = box.appendChild(document.createElement("p")).appendChild(document.createElement("button"));
    restart.type = "button";
    restart.id = "witness-restart";
    restart.className = "danger";
    restart.textContent = parleyT("I have kept both: witness from the server's checkpoint from now on");
    restart.addEventListener("click", function () {
      try { global.localStorage.removeItem(KEY); global.localStorage.removeItem(CONFLICT); } catch (e) { /* nothing kept */ }
      box.remove();
      visit().catch(function () { /* checked again on the next visit */ });
    });
    if (!box.parentNode) main.insertAdjacentElement("beforebegin", box);
  }

  // showKept fills the audit page's #witness-kept with the checkpoint this
  // browser keeps, to download.
  function showKept(kept) {
    var el = document.getElementById("witness-kept");
    if (!el || !kept) return;
    el.textContent = (kept.signed ?
      parleyT("This browser keeps the checkpoint of %s (checked %s, signature verified).", describe(kept), kept.seen) :
      parleyT("This browser keeps the checkpoint of %s (checked %s, signature not checked: this browser has no Ed25519).", describe(kept), kept.seen)) + " ";
    el.appendChild(downloadLink(parleyT("Download the checkpoint this browser kept"), kept));
    el.hidden = false;
  }

  global.ParleyWitness = { openNote: openNote, checkConsistency: checkConsistency, judge: judge, visit: visit };
  if (document.body && document.body.hasAttribute("data-witness")) {
    if (subtle) {
      visit().catch(function () { /* a failed fetch is no evidence either way */ });
    } else {
      // Web Crypto is there only in secure contexts (HTTPS, localhost).
      var el = document.getElementById("witness-kept");
      if (el) {
        el.textContent = parleyT("This browser cannot check the record here: it needs the site served over HTTPS to verify checkpoints.");
        el.hidden = false;
      }
    }
  }
})(window);
