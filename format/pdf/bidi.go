package pdf

import (
	"slices"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/text/unicode/bidi"
)

// Right-to-left text: a paragraph that holds Arabic or Hebrew is set in
// DejaVu Sans, which covers those scripts as well as Latin, Greek and
// Cyrillic; its Arabic is shaped (arabic.go); it is broken into lines
// here, in logical order, and each line is then written in visual order,
// as the Unicode bidirectional algorithm (golang.org/x/text/unicode/bidi)
// orders it, aligned to the right when the paragraph starts right to
// left. A PDF reader that extracts the text (pdftotext) reads it back in
// logical order. Not handled: explicit bidi controls nested inside a line
// (runs are ordered at two levels: the paragraph's and the other one, with
// numbers kept in the right-to-left runs they stand in).

// rtlFamily is the font family of paragraphs with right-to-left text.
const rtlFamily = "DejaVuSans"

// rightToLeft reports whether s holds Arabic or Hebrew.
func rightToLeft(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew) }) >= 0
}

// startsRightToLeft reports whether the first strong character of s is
// right to left: the paragraph's direction.
func startsRightToLeft(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			return true
		case bidi.L:
			return false
		}
	}
	return false
}

// run is a stretch of a line in one direction.
type run struct {
	text string
	rtl  bool
}

// visual returns line, one line of a paragraph in logical order, in the
// order it is seen from left to right; rtl is the paragraph's direction.
func visual(line string, rtl bool) string {
	var p bidi.Paragraph
	dir := bidi.LeftToRight
	if rtl {
		dir = bidi.RightToLeft
	}
	if _, err := p.SetString(line, bidi.DefaultDirection(dir)); err != nil {
		return line
	}
	o, err := p.Order()
	if err != nil {
		return line
	}
	runs := make([]run, o.NumRuns())
	for i := range runs {
		r := o.Run(i)
		runs[i] = run{r.String(), r.Direction() == bidi.RightToLeft}
	}
	var b strings.Builder
	if rtl {
		slices.Reverse(runs)
		for _, r := range runs {
			b.WriteString(r.shown())
		}
		return b.String()
	}
	for i := 0; i < len(runs); {
		j := i + 1
		if runs[i].rtl {
			// A right-to-left stretch: its runs, and the numbers
			// between them, read from right to left.
			for k := i + 1; k < len(runs) && (runs[k].rtl || numeric(runs[k].text) && k+1 < len(runs) && runs[k+1].rtl); k++ {
				j = k + 1
			}
			slices.Reverse(runs[i:j])
		}
		for _, r := range runs[i:j] {
			b.WriteString(r.shown())
		}
		i = j
	}
	return b.String()
}

// shown is the run's text as seen left to right: a right-to-left run
// reversed, with its mirrored characters (brackets) mirrored.
func (r run) shown() string {
	if r.rtl {
		return bidi.ReverseString(r.text)
	}
	return r.text
}

// numeric reports whether s holds digits and what goes with them only.
func numeric(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsDigit(r) || strings.ContainsRune(" .,:/%+-", r) }) == ""
}

// lines breaks text, in logical order, into lines no wider than width in
// the current font once shaped, at spaces (a word wider than a line, at
// characters). Letters join within words only, so a word shapes alike
// alone and in its line.
func lines(pdf *fpdf.Fpdf, text string, width float64) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(text) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if !tooWide(pdf, try, width) {
			line = try
			continue
		}
		if line != "" {
			out = append(out, line)
		}
		line = ""
		for tooWide(pdf, w, width) {
			n := 1
			for n < len([]rune(w)) && !tooWide(pdf, string([]rune(w)[:n+1]), width) {
				n++
			}
			out, w = append(out, string([]rune(w)[:n])), string([]rune(w)[n:])
		}
		line = w
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

// tooWide reports whether s, shaped, is wider than width.
func tooWide(pdf *fpdf.Fpdf, s string, width float64) bool {
	return pdf.GetStringWidth(shapeArabic(s)) > width
}

// writeBidi writes a paragraph that holds right-to-left text, from the
// current position, in lines of width, each lh high, in the right-to-left
// family with style and size; centred if centre, else aligned to the
// paragraph's start.
func writeBidi(pdf *fpdf.Fpdf, text string, width, lh float64, style string, size float64, centre bool) {
	pdf.SetFont(rtlFamily, style, size)
	rtl := startsRightToLeft(text)
	align := "L"
	switch {
	case centre:
		align = "C"
	case rtl:
		align = "R"
	}
	x := pdf.GetX()
	for _, l := range lines(pdf, text, width) {
		pdf.SetX(x)
		pdf.CellFormat(width, lh, visual(shapeArabic(l), rtl), "", 2, align, false, 0, "")
	}
}
