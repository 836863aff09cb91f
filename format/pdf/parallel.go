package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/internal/layout"
)

// Column is one language's text of a draft for WriteParallel.
type Column = layout.Column

// columnGap is the space between two columns, in millimetres.
const columnGap = 6.0

// WriteParallel writes draft d as a PDF document with its texts in cols
// side by side, a column per language and a row per section or point, so
// that each point's texts stand level; three or more columns go on
// landscape pages. A row starts a new page when it does not fit on the
// one begun; a row longer than a whole page runs over its foot.
func WriteParallel(w io.Writer, d *parley.Draft, cols []Column) error {
	if d == nil || len(cols) == 0 {
		return errors.New("pdf: a parallel document needs a draft and its columns")
	}
	orientation := "P"
	if len(cols) > 2 {
		orientation = "L"
	}
	pdf := newDocument(d, "Confidential", orientation)
	pageW, pageH := pdf.GetPageSize()
	pdf.AddPage()
	width := pageW - 2*margin
	pdf.SetFont("serif", "B", 16)
	pdf.MultiCell(width, 7, clean(layout.Title(d)), "", "C", false)
	pdf.SetFont("serif", "", textSize)
	pdf.MultiCell(width, lineHeight, clean(layout.DraftLine(d, time.UTC)), "", "C", false)
	pdf.Ln(3)
	colW := (width - columnGap*float64(len(cols)-1)) / float64(len(cols))
	heads := make([][]line, len(cols))
	for i, c := range cols {
		heads[i] = []line{{text: c.Heading, style: "B"}}
	}
	row(pdf, heads, colW, pageH)
	pdf.SetAutoPageBreak(false, 20)
	for _, p := range d.Points {
		cells := make([][]line, len(cols))
		for i, c := range cols {
			cells[i] = cellLines(pdf, p, c.Texts[p.ID], colW)
		}
		row(pdf, cells, colW, pageH)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the document: %w", err)
	}
	return nil
}

// line is one line of a cell, in a font style ("", "B" or "I").
type line struct {
	text  string
	style string
}

// cellLines wraps a point's text in one column to the column's width:
// the number and title in bold, the text, and the note in italics.
func cellLines(pdf *fpdf.Fpdf, p parley.Point, t layout.ColumnText, width float64) []line {
	var out []line
	wrap := func(s, style string) {
		pdf.SetFont("serif", style, textSize)
		for _, para := range strings.Split(clean(s), "\n") {
			for _, l := range pdf.SplitText(para, width) {
				out = append(out, line{text: l, style: style})
			}
		}
	}
	head := strings.TrimSpace(strings.TrimSpace(p.Number) + " " + t.Title)
	if head != "" {
		wrap(head, "B")
	}
	if t.Text != "" {
		wrap(strings.ReplaceAll(t.Text, "\n\n", "\n"), "")
	}
	if t.Note != "" {
		wrap("["+t.Note+"]", "I")
	}
	return out
}

// row writes the cells side by side from the current line, on a new page
// if they do not fit on this one, and moves below the tallest.
func row(pdf *fpdf.Fpdf, cells [][]line, colW, pageH float64) {
	tallest := 0
	for _, c := range cells {
		tallest = max(tallest, len(c))
	}
	h := float64(tallest) * lineHeight
	if pdf.GetY()+h > pageH-20 && pdf.GetY() > margin+1 {
		pdf.AddPage()
	}
	y := pdf.GetY()
	for i, c := range cells {
		x := margin + float64(i)*(colW+columnGap)
		for j, l := range c {
			pdf.SetFont("serif", l.style, textSize)
			pdf.SetXY(x, y+float64(j)*lineHeight)
			pdf.CellFormat(colW, lineHeight, l.text, "", 0, "L", false, 0, "")
		}
	}
	pdf.SetDrawColor(191, 191, 191)
	right := margin + float64(len(cells))*colW + float64(len(cells)-1)*columnGap
	pdf.Line(margin, y+h+1, right, y+h+1)
	pdf.SetXY(margin, y+h+3)
}
