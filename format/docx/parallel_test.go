package docx_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parley-talks/parley/format/docx"
	"github.com/parley-talks/parley/format/internal/formattest"
)

// parallelColumns are demo draft 5 in English and a marked "Russian"
// whose point 1 is missing and point 2 stale.
func parallelColumns(t *testing.T) (docx.Column, docx.Column) {
	d := formattest.DemoDraft(t, 5)
	en := docx.Column{Heading: "en (source)", Language: "en", Texts: map[int64]docx.ColumnText{}}
	ru := docx.Column{Heading: "ru", Language: "ru", Texts: map[int64]docx.ColumnText{}}
	for _, p := range d.Points {
		en.Texts[p.ID] = docx.ColumnText{Title: p.Title, Text: p.Text}
		switch p.Number {
		case "1":
			ru.Texts[p.ID] = docx.ColumnText{Note: "missing"}
		case "2":
			ru.Texts[p.ID] = docx.ColumnText{Title: "Ненападение", Text: "Старый перевод " + p.Number, Note: "stale"}
		default:
			ru.Texts[p.ID] = docx.ColumnText{Title: "РУ " + p.Title, Text: "Текст пункта " + p.Number}
		}
	}
	return en, ru
}

// TestWriteParallel: one table, a column per language with its w:lang,
// a header row and one row per section or point, the notes of a text not
// current in italics.
func TestWriteParallel(t *testing.T) {
	d := formattest.DemoDraft(t, 5)
	en, ru := parallelColumns(t)
	var buf bytes.Buffer
	if err := docx.WriteParallel(&buf, d, []docx.Column{en, ru}, docx.Options{}); err != nil {
		t.Fatal(err)
	}
	body := string(unpack(t, buf.Bytes())["word/document.xml"])
	if n := strings.Count(body, "<w:tbl>"); n != 1 {
		t.Fatalf("%d tables, want one", n)
	}
	if n := strings.Count(body, "<w:gridCol "); n != 2 {
		t.Errorf("%d columns, want 2", n)
	}
	if n := strings.Count(body, "<w:tr>"); n != len(d.Points)+1 {
		t.Errorf("%d rows, want a header and %d", n, len(d.Points))
	}
	for _, want := range []string{`<w:lang w:val="ru"/>`, `<w:lang w:val="en"/>`, "Текст пункта 7", "[stale]", "[missing]", "<w:tblHeader/>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the document lacks %s", want)
		}
	}
	if err := docx.WriteParallel(&buf, d, nil, docx.Options{}); err == nil {
		t.Error("a parallel document without columns was written")
	}
}

// TestParallelLibreOffice opens the parallel document in LibreOffice,
// which reads each point's two texts, in order.
func TestParallelLibreOffice(t *testing.T) {
	d := formattest.DemoDraft(t, 5)
	en, ru := parallelColumns(t)
	var buf bytes.Buffer
	if err := docx.WriteParallel(&buf, d, []docx.Column{en, ru}, docx.Options{}); err != nil {
		t.Fatal(err)
	}
	txt := string(convertAll(t, map[string][]byte{"parallel": buf.Bytes()}, "txt:Text (encoded):UTF8", "txt")["parallel"])
	inOrder(t, "LibreOffice text", txt, []string{"en (source)", "ru", d.Points[1].Text, "[missing]", "Текст пункта 7"})
}
