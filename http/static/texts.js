// The words of Parley's scripts in the page's language. The layout puts
// the page's translations of the scripts' messages in a JSON block
// (#parley-texts, keyed by the English text, as the server's catalogues
// are); parleyT looks a message up there, falling back to the English,
// and fills in its arguments: %s and %d in order, %[n]s the n-th.
// TestScriptTexts keeps every message of the scripts in the catalogues.
(function (global) {
  "use strict";
  var table = null;

  function texts() {
    if (table) return table;
    var el = document.getElementById("parley-texts");
    try { table = el ? JSON.parse(el.textContent) : {}; } catch (e) { table = {}; }
    return table;
  }

  global.parleyT = function (key) {
    var args = arguments, next = 1;
    var format = Object.prototype.hasOwnProperty.call(texts(), key) ? table[key] : key;
    return format.replace(/%(?:\[(\d+)\])?[sdv]/g, function (verb, n) {
      var i = n ? Number(n) : next;
      next = i + 1;
      return String(args[i]);
    });
  };
})(window);
