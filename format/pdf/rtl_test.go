package pdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/internal/formattest"
)

// The points of the four-scripts draft, in logical order: the first two
// right to left, the last two left to right.
var (
	arabic   = [2]string{"السلام", "يتفق الطرفان على وقف إطلاق النار في جميع أنحاء البلاد وعلى تبادل الأسرى والمحتجزين المدنيين دون شروط مسبقة، وتشرف لجنة مشتركة على التنفيذ."}
	hebrew   = [2]string{"שלום", "הצדדים מסכימים על הפסקת אש מלאה ועל חילופי שבויים ועצירים אזרחיים ללא תנאים מוקדמים, וועדה משותפת תפקח על הביצוע."}
	cyrillic = [2]string{"Мир", "Стороны договариваются о полном прекращении огня в течение 30 дней и об обмене пленными."}
	latin    = [2]string{"Peace", "The parties agree on a full ceasefire within 30 days of signing and on an exchange of prisoners."}
)

// draftOf is a tabled draft of the points given as title and text.
func draftOf(title string, points ...[2]string) *parley.Draft {
	d := &parley.Draft{Number: 1, Tabled: true, Title: title, TabledAt: time.Date(2025, 12, 2, 17, 0, 0, 0, time.UTC)}
	for i, p := range points {
		d.Points = append(d.Points, parley.Point{ID: int64(i + 1), Kind: parley.KindPoint, Number: string(rune('1' + i)),
			Title: p[0], Text: p[1], Change: parley.ChangeNew})
	}
	return d
}

// letters is s as compared: its compatibility forms (the Arabic
// presentation forms the PDF's glyphs stand for) turned into letters, and
// without white space or the bidi marks pdftotext puts around runs.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '\u202a' && r <= '\u202e' || r == ' ' || r == '\n' || r == '\f' {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// TestWriteScripts writes a draft with a point in Arabic, one in Hebrew,
// one in Cyrillic and one in Latin script: pdftotext reads each point's
// title and text back in logical order, the Arabic shaped (its lam-alef a
// ligature, its letters in their joined forms), from fonts embedded in
// the file. With PARLEY_SCREENSHOTS set, a rendering of the page goes to
// docs/screenshots/pdf-scripts.png.
func TestWriteScripts(t *testing.T) {
	b := write(t, draftOf("Four scripts", arabic, hebrew, cyrillic, latin))
	checkStructure(t, b)
	raw := formattest.PDFText(t, b)
	text := letters(raw)
	for _, p := range [][2]string{arabic, hebrew, cyrillic, latin} {
		if !strings.Contains(text, letters(p[0])) || !strings.Contains(text, letters(p[1])) {
			t.Errorf("pdftotext does not read back %q in logical order:\n%s", p[0], raw)
		}
	}
	if !strings.ContainsRune(raw, '\ufefc') || !strings.ContainsRune(raw, '\ufef3') {
		t.Errorf("the Arabic is not shaped: no lam-alef ligature (U+FEFC) or initial yeh (U+FEF3) in %q", raw)
	}
	if !strings.Contains(string(b), "/BaseFont /utf8dejavusans") {
		t.Error("the file does not embed DejaVu Sans for its Arabic and Hebrew")
	}
	if os.Getenv("PARLEY_SCREENSHOTS") != "" {
		render(t, b, "pdf-scripts")
	}
}

// TestWriteRightToLeftWithNumbers writes an Arabic and a Hebrew draft
// whose lines hold numbers, left to right within right-to-left text:
// pdftotext reads them back in logical order.
func TestWriteRightToLeftWithNumbers(t *testing.T) {
	for _, p := range [][2]string{
		{"وقف إطلاق النار", "يتفق الطرفان على وقف إطلاق النار في جميع أنحاء البلاد خلال 30 يوما من توقيع هذا الاتفاق، وعلى انسحاب القوات مسافة 15 كيلومترا."},
		{"הפסקת אש", "הצדדים מסכימים על הפסקת אש מלאה בתוך 30 ימים מחתימת ההסכם, ועל נסיגת הכוחות למרחק 15 קילומטרים."},
	} {
		raw := formattest.PDFText(t, write(t, draftOf(p[0], p)))
		if !strings.Contains(letters(raw), letters(p[1])) {
			t.Errorf("pdftotext does not read back %q in logical order:\n%s", p[0], raw)
		}
	}
}

// render writes the first page of a PDF as a PNG to docs/screenshots.
func render(t *testing.T, pdf []byte, name string) {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatalf("pdftoppm (poppler-utils) is needed to render the PDF: %v", err)
	}
	in := filepath.Join(t.TempDir(), "draft.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join("..", "..", "docs", "screenshots", name)
	if msg, err := exec.Command(bin, "-png", "-r", "80", "-singlefile", "-f", "1", in, out).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, msg)
	}
}
