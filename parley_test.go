package parley_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
)

// TestCheckText: what a text field accepts and refuses, with the field
// named in the error.
func TestCheckText(t *testing.T) {
	for _, c := range []struct {
		name, s string
		max     int // 0: 1,000
		ok      bool
		why     string
	}{
		{"plain", "The dam fills over seven years.", 0, true, ""},
		{"Arabic with marks and isolates", "تملأ \u2067السد\u2069 خلال سبع سنوات\u200f.", 0, true, ""},
		{"newlines and tabs", "one\n\ttwo\r\n", 0, true, ""},
		{"blank", "  \n", 0, false, "required"},
		{"too long", strings.Repeat("x", 11), 10, false, "longer than 10"},
		{"control", "a\x00b", 0, false, "control character"},
		{"delete", "a\x7fb", 0, false, "control character"},
		{"not UTF-8", "a\xffb", 0, false, "UTF-8"},
		{"right-to-left override", "Egypt\u202eNILE", 0, false, "U+202E"},
		{"left-to-right override", "\u202dمصر", 0, false, "U+202D"},
	} {
		max := c.max
		if max == 0 {
			max = 1000
		}
		err := parley.CheckText("name", c.s, 1, max)
		if c.ok != (err == nil) {
			t.Errorf("%s: got %v, want ok=%v", c.name, err, c.ok)
			continue
		}
		var pe *parley.Error
		if err != nil && (!errors.As(err, &pe) || pe.Field != "name" || !strings.Contains(pe.Message, c.why)) {
			t.Errorf("%s: got %v, want an invalid name saying %q", c.name, err, c.why)
		}
	}
}
