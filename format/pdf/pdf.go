// Package pdf writes drafts of the negotiating text as PDF documents
// (a PDF 1.3 file, as ISO 32000-1 readers all open), laid out
// like the Word export of package docx: the draft's title, number and
// tabling date, its note, its sections as headings and its points with
// their Parley numbers ("7", "3.b") in front of a bold title, sub-points
// indented; a header "Confidential — Draft N" and a footer "Page X of Y"
// on every page.
//
// It uses codeberg.org/go-pdf/fpdf, the maintained fork of jung-kurt/gofpdf,
// with the Liberation Serif fonts (SIL Open Font Licence) embedded as
// subsets of TrueType fonts with a ToUnicode map, so the text is UTF-8
// throughout and can be searched and copied. The fonts cover Latin
// (Latin-1, Latin Extended-A and B), Greek and Cyrillic, typographic
// quotes, dashes and the euro sign.
//
// A paragraph with Arabic or Hebrew is set in DejaVu Sans (free licence,
// embedded the same way), which covers those scripts too: its Arabic
// shaped into the presentation forms (arabic.go), its lines in visual
// order by the Unicode bidirectional algorithm and aligned to the right
// when the paragraph starts right to left (bidi.go). pdftotext reads such
// text back in logical order, with the Arabic as presentation forms
// (their compatibility mappings, NFKC, give the letters back); on a page
// mostly left to right, pdftotext puts the left-to-right runs inside a
// right-to-left line (numbers) in visual order. Not handled: scripts the
// fonts lack (Armenian, Georgian, the CJK scripts, Indic scripts, Syriac,
// Thaana), mark positioning beyond the fonts' own, Arabic letters without
// presentation forms; characters outside the Basic Multilingual Plane
// (emoji) are written as U+FFFD, and characters the fonts lack show as
// empty boxes.
package pdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/dejavu/dejavusansbold"
	"codeberg.org/go-fonts/dejavu/dejavusansoblique"
	"codeberg.org/go-fonts/liberation/liberationserifbold"
	"codeberg.org/go-fonts/liberation/liberationserifitalic"
	"codeberg.org/go-fonts/liberation/liberationserifregular"
	"codeberg.org/go-pdf/fpdf"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/internal/layout"
)

// Page layout, in millimetres: A4 with margins of 25 mm.
const (
	margin      = 25.0
	indentStep  = 10.0 // each level of sub-points
	numberWidth = 15.0 // room for "3.b.ii"
	lineHeight  = 5.6  // for 11-point text
	textSize    = 11.0
)

// Write writes d as a PDF document to w.
func Write(w io.Writer, d *parley.Draft) error {
	return WriteMarked(w, d, "")
}

// WriteMarked is Write with another protective marking in the page header
// than "Confidential".
func WriteMarked(w io.Writer, d *parley.Draft, marking string) error {
	if d == nil {
		return errors.New("pdf: no draft")
	}
	if marking = strings.TrimSpace(marking); marking == "" {
		marking = "Confidential"
	}
	pdf := newDocument(d, marking, "P")
	pageW, pageH := pdf.GetPageSize()
	pdf.AddPage()

	width := pageW - 2*margin
	pdf.SetFont("serif", "B", 18)
	paragraph(pdf, clean(layout.Title(d)), width, 8, "B", 18, "C")
	pdf.SetFont("serif", "", textSize)
	pdf.SetTextColor(64, 64, 64)
	paragraph(pdf, clean(layout.DraftLine(d, time.UTC)), width, lineHeight, "", textSize, "C")
	pdf.SetTextColor(0, 0, 0)
	if note := strings.TrimSpace(d.Note); note != "" {
		pdf.Ln(3)
		pdf.SetFont("serif", "I", textSize)
		for _, para := range paragraphs(note) {
			paragraph(pdf, clean(para), width, lineHeight, "I", textSize, "L")
			pdf.Ln(1.5)
		}
	}

	lv := layout.Levels(d)
	for _, p := range d.Points {
		if p.Kind == parley.KindSection {
			section(pdf, p, lv[p.ID].Section, width, pageH)
			continue
		}
		point(pdf, p, lv[p.ID].Point)
	}
	pdf.SetLeftMargin(margin)
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the document: %w", err)
	}
	return nil
}

// section writes a section's heading and text, starting a new page if
// fewer than three lines would follow the heading on this one.
func section(pdf *fpdf.Fpdf, p parley.Point, level int, width, pageH float64) {
	sizes := []float64{14, 12.5, 11.5}
	size := sizes[min(max(level, 1), len(sizes))-1]
	pdf.SetLeftMargin(margin)
	pdf.SetX(margin)
	if pdf.GetY() > pageH-20-size/2-4*lineHeight {
		pdf.AddPage()
	} else {
		pdf.Ln(4)
	}
	title, text := p.Title, p.Text
	if strings.TrimSpace(title) == "" {
		title, text = text, ""
	}
	pdf.SetFont("serif", "B", size)
	paragraph(pdf, clean(title), width, size*0.5, "B", size, "L")
	pdf.Ln(1.5)
	pdf.SetFont("serif", "", textSize)
	for _, para := range paragraphs(text) {
		paragraph(pdf, clean(para), width, lineHeight, "", textSize, "L")
		pdf.Ln(1.5)
	}
}

// paragraph writes a paragraph in lines of width, each lh high, aligned
// as align says ("L" or "C"): in the current font with MultiCell, or, if
// it holds right-to-left text, with writeBidi in the right-to-left
// family's style and size (and then "L" means the paragraph's start).
func paragraph(pdf *fpdf.Fpdf, text string, width, lh float64, style string, size float64, align string) {
	if !rightToLeft(text) {
		pdf.MultiCell(width, lh, text, "", align, false)
		return
	}
	family := pdf.GetFontFamily()
	writeBidi(pdf, text, width, lh, style, size, align == "C")
	pdf.SetFont(family, style, size)
}

// point writes a point: its number in a column of its own, then the bold
// title and the text, wrapped at the text's indent.
func point(pdf *fpdf.Fpdf, p parley.Point, level int) {
	numX := margin + float64(min(max(level, 1), 6)-1)*indentStep
	textX := numX + numberWidth
	pdf.SetLeftMargin(textX)
	pdf.SetX(numX)
	pdf.SetFont("serif", "", textSize)
	// The number's cell does not move the line on; the text starts beside it.
	y := pdf.GetY()
	pdf.CellFormat(numberWidth, lineHeight, clean(p.Number), "", 0, "L", false, 0, "")
	if pdf.GetY() != y { // a page break came before the cell
		y = pdf.GetY()
	}
	pdf.SetXY(textX, y)
	paras := paragraphs(p.Text)
	if rightToLeft(p.Title + p.Text) {
		width := pageWidth(pdf) - margin - textX
		if p.Title != "" {
			writeBidi(pdf, clean(p.Title), width, lineHeight, "B", textSize, false)
		}
		for _, para := range paras {
			writeBidi(pdf, clean(para), width, lineHeight, "", textSize, false)
			pdf.Ln(1.5)
		}
		pdf.SetFont("serif", "", textSize)
		pdf.Ln(2)
		return
	}
	if p.Title != "" {
		title := p.Title
		if !strings.ContainsAny(title[len(title)-1:], ".:?!;") {
			title += "."
		}
		pdf.SetFont("serif", "B", textSize)
		pdf.Write(lineHeight, clean(title)+" ")
		pdf.SetFont("serif", "", textSize)
	}
	for i, para := range paras {
		if i > 0 {
			pdf.Ln(lineHeight + 1.5)
		}
		pdf.Write(lineHeight, clean(para))
	}
	pdf.Ln(lineHeight + 2)
}

// clean makes text safe for the fonts: characters outside the Basic
// Multilingual Plane, which the font tables cannot index, and control
// characters other than line breaks become U+FFFD and spaces; tabs become
// spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f:
			return -1
		case r > 0xffff:
			return '\ufffd'
		}
		return r
	}, s)
}

// paragraphs splits text at blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newDocument starts the PDF of draft d: its fonts, margins and
// properties, and on every page the header (marking and the draft's
// name) and the footer "Page X of Y"; orientation is "P" or "L".
func newDocument(d *parley.Draft, marking, orientation string) *fpdf.Fpdf {
	pdf := fpdf.New(orientation, "mm", "A4", "")
	addFonts(pdf, d)
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetCatalogSort(true)
	if !d.TabledAt.IsZero() {
		pdf.SetCreationDate(d.TabledAt)
		pdf.SetModificationDate(d.TabledAt)
	}
	pdf.SetTitle(clean(layout.Title(d)), true)
	pdf.SetCreator("Parley", true)
	pdf.SetProducer("Parley", true)
	pdf.SetLang("en")
	pdf.AliasNbPages("{nb}")

	pageW, pageH := pdf.GetPageSize()
	header := clean(marking + " — " + layout.DraftName(d.Number))
	pdf.SetHeaderFuncMode(func() {
		lm, _, _, _ := pdf.GetMargins()
		pdf.SetLeftMargin(margin)
		pdf.SetFont("serif", "", 8)
		pdf.SetTextColor(64, 64, 64)
		pdf.SetXY(margin, 12)
		pdf.CellFormat(pageW-2*margin, 4, header, "", 0, "R", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.SetLeftMargin(lm)
		pdf.SetXY(lm, margin)
	}, false)
	pdf.SetFooterFunc(func() {
		pdf.SetFont("serif", "", 8)
		pdf.SetXY(margin, pageH-14)
		pdf.CellFormat(pageW-2*margin, 4, fmt.Sprintf("Page %d of {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	return pdf
}

// addFonts adds the fonts d is written in: Liberation Serif, and DejaVu
// Sans if d has right-to-left text.
func addFonts(pdf *fpdf.Fpdf, d *parley.Draft) {
	pdf.AddUTF8FontFromBytes("serif", "", liberationserifregular.TTF)
	pdf.AddUTF8FontFromBytes("serif", "B", liberationserifbold.TTF)
	pdf.AddUTF8FontFromBytes("serif", "I", liberationserifitalic.TTF)
	if draftRightToLeft(d) {
		pdf.AddUTF8FontFromBytes(rtlFamily, "", dejavusans.TTF)
		pdf.AddUTF8FontFromBytes(rtlFamily, "B", dejavusansbold.TTF)
		pdf.AddUTF8FontFromBytes(rtlFamily, "I", dejavusansoblique.TTF)
	}
}

// draftRightToLeft reports whether any text of d is right to left.
func draftRightToLeft(d *parley.Draft) bool {
	if rightToLeft(d.Title + d.Note) {
		return true
	}
	for _, p := range d.Points {
		if rightToLeft(p.Title + p.Text) {
			return true
		}
	}
	return false
}

// pageWidth is the width of the current page.
func pageWidth(pdf *fpdf.Fpdf) float64 {
	w, _ := pdf.GetPageSize()
	return w
}
