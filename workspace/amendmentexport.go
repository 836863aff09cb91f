package workspace

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/akn"
	"github.com/parley-talks/parley/format/docx"
)

// AmendmentExportFormats are the formats ExportAmendments writes.
var AmendmentExportFormats = []string{"akn", "docx", "md"}

// ExportAmendments writes the amendments to tabled draft number that the
// caller may see (reasons only where it may read them) as an Akoma Ntoso
// amendmentList, a Word table or Markdown. None to see is not found.
func (s *Service) ExportAmendments(ctx context.Context, talksID int64, number int, format string) (*Export, error) {
	if number < 1 {
		return nil, parley.NotFound("draft")
	}
	d, err := s.GetDraft(ctx, talksID, number)
	if err != nil {
		return nil, err
	}
	as, err := s.ListAmendments(ctx, talksID, number)
	if err != nil {
		return nil, err
	}
	if format != "akn" && format != "docx" && format != "md" {
		return nil, parley.Invalid("format", "format must be akn, docx or md")
	}
	if len(as) == 0 {
		return nil, parley.NotFound("amendments")
	}
	base := fmt.Sprintf("talks-%d-draft-%d-amendments", talksID, number)
	var buf bytes.Buffer
	e := &Export{Name: base + ".md", ContentType: "text/markdown; charset=utf-8"}
	switch format {
	case "docx":
		if err := docx.WriteAmendmentTable(&buf, d, as, docx.Options{}); err != nil {
			return nil, failed(err, "writing the amendments to draft %d of talks %d", number, talksID)
		}
		e.Name, e.ContentType = base+".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "akn":
		meta := akn.Meta{Work: fmt.Sprintf("talks-%d", talksID), Now: s.now}
		if first, err := s.GetDraft(ctx, talksID, 1); err == nil {
			meta.Date = first.TabledAt
		}
		if err := akn.WriteAmendments(&buf, d, as, meta); err != nil {
			return nil, failed(err, "writing the amendments to draft %d of talks %d", number, talksID)
		}
		e.Name, e.ContentType = base+".akn.xml", "application/akn+xml"
	default:
		writeAmendmentsMarkdown(&buf, d, as)
	}
	e.Body = buf.Bytes()
	return e, nil
}

// writeAmendmentsMarkdown writes amendments as to draft d as Markdown: a
// heading per amendment, its change quoted, its justification and the
// reason given, if any.
func writeAmendmentsMarkdown(buf *bytes.Buffer, d *parley.Draft, as []parley.Amendment) {
	fmt.Fprintf(buf, "# Amendments to draft %d\n", d.Number)
	quote := func(s string) string { return "> " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n> ") }
	for _, a := range as {
		if a.Correction() {
			fmt.Fprintf(buf, "\n## %s's correction %d to the %s text of point %s (%s)\n", a.PartyName, a.ID, parley.LanguageName(a.Language), a.PointNumber, a.State)
		} else {
			fmt.Fprintf(buf, "\n## %s's amendment %d to point %s: %s (%s)\n", a.PartyName, a.ID, a.PointNumber, a.Kind, a.State)
		}
		if a.Text != "" {
			fmt.Fprintf(buf, "\n%s\n", quote(a.Text))
		}
		if a.Justification != "" {
			fmt.Fprintf(buf, "\nJustification: %s\n", a.Justification)
		}
		if a.Reason != "" {
			fmt.Fprintf(buf, "\nThe mediator's reason: %s\n", a.Reason)
		}
	}
}
