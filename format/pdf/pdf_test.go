package pdf_test

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/internal/formattest"
	"github.com/parley-talks/parley/format/pdf"
)

func write(tb testing.TB, d *parley.Draft) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := pdf.Write(&buf, d); err != nil {
		tb.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	subsection  = regexp.MustCompile(`^(\d+) (\d+)\s*$`)
	entryRE     = regexp.MustCompile(`^(\d{10}) (\d{5}) ([nf])\s*$`)
	objRE       = regexp.MustCompile(`^(\d+) 0 obj\b`)
)

// checkStructure checks the file's header, its cross-reference table (every
// in-use entry points at its object) and its trailer.
func checkStructure(tb testing.TB, b []byte) {
	tb.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		tb.Fatalf("got a file starting %q, want %%PDF-1.", b[:min(len(b), 8)])
	}
	m := startxrefRE.FindSubmatch(b)
	if m == nil {
		tb.Fatalf("got no startxref and %%%%EOF at the end: %q", b[max(0, len(b)-64):])
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(b) || !bytes.HasPrefix(b[at:], []byte("xref")) {
		tb.Fatalf("startxref %d: got %q there, want xref", at, b[at:min(len(b), at+8)])
	}
	table, trailer, ok := bytes.Cut(b[at:], []byte("trailer"))
	if !ok {
		tb.Fatalf("got no trailer after the xref table")
	}
	lines := strings.Split(strings.TrimSpace(string(table)), "\n")[1:]
	objects := 0
	for len(lines) > 0 {
		sm := subsection.FindStringSubmatch(lines[0])
		if sm == nil {
			tb.Fatalf("got xref subsection header %q, want two numbers", lines[0])
		}
		first, _ := strconv.Atoi(sm[1])
		n, _ := strconv.Atoi(sm[2])
		if len(lines) < n+1 {
			tb.Fatalf("got %d xref entries, want %d", len(lines)-1, n)
		}
		for i, line := range lines[1 : n+1] {
			em := entryRE.FindStringSubmatch(line)
			if em == nil {
				tb.Fatalf("got xref entry %q, want 20 bytes nnnnnnnnnn ggggg n", line)
			}
			if em[3] != "n" {
				continue
			}
			off, _ := strconv.Atoi(em[1])
			om := objRE.FindSubmatch(b[off:])
			if om == nil || string(om[1]) != strconv.Itoa(first+i) {
				tb.Errorf("xref entry for object %d: got %q at offset %d, want \"%d 0 obj\"", first+i, b[off:min(len(b), off+12)], off, first+i)
			}
			objects++
		}
		lines = lines[n+1:]
	}
	if objects == 0 {
		tb.Errorf("got no objects in the xref table")
	}
	for _, key := range []string{"/Size ", "/Root ", "/Info "} {
		if !bytes.Contains(trailer, []byte(key)) {
			tb.Errorf("got trailer %q, want a %s entry", trailer, key)
		}
	}
}

// pdftotext returns the text of a PDF with its white space folded to
// single spaces.
func pdftotext(tb testing.TB, b []byte) string {
	tb.Helper()
	return " " + strings.Join(strings.Fields(formattest.PDFText(tb, b)), " ") + " "
}

// readings returns what the draft should read as, in order, with white
// space folded: the title, then for each point "7 Territory. Text …" and
// for each section its title and text.
func readings(d *parley.Draft) []string {
	out := []string{d.Title}
	for _, p := range d.Points {
		s := p.Title + " " + p.Text
		if p.Kind == parley.KindPoint {
			s = p.Number + " "
			if p.Title != "" {
				s += p.Title
				if !strings.ContainsAny(p.Title[len(p.Title)-1:], ".:?!;") {
					s += "."
				}
				s += " "
			}
			s += p.Text
		}
		out = append(out, strings.Join(strings.Fields(s), " "))
	}
	return out
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name  string
		draft *parley.Draft
		also  []string
	}{
		{"demo draft 5", formattest.DemoDraft(t, 5), []string{"Confidential — Draft 5", "Page 1 of 2", "Page 2 of 2", "Fourth revision, discussed in Moscow on 2 December 2025."}},
		{"sub-points and UTF-8", formattest.HandDraft(), []string{"Confidential — Draft 2", "Page 1 of 1", "“Line of contact”", "українською", "по-русски", "– land, sea & air <all three>"}},
		{"working draft", &parley.Draft{Title: "Working text", Points: []parley.Point{{ID: 1, Kind: parley.KindPoint, Number: "1", Text: "Only point."}}},
			[]string{"Confidential — Working draft"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := write(t, tt.draft)
			checkStructure(t, b)
			text := pdftotext(t, b)
			at := 0
			for _, want := range readings(tt.draft) {
				i := strings.Index(text[at:], " "+want+" ")
				if i < 0 {
					t.Errorf("got no %q after offset %d in the text\n%s", want, at, text)
					break
				}
				at += i + len(want)
			}
			for _, want := range tt.also {
				if !strings.Contains(text, want) {
					t.Errorf("got no %q in the text\n%s", want, text)
				}
			}
		})
	}
}

func TestWriteDeterministic(t *testing.T) {
	if a, b := write(t, formattest.HandDraft()), write(t, formattest.HandDraft()); !bytes.Equal(a, b) {
		t.Errorf("got two different files for one draft")
	}
}

// TestWriteHostileText checks that text no font can show, control
// characters and very long words still give a valid file.
func TestWriteHostileText(t *testing.T) {
	d := &parley.Draft{Number: 1, Title: "Odd text 🕊", Points: []parley.Point{
		{ID: 1, Kind: parley.KindPoint, Number: "1", Title: "Emoji 🕊", Text: "Peace 🕊 now\x00\x07; tabs\there; 和平; سلام."},
		{ID: 2, Kind: parley.KindPoint, Number: "2", Text: strings.Repeat("Donaudampfschifffahrtsgesellschaft", 20)},
	}}
	b := write(t, d)
	checkStructure(t, b)
	if text := pdftotext(t, b); !strings.Contains(text, "Peace") || !strings.Contains(text, "tabs here") {
		t.Errorf("got text %q, want the point's words", text)
	}
}

func TestWriteNil(t *testing.T) {
	if err := pdf.Write(&bytes.Buffer{}, nil); err == nil {
		t.Errorf("Write(nil): got no error, want one")
	}
}
