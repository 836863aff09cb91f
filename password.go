package parley

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Password rules: one rule for every password and passphrase a member
// sets (an account's password, the passphrase that seals a member's
// message key), wherever it is set: the command line, the API, the pages.
const (
	MinPasswordLength = 8    // characters, not counting spaces at either end
	MaxPasswordBytes  = 1024 // bytes
)

// commonPasswords are passwords of the minimum length or more that
// guessers try first.
var commonPasswords = map[string]bool{
	"password": true, "password1": true, "password123": true, "passw0rd": true, "p@ssw0rd": true,
	"12345678": true, "123456789": true, "1234567890": true, "87654321": true, "11111111": true,
	"00000000": true, "qwertyui": true, "qwerty123": true, "qwertyuiop": true, "1q2w3e4r": true,
	"iloveyou": true, "letmein1": true, "welcome1": true, "admin123": true, "abc12345": true,
	"sunshine": true, "princess": true, "football": true, "baseball": true, "trustno1": true,
	"changeme": true, "parley123": true, "mediator": true,
}

// CommonPasswords lists the passwords ValidatePassword refuses as common,
// sorted, for a browser that checks a passphrase it never sends (the one
// sealing a member's message key) by the same rule.
func CommonPasswords() []string {
	out := make([]string, 0, len(commonPasswords))
	for p := range commonPasswords {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// ValidatePassword checks a password or passphrase against the rules,
// naming field in its error: at least MinPasswordLength characters besides
// spaces at either end, at most MaxPasswordBytes bytes, not the account's
// user name, not a common password, not one character repeated nor a run
// of consecutive characters (12345678, abcdefgh).
func ValidatePassword(field, password, username string) error {
	trimmed := strings.TrimSpace(password)
	lower := strings.ToLower(trimmed)
	switch {
	case len(password) > MaxPasswordBytes:
		return Invalid(field, "%s is longer than %d bytes", field, MaxPasswordBytes)
	case utf8.RuneCountInString(trimmed) < MinPasswordLength:
		return Invalid(field, "%s must be at least %d characters, not counting spaces at either end", field, MinPasswordLength)
	case username != "" && lower == strings.ToLower(username):
		return Invalid(field, "%s must not be the user name", field)
	case commonPasswords[lower] || isRun(lower):
		return Invalid(field, "%s is one of the first that guessers try; choose another (a few unrelated words make a good one)", field)
	}
	return nil
}

// isRun reports whether s is one character repeated, or characters each
// one after (or one before) the last: 11111111, 12345678, hgfedcba.
func isRun(s string) bool {
	rs := []rune(s)
	for _, step := range []rune{0, 1, -1} {
		run := true
		for i := 1; i < len(rs) && run; i++ {
			run = rs[i]-rs[i-1] == step
		}
		if run {
			return true
		}
	}
	return false
}
