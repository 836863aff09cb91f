package workspace

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/pdf"
)

// A draft's PDF is the costly export: one of a draft of the largest size
// takes some 20 s of CPU, and any member may ask for a tabled draft's. The
// cost is bounded twice over. A tabled draft never changes, so its PDF is
// made once and kept, in this process, up to MaxKeptPDFBytes in all (the
// oldest kept dropped first). And an account makes one PDF at a time: a
// request while one of its own is being made is refused with ETOOMANY.
const MaxKeptPDFBytes = 64 << 20

// pdfExports is a workspace's kept PDFs and the accounts making one now.
// Its zero value is ready.
type pdfExports struct {
	mu    sync.Mutex
	busy  map[int64]bool
	kept  map[pdfKey][]byte
	order []pdfKey // kept, oldest first
	size  int
	// render writes a PDF; nil is pdf.Write. Tests count and hold it.
	render func(io.Writer, *parley.Draft) error
}

type pdfKey struct {
	talks  int64
	number int
}

// pdfOf returns the PDF of draft d of the talks, which the caller may
// read: kept if it is tabled and was made before, else made now, unless
// the caller is making another.
func (s *Service) pdfOf(ctx context.Context, talksID int64, d *parley.Draft) ([]byte, error) {
	p := &s.pdfs
	key := pdfKey{talksID, d.Number}
	account := AccountID(ctx)
	p.mu.Lock()
	if b, ok := p.kept[key]; ok && d.Number >= 1 {
		p.mu.Unlock()
		return b, nil
	}
	p.mu.Unlock()
	release, err := p.claim(account)
	if err != nil {
		return nil, err
	}
	defer release()
	render := p.render
	if render == nil {
		render = pdf.Write
	}
	var buf bytes.Buffer
	if err := render(&buf, d); err != nil {
		return nil, err
	}
	if d.Number >= 1 {
		p.keep(key, buf.Bytes())
	}
	return buf.Bytes(), nil
}

// keep keeps the PDF b of a tabled draft, dropping the oldest kept until
// all fit in MaxKeptPDFBytes; one larger than that is not kept.
func (p *pdfExports) keep(key pdfKey, b []byte) {
	if len(b) > MaxKeptPDFBytes {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.kept[key]; ok {
		return
	}
	for p.size+len(b) > MaxKeptPDFBytes && len(p.order) > 0 {
		p.size -= len(p.kept[p.order[0]])
		delete(p.kept, p.order[0])
		p.order = p.order[1:]
	}
	if p.kept == nil {
		p.kept = map[pdfKey][]byte{}
	}
	p.kept[key], p.order, p.size = b, append(p.order, key), p.size+len(b)
}

// claim marks the account as making a PDF, unless it is making one
// already (ETOOMANY, to try again later); release ends it.
func (p *pdfExports) claim(account int64) (release func(), err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.busy[account] {
		return nil, &throttled{parley.Errorf(parley.ETOOMANY, "a PDF you asked for is still being made; try again when it is done"), 5 * time.Second}
	}
	if p.busy == nil {
		p.busy = map[int64]bool{}
	}
	p.busy[account] = true
	return func() {
		p.mu.Lock()
		delete(p.busy, account)
		p.mu.Unlock()
	}, nil
}
