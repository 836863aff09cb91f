package workspace

import (
	"bytes"
	"context"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
	"github.com/parley-talks/parley/format/docx"
	"github.com/parley-talks/parley/format/markdown"
)

// Export is a file made from a draft.
type Export struct {
	Name        string
	ContentType string
	Body        []byte
}

// ExportFormats are the formats ExportDraft writes.
var ExportFormats = []string{"md", "docx", "pdf", "akn"}

// ExportDraft writes a draft the caller may read as Markdown, Word (DOCX),
// PDF or Akoma Ntoso XML, each marked confidential.
func (s *Service) ExportDraft(ctx context.Context, talksID int64, number int, format string) (*Export, error) {
	d, err := s.GetDraft(ctx, talksID, number)
	if err != nil {
		return nil, err
	}
	var first *parley.Draft
	if number != 1 {
		if first, err = s.GetDraft(ctx, talksID, 1); err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
			return nil, err
		}
	}
	base := fmt.Sprintf("talks-%d-draft-%d", talksID, number)
	if number == 0 {
		base = fmt.Sprintf("talks-%d-working-draft", talksID)
	}
	var buf bytes.Buffer
	e := &Export{}
	switch format {
	case "md", "markdown":
		buf.WriteString(markdown.Write(d, true))
		e.Name, e.ContentType = base+".md", "text/markdown; charset=utf-8"
	case "docx":
		err = docx.Write(&buf, d, docx.Options{})
		e.Name, e.ContentType = base+".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "pdf":
		var b []byte
		if b, err = s.pdfOf(ctx, talksID, d); err == nil {
			buf.Write(b)
		}
		e.Name, e.ContentType = base+".pdf", "application/pdf"
	case "akn":
		meta := akn.Meta{Work: fmt.Sprintf("talks-%d", talksID), Now: s.now}
		if first != nil {
			meta.Date = first.TabledAt
		}
		err = akn.Write(&buf, d, meta)
		e.Name, e.ContentType = base+".akn.xml", "application/akn+xml"
	default:
		return nil, parley.Invalid("format", "format must be md, docx, pdf or akn")
	}
	if err != nil {
		return nil, failed(err, "writing draft %d of talks %d as %s", number, talksID, format)
	}
	e.Body = buf.Bytes()
	return e, nil
}

// ExportRedline writes a Word redline of two tabled drafts: the newer
// text with the changes since the older as tracked insertions and
// deletions.
func (s *Service) ExportRedline(ctx context.Context, talksID int64, from, to int) (*Export, error) {
	res, err := s.Diff(ctx, talksID, from, to)
	if err != nil {
		return nil, err
	}
	older, err := s.GetDraft(ctx, talksID, from)
	if err != nil {
		return nil, err
	}
	newer, err := s.GetDraft(ctx, talksID, to)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := docx.WriteRedline(&buf, older, newer, res); err != nil {
		return nil, failed(err, "writing the redline of drafts %d and %d of talks %d", from, to, talksID)
	}
	return &Export{Name: fmt.Sprintf("talks-%d-redline-%d-%d.docx", talksID, from, to),
		ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Body: buf.Bytes()}, nil
}
