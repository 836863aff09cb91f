package docx

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/internal/layout"
)

// Column is one language's text of a draft for WriteParallel.
type Column = layout.Column

// ColumnText is a point's text in one column of WriteParallel.
type ColumnText = layout.ColumnText

// WriteParallel writes draft d as a DOCX package with a table of one
// column per language and one row per section or point, so that the texts
// of each point stand side by side. Each cell's runs carry the column's
// language (w:lang), for spelling and hyphenation.
func WriteParallel(w io.Writer, d *parley.Draft, cols []Column, opts Options) error {
	if d == nil || len(cols) == 0 {
		return errors.New("docx: a parallel document needs a draft and its columns")
	}
	doc := newDocument(d.TabledAt)
	doc.para(para{style: "Title", runs: []run{{text: layout.Title(d)}}})
	if s := layout.DraftLine(d, opts.loc()); s != "" {
		doc.para(para{style: "Subtitle", runs: []run{{text: s}}})
	}
	width := (pageW - 2*margin) / len(cols)
	b := &doc.body
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		fmt.Fprintf(b, `<w:%s w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>`, side)
	}
	b.WriteString(`</w:tblBorders></w:tblPr><w:tblGrid>`)
	for range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, width)
	}
	b.WriteString(`</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>`)
	for _, c := range cols {
		doc.cell(width, c.Language, []run{{text: c.Heading, bold: true}})
	}
	b.WriteString(`</w:tr>`)
	for _, p := range d.Points {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for _, c := range cols {
			doc.cell(width, c.Language, cellRuns(p, c.Texts[p.ID]))
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	doc.para(para{})
	return doc.pack(w, packInfo{
		title:   layout.Title(d),
		header:  opts.marking() + " — " + layout.DraftName(d.Number),
		created: d.TabledAt,
	})
}

// cellRuns are a point's number, title and text in one column.
func cellRuns(p parley.Point, t ColumnText) []run {
	var rs []run
	if p.Number != "" {
		rs = append(rs, run{text: p.Number + " ", bold: true})
	}
	if t.Title != "" {
		rs = append(rs, run{text: t.Title, bold: true})
		if t.Text != "" {
			rs = append(rs, run{text: "\n"})
		}
	}
	if t.Text != "" {
		rs = append(rs, run{text: strings.ReplaceAll(t.Text, "\n\n", "\n")})
	}
	if t.Note != "" {
		rs = append(rs, run{text: "\n[" + t.Note + "]", italic: true})
	}
	return rs
}

// cell writes one table cell of the given width holding runs, in lang.
func (doc *document) cell(width int, lang string, runs []run) {
	fmt.Fprintf(&doc.body, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, width)
	for i := range runs {
		runs[i].lang = lang
	}
	doc.para(para{runs: runs})
	doc.body.WriteString(`</w:tc>`)
}
