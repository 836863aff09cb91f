// The password rule of password.go, for a passphrase the browser checks
// but never sends: the one that seals a member's message key. The list of
// common passwords comes from the server (data-common on the form), so the
// rule has one source; TestBrowserPassphraseRule holds the two together.
(function () {
  "use strict";
  var minLength = 8, maxBytes = 1024;

  function isRun(s) {
    var rs = Array.from(s);
    return [0, 1, -1].some(function (step) {
      for (var i = 1; i < rs.length; i++) {
        if (rs[i].codePointAt(0) - rs[i - 1].codePointAt(0) !== step) return false;
      }
      return true;
    });
  }

  // passwordProblem returns why password breaks the rule, or "".
  window.parleyPasswordProblem = function (field, password, username, common) {
    var trimmed = password.trim();
    var lower = trimmed.toLowerCase();
    if (new TextEncoder().encode(password).length > maxBytes) {
      return parleyT("%s is longer than %d bytes", field, maxBytes);
    }
    if (Array.from(trimmed).length < minLength) {
      return parleyT("%s must be at least %d characters, not counting spaces at either end", field, minLength);
    }
    if (username && lower === username.toLowerCase()) return parleyT("%s must not be the user name", field);
    if (common.indexOf(lower) >= 0 || isRun(lower)) {
      return parleyT("%s is one of the first that guessers try; choose another (a few unrelated words make a good one)", field);
    }
    return "";
  };
})();
