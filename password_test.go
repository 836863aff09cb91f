package parley_test

import (
	"strings"
	"testing"

	"github.com/parley-talks/parley"
)

// TestValidatePassword is finding 10 of issue 13: the command line took
// passwords of eight spaces, "password" and "12345678", and a message
// passphrase "a". One rule now holds wherever a password is set.
func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		password, username string
		ok                 bool
	}{
		{"        ", "russia", false},
		{"   abc   ", "russia", false},
		{"password", "russia", false},
		{"PASSWORD", "russia", false},
		{"12345678", "russia", false},
		{"abcdefgh", "russia", false},
		{"98765432", "russia", false},
		{"aaaaaaaaaaaa", "russia", false},
		{"a", "russia", false},
		{"russia12", "russia12", false},
		{"Russia12", "russia12", false},
		{"russia", "russia", false},
		{"russia12", "russia", true},
		{"mediator", "russia", false},
		{strings.Repeat("x", 1025) + "yz", "russia", false},
		{"password-russia", "russia", true},
		{"correct horse battery", "russia", true},
		{"Zx9!kq2m", "russia", true},
		{"ünïcödé-pässwörd", "russia", true},
	} {
		err := parley.ValidatePassword("password", tc.password, tc.username)
		if (err == nil) != tc.ok {
			t.Errorf("%q: got %v, want ok %v", tc.password, err, tc.ok)
		}
		if err != nil && parley.ErrorField(err) != "password" {
			t.Errorf("%q: got field %q, want password", tc.password, parley.ErrorField(err))
		}
	}
}
