package parley_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
)

func TestParseIssueLines(t *testing.T) {
	got, err := parley.ParseIssueLines("# the issues\n  Territory : line of contact,1991 borders \r\n\nSanctions: lifted, eased, kept\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []parley.SpaceIssue{{Name: "Territory", Options: []string{"line of contact", "1991 borders"}},
		{Name: "Sanctions", Options: []string{"lifted", "eased", "kept"}}}
	if !slices.EqualFunc(got.Issues, want, func(a, b parley.SpaceIssue) bool { return a.Name == b.Name && slices.Equal(a.Options, b.Options) }) {
		t.Errorf("got %+v, want %+v", got.Issues, want)
	}
	for _, c := range []struct{ text, says string }{
		{"", "at least one issue"},
		{"# only a comment", "at least one issue"},
		{"Territory", "line 1: write the issue, a colon"},
		{"A: x, y\n: x, y", "line 2: the issue has no name"},
		{"A: x, , y", "line 1: an option of \"A\" is empty"},
		{"A: x", "2 to 100 options"},
		{"A: x, x", "appears twice"},
		{"A: x, y\nA: z, w", "appears twice"},
		{"A: x\x00, y", "control character"},
		{"A: x, y\xff", "UTF-8"},
		{strings.Repeat("A", parley.MaxIssueLines+1), "longer than"},
	} {
		_, err := parley.ParseIssueLines(c.text)
		if parley.ErrorCode(err) != parley.EINVALID || parley.ErrorField(err) != "issues" || !strings.Contains(parley.ErrorMessage(err), c.says) {
			t.Errorf("ParseIssueLines(%.40q): got %v, want an invalid issues error saying %q", c.text, err, c.says)
		}
	}
}

// FuzzParseIssueLines: whatever the text, the parser does not panic; what
// it accepts is a valid issue space, which it reads back the same from
// its own formatting.
func FuzzParseIssueLines(f *testing.F) {
	for _, s := range []string{"Territory: a, b\nSanctions: c, d", "# x\n\nA:b,c", "A: b", ":", "A: b,,c", "A: x, y\nA: x, y", "é: ü, ö\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := parley.ParseIssueLines(text)
		if err != nil {
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("ParseIssueLines(%q): got %v, want nil or an invalid error", text, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("ParseIssueLines(%q) accepted a space that does not validate: %v", text, err)
		}
		again, err := parley.ParseIssueLines(parley.FormatIssueLines(s))
		if err != nil {
			t.Fatalf("its own formatting of %q: %v", text, err)
		}
		if parley.FormatIssueLines(again) != parley.FormatIssueLines(s) {
			t.Fatalf("round trip of %q: got %q, want %q", text, parley.FormatIssueLines(again), parley.FormatIssueLines(s))
		}
	})
}
