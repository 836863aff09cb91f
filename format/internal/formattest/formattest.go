// Package formattest holds what the exporters' tests (akn, docx, pdf)
// share: the drafts they write, from internal/draftfixture, golden files
// under testdata/ with an -update flag, and reading a PDF back with
// pdftotext.
package formattest

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/internal/draftfixture"
	"github.com/parley-talks/parley/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Golden compares got with the file testdata/name; go test -update
// rewrites the file with got first.
func Golden(tb testing.TB, name string, got []byte) {
	tb.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		tb.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		tb.Errorf("got\n%s\nwant %s (go test -update rewrites it)", got, golden)
	}
}

// DemoDraft returns tabled draft n of the demo.
func DemoDraft(tb testing.TB, n int) *parley.Draft {
	tb.Helper()
	return DemoDrafts(tb)[n-1]
}

// DemoDrafts returns the demo's tabled drafts, in order.
func DemoDrafts(tb testing.TB) []*parley.Draft {
	tb.Helper()
	ds, err := draftfixture.Demo()
	if err != nil {
		tb.Fatalf("loading the demo: %v", err)
	}
	return ds
}

// HandDraft returns a fresh copy of the small hand-made draft with what
// the demo lacks (sub-points, section text, odd characters).
func HandDraft() *parley.Draft { return draftfixture.Hand() }

// PDFText returns the text pdftotext reads from a PDF. Where pdftotext is
// missing the test skips, or fails in CI (see internal/testenv).
func PDFText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	bin := testenv.LookPath(tb, "pdftotext", "install the Debian package poppler-utils to read PDF files back in a test")
	f := filepath.Join(tb.TempDir(), "draft.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", f, "-").CombinedOutput()
	if err != nil {
		tb.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return string(out)
}
