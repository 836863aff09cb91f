package docx_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/docx"
)

// amendmentTable writes a table of amendments of each kind and state, one
// with text XML must escape.
func amendmentTable(tb testing.TB) []byte {
	tb.Helper()
	at := time.Date(2025, 11, 28, 10, 0, 0, 0, time.UTC)
	d := &parley.Draft{TalksID: 7, Number: 4, Title: "Peace plan", TabledAt: at}
	as := []parley.Amendment{
		{ID: 14, PointNumber: "7", PartyName: "Russia", Kind: parley.AmendReplace, Text: "Forces withdraw <now> & for ever.",
			Justification: "Our reasons.\n\nA second paragraph.", State: parley.AmendmentTaken, Extent: parley.TakenInPart, IntoDraft: 5,
			Reason: "The deadline only."},
		{ID: 15, PointNumber: "7", PartyName: "Ukraine", Kind: parley.AmendDelete, State: parley.AmendmentDeclined},
		{ID: 16, PointNumber: "3.b", PartyName: "Russia", Kind: parley.AmendSplit, Text: "One.\n\nTwo.", State: parley.AmendmentProposed},
	}
	var buf bytes.Buffer
	if err := docx.WriteAmendmentTable(&buf, d, as, docx.Options{}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteAmendmentTable checks the package's parts are well-formed and
// the table has a header row and a row per amendment, its cells in the
// columns' order, the text escaped.
func TestWriteAmendmentTable(t *testing.T) {
	doc := string(unpack(t, amendmentTable(t))["word/document.xml"])
	if got := strings.Count(doc, "<w:tr>"); got != 4 {
		t.Errorf("got %d rows, want a header and 3 amendments", got)
	}
	if !strings.Contains(doc, "<w:tblHeader/>") || !strings.Contains(doc, "Forces withdraw &lt;now&gt; &amp; for ever.") {
		t.Error("want the header row repeated and the wording escaped")
	}
	row := doc[strings.Index(doc, "Russia (amendment 14)"):]
	row = row[:strings.Index(row, "</w:tr>")]
	order := []string{"Replace its text with:", "Forces withdraw", "Our reasons.", "A second paragraph.", "taken in part into draft 5", "The deadline only."}
	at := 0
	for _, want := range order {
		i := strings.Index(row[at:], want)
		if i < 0 {
			t.Fatalf("the first amendment's row: got no %q after %q", want, row[:at])
		}
		at += i
	}
	if err := docx.WriteAmendmentTable(&bytes.Buffer{}, nil, nil, docx.Options{}); err == nil {
		t.Error("no draft: got no error")
	}
}
