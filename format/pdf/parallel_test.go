package pdf_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parley-talks/parley/format/internal/formattest"
	"github.com/parley-talks/parley/format/internal/layout"
	"github.com/parley-talks/parley/format/pdf"
)

// TestWriteParallel writes demo draft 5 in two and in three columns: the
// texts of every column are there, a note says which text is stale, and
// the header and footer are on every page.
func TestWriteParallel(t *testing.T) {
	d := formattest.DemoDraft(t, 5)
	cols := []pdf.Column{{Heading: "en (source)", Language: "en", Texts: map[int64]layout.ColumnText{}},
		{Heading: "ru", Language: "ru", Texts: map[int64]layout.ColumnText{}}, {Heading: "uk", Language: "uk", Texts: map[int64]layout.ColumnText{}}}
	for _, p := range d.Points {
		cols[0].Texts[p.ID] = layout.ColumnText{Title: p.Title, Text: p.Text}
		cols[1].Texts[p.ID] = layout.ColumnText{Title: "Пункт", Text: "Русский текст пункта " + p.Number}
		cols[2].Texts[p.ID] = layout.ColumnText{Title: "Пункт", Text: "Український текст пункту " + p.Number}
	}
	cols[1].Texts[d.Points[1].ID] = layout.ColumnText{Title: "Пункт", Text: "Старый перевод", Note: "stale"}
	for _, n := range []int{2, 3} {
		var buf bytes.Buffer
		if err := pdf.WriteParallel(&buf, d, cols[:n]); err != nil {
			t.Fatal(err)
		}
		text := formattest.PDFText(t, buf.Bytes())
		want := []string{"en (source)", "Русский текст пункта 22", d.Points[2].Text[:30], "[stale]", "Confidential — Draft 5", "Page 1 of"}
		if n == 3 {
			want = append(want, "Український текст пункту 22")
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), w) {
				t.Errorf("%d columns: the PDF's text lacks %q", n, w)
			}
		}
	}
	if err := pdf.WriteParallel(&bytes.Buffer{}, d, nil); err == nil {
		t.Error("a parallel PDF without columns was written")
	}
}
