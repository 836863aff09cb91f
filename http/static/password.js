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
      return field + " is longer than " + maxBytes + " bytes";
    }
    if (Array.from(trimmed).length < minLength) {
      return field + " must be at least " + minLength + " characters, not counting spaces at either end";
    }
    if (username && lower === username.toLowerCase()) return field + " must not be the user name";
    if (common.indexOf(lower) >= 0 || isRun(lower)) {
      return field + " is one of the first that guessers try; choose another (a few unrelated words make a good one)";
    }
    return "";
  };
})();
