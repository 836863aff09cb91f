package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-talks/parley/internal/testenv"
)

// TestExportDemoDraft exports draft 5 of the demo in every format, and
// checks that LibreOffice opens the Word file and reads it as a numbered
// peace plan.
func TestExportDemoDraft(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := demoDB(t, dir)
	for _, format := range []string{"md", "docx", "pdf", "akn"} {
		out := filepath.Join(dir, "draft5."+format)
		mustParley(t, "", "export", "--db", db, "--as", "russia", "--talks", "1", "--draft", "5", "--format", format, "-o", out)
		b := mustRead(t, out)
		want := map[string]string{"md": "# Peace plan, draft 5", "docx": "PK", "pdf": "%PDF-", "akn": "<akomaNtoso"}[format]
		if !strings.Contains(string(b[:min(len(b), 400)]), want) {
			t.Errorf("%s export starts %.60q, want %q in it", format, b, want)
		}
	}
	red := filepath.Join(dir, "redline.docx")
	mustParley(t, "", "export", "--db", db, "--as", "ukraine", "--talks", "1", "--redline-from", "4", "--draft", "5", "-o", red)
	if _, err := runParley(t, "", "export", "--db", db, "--as", "russia", "--talks", "1", "--draft", "0", "-o", filepath.Join(dir, "w.docx")); err == nil {
		t.Error("russia exported the mediator's working draft")
	}

	soffice := testenv.LookPath(t, "soffice", "Debian: libreoffice-writer-nogui; without it the DOCX is not opened")
	testenv.Exclusive(t, "libreoffice") // several conversions at once crash it
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"), "--headless",
		"--convert-to", "txt:Text", "--outdir", dir, filepath.Join(dir, "draft5.docx"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not open the DOCX: %v\n%s", err, out)
	}
	text, err := os.ReadFile(filepath.Join(dir, "draft5.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Peace plan, draft 5", "Sovereignty and security", "1", "Sovereignty", "7", "Territory",
		"Ukrainian forces withdraw from the part of the Donetsk region"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the DOCX as LibreOffice reads it lacks %q", want)
		}
	}
}
