package workspace

import (
	"context"
	"io"
	"sync/atomic"
	"testing"

	"github.com/parley-talks/parley"
)

// TestPDFExportsBounded is issue 13's finding that a PDF of a draft of the
// largest size costs some 20 s of CPU and any member may ask for it again
// and again. A tabled draft's PDF is made once and kept; an account asking
// for a PDF while one of its own is being made is refused with ETOOMANY
// (another account is not); the working draft, which changes, is made
// each time.
func TestPDFExportsBounded(t *testing.T) {
	s := &Service{}
	var made atomic.Int32
	hold := make(chan struct{})
	started := make(chan struct{}, 1)
	s.pdfs.render = func(w io.Writer, d *parley.Draft) error {
		made.Add(1)
		if d.Title == "slow" {
			started <- struct{}{}
			<-hold
		}
		_, err := io.WriteString(w, "%PDF-"+d.Title)
		return err
	}
	ru, ua := WithAccount(context.Background(), 1), WithAccount(context.Background(), 2)
	tabled := &parley.Draft{Number: 3, Title: "tabled"}
	for i := range 3 {
		b, err := s.pdfOf(ru, 1, tabled)
		if err != nil || string(b) != "%PDF-tabled" {
			t.Fatalf("export %d: got %q, %v", i, b, err)
		}
	}
	if _, err := s.pdfOf(ua, 1, tabled); err != nil || made.Load() != 1 {
		t.Errorf("four exports of one tabled draft: made %d PDFs (%v), want 1", made.Load(), err)
	}
	if b, _ := s.pdfOf(ru, 2, tabled); string(b) != "%PDF-tabled" || made.Load() != 2 {
		t.Errorf("draft 3 of other talks: made %d PDFs in all, want it made apart", made.Load())
	}

	slow := &parley.Draft{Number: 0, Title: "slow"}
	done := make(chan error)
	go func() { _, err := s.pdfOf(ru, 1, slow); done <- err }()
	<-started
	if _, err := s.pdfOf(ru, 1, &parley.Draft{Number: 4, Title: "another"}); parley.ErrorCode(err) != parley.ETOOMANY || RetryAfter(err) <= 0 {
		t.Errorf("a second PDF while the account's first is being made: got %v, want ETOOMANY with a time to retry", err)
	}
	if b, err := s.pdfOf(ua, 1, &parley.Draft{Number: 4, Title: "another"}); err != nil || string(b) != "%PDF-another" {
		t.Errorf("another account meanwhile: got %q, %v; want its PDF", b, err)
	}
	close(hold)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	before := made.Load()
	s.pdfs.render = func(w io.Writer, d *parley.Draft) error {
		made.Add(1)
		_, err := io.WriteString(w, "%PDF-")
		return err
	}
	if _, err := s.pdfOf(ru, 1, &parley.Draft{Number: 0}); err != nil || made.Load() != before+1 {
		t.Errorf("the working draft again, once the first is done: got %v, made %d, want it made anew", err, made.Load()-before)
	}
}

// TestKeptPDFsBounded: the kept PDFs stay within MaxKeptPDFBytes, the
// oldest dropped first.
func TestKeptPDFsBounded(t *testing.T) {
	var p pdfExports
	big := make([]byte, MaxKeptPDFBytes/3+1)
	for n := 1; n <= 4; n++ {
		p.keep(pdfKey{1, n}, big)
	}
	if p.size > MaxKeptPDFBytes || len(p.kept) != 2 {
		t.Errorf("after keeping four PDFs of a third of the bound: got %d kept, %d bytes; want 2 within %d", len(p.kept), p.size, MaxKeptPDFBytes)
	}
	if _, ok := p.kept[pdfKey{1, 1}]; ok {
		t.Error("the oldest PDF is still kept")
	}
	p.keep(pdfKey{1, 9}, make([]byte, MaxKeptPDFBytes+1))
	if _, ok := p.kept[pdfKey{1, 9}]; ok {
		t.Error("a PDF larger than the bound was kept")
	}
}
