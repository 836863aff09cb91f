package docx

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/internal/layout"
)

// amendmentColumns are the amendment table's columns and their widths, in
// twentieths of a point, filling the page between the margins.
var amendmentColumns = []struct {
	title string
	width int
}{{"Point", 900}, {"Proposed by", 1500}, {"Amendment", 3772}, {"Justification", 2000}, {"Status", 900}}

// WriteAmendmentTable writes the amendments as to draft d as a Word
// document: the draft's title and a table with a row per amendment — the
// point, the party, what the amendment does with its wording, the
// justification, and where it stands (with the mediator's reason, for
// those who may read it).
func WriteAmendmentTable(w io.Writer, d *parley.Draft, as []parley.Amendment, opts Options) error {
	if d == nil {
		return errors.New("docx: no draft")
	}
	doc := newDocument(d.TabledAt)
	doc.para(para{style: "Title", runs: []run{{text: "Amendments to " + strings.ToLower(layout.DraftName(d.Number))}}})
	doc.para(para{style: "Subtitle", runs: []run{{text: layout.Title(d)}}})
	b := &doc.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="auto"/>`, side)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, c := range amendmentColumns {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c.width)
	}
	b.WriteString(`</w:tblGrid>`)
	header := make([]string, len(amendmentColumns))
	for i, c := range amendmentColumns {
		header[i] = c.title
	}
	doc.row(header, true)
	for _, a := range as {
		doc.row([]string{a.PointNumber, proposal(&a), amendmentText(&a), a.Justification, amendmentStatus(&a)}, false)
	}
	b.WriteString(`</w:tbl>`)
	doc.para(para{}) // a table does not end a document: a paragraph does
	return doc.pack(w, packInfo{
		title:   "Amendments to " + layout.Title(d),
		header:  opts.marking() + " — " + layout.DraftName(d.Number) + ", amendments",
		created: d.TabledAt,
	})
}

// row writes a table row of cells, the header row repeated on every page.
func (doc *document) row(cells []string, header bool) {
	b := &doc.body
	b.WriteString(`<w:tr>`)
	if header {
		b.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
	}
	for i, text := range cells {
		fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, amendmentColumns[i].width)
		paras := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
		for _, p := range paras {
			doc.writePara(&para{runs: []run{{text: strings.TrimSpace(p), bold: header, kind: diff.Equal}}})
		}
		b.WriteString(`</w:tc>`)
	}
	b.WriteString(`</w:tr>`)
}

// amendmentText says what amendment a does, with its wording.
func amendmentText(a *parley.Amendment) string {
	switch a.Kind {
	case parley.AmendDelete:
		return "Delete the point."
	case parley.AmendSplit:
		return "Split the point into:\n\n" + strings.Join(a.Parts(), "\n\n")
	case parley.AmendInsertAfter:
		return "Insert after it:\n\n" + a.Text
	}
	return "Replace its text with:\n\n" + a.Text
}

// amendmentStatus says where amendment a stands, and why if the reason is
// there.
func amendmentStatus(a *parley.Amendment) string {
	s := string(a.State)
	if a.State == parley.AmendmentTaken {
		s = "taken in " + string(a.Extent)
		if a.IntoDraft != 0 {
			s += " into " + strings.ToLower(layout.DraftName(a.IntoDraft))
		}
	}
	if a.Reason != "" {
		s += "\n\n" + a.Reason
	}
	return s
}

// proposal names amendment a's party and the amendment, or the
// correction and the language whose text it corrects.
func proposal(a *parley.Amendment) string {
	if a.Correction() {
		return fmt.Sprintf("%s (correction %d to the %s text)", a.PartyName, a.ID, parley.LanguageName(a.Language))
	}
	return fmt.Sprintf("%s (amendment %d)", a.PartyName, a.ID)
}
