// Package docx writes drafts of the negotiating text as Word documents:
// Office Open XML WordprocessingML packages (ECMA-376, ISO/IEC 29500,
// transitional conformance) that Microsoft Word and LibreOffice open
// without repair.
//
// A document holds the draft's title, its number and tabling date, the
// draft's note, its sections as headings (styles Heading 1 to Heading 3)
// and its points as paragraphs that show the points' Parley numbers ("7",
// "3.b") in front of a bold title, each sub-point indented one step further
// than its parent. Every page carries a header "Confidential — Draft N" and
// a footer "Page X of Y".
//
// The numbers are written as text, not as Word list numbering: they are the
// names the parties cite, and Word would renumber a list the moment a reader
// edits it, or show the wrong numbers in a redline.
//
// WriteRedline writes a comparison of two drafts as tracked changes (w:ins
// and w:del by author "Parley"), which Word and LibreOffice show with
// insertions underlined and deletions struck through, and which a reader can
// accept or reject. The marks are revisions, not character formatting, so
// that accepting every change leaves the newer draft's text as it is.
//
// The package uses archive/zip and encoding/xml only.
package docx

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/internal/layout"
)

// Options control how Write lays out a draft.
type Options struct {
	// Marking is the protective marking that heads every page, before the
	// draft's number: "Confidential" when empty.
	Marking string
	// Location is the time zone the tabling date is shown in: UTC when nil.
	Location *time.Location
}

func (o Options) marking() string {
	if m := strings.TrimSpace(o.Marking); m != "" {
		return m
	}
	return "Confidential"
}

func (o Options) loc() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return time.UTC
}

// Author is the author of WriteRedline's tracked changes and of the
// documents' properties.
const Author = "Parley"

// Write writes d as a DOCX package to w.
func Write(w io.Writer, d *parley.Draft, opts Options) error {
	if d == nil {
		return errors.New("docx: no draft")
	}
	doc := newDocument(d.TabledAt)
	doc.para(para{style: "Title", runs: []run{{text: layout.Title(d)}}})
	if s := layout.DraftLine(d, opts.loc()); s != "" {
		doc.para(para{style: "Subtitle", runs: []run{{text: s}}})
	}
	if strings.TrimSpace(d.Note) != "" {
		doc.flow("Note", "Note", []diff.Op{{Kind: diff.Equal, Text: d.Note}}, false)
	}
	lv := layout.Levels(d)
	for _, p := range d.Points {
		doc.point(p.Kind, lv[p.ID], numberOps(p.Number, ""), titleOps(p.Title, "", nil), textOps(p.Text, nil))
	}
	return doc.pack(w, packInfo{
		title:   layout.Title(d),
		header:  opts.marking() + " — " + layout.DraftName(d.Number),
		created: d.TabledAt,
	})
}

// WriteRedline writes to w a DOCX package that shows how newer differs from
// older as tracked changes: res is the comparison of the two, as
// diff.Compare returns it. Points new in newer are inserted whole, points
// removed are deleted whole, amended, split and merged points show their
// words inserted and deleted, and a point that was renumbered shows its old
// number deleted and its new one inserted. A moved point that kept its text
// is shown in its new place only.
func WriteRedline(w io.Writer, older, newer *parley.Draft, res *diff.Result) error {
	if older == nil || newer == nil || res == nil {
		return errors.New("docx: a redline needs both drafts and their comparison")
	}
	opts := Options{}
	doc := newDocument(newer.TabledAt)
	doc.revDate = newer.TabledAt
	doc.para(para{style: "Title", runs: []run{{text: layout.Title(newer)}}})
	doc.para(para{style: "Subtitle", runs: []run{{text: fmt.Sprintf("Redline: %s compared with %s",
		strings.ToLower(layout.DraftName(newer.Number)), strings.ToLower(layout.DraftName(older.Number)))}}})
	for _, d := range []*parley.Draft{older, newer} {
		if s := layout.DraftLine(d, opts.loc()); s != "" {
			doc.para(para{style: "Subtitle", runs: []run{{text: s}}})
		}
	}
	doc.para(para{style: "Note", runs: []run{{text: "Changes are tracked: insertions show underlined and deletions struck through, " +
		"and each can be accepted or rejected. " + summary(res)}}})

	oldLv, newLv := layout.Levels(older), layout.Levels(newer)
	for _, c := range res.Changes {
		switch c.Change {
		case parley.ChangeNew:
			doc.point(c.Kind, newLv[c.ID], wholeOps(diff.Insert, c.Number), wholeOps(diff.Insert, c.Title), wholeOps(diff.Insert, c.Text))
		case parley.ChangeRemoved:
			lv, ok := oldLv[c.ID]
			if !ok {
				lv = layout.Level{Point: strings.Count(c.Number, ".") + 1, Section: 1}
			}
			doc.point(c.Kind, lv, wholeOps(diff.Delete, c.Number), wholeOps(diff.Delete, c.Title), wholeOps(diff.Delete, c.Text))
		default:
			lv := newLv[c.ID]
			num := numberOps(c.Number, c.OldNumber)
			if !c.Amended {
				doc.point(c.Kind, lv, num, titleOps(c.Title, "", nil), textOps(c.Text, nil))
				continue
			}
			doc.point(c.Kind, lv, num, titleOps(c.Title, c.OldTitle, c.TitleWords), textOps(c.Text, c.Words))
		}
	}
	return doc.pack(w, packInfo{
		title:   "Redline: " + layout.Title(newer),
		header:  opts.marking() + " — " + layout.DraftName(newer.Number) + " compared with " + strings.ToLower(layout.DraftName(older.Number)),
		created: newer.TabledAt,
	})
}

// summary counts the changes by kind: "1 new point, 2 amended."
func summary(res *diff.Result) string {
	var parts []string
	for _, k := range []parley.Change{parley.ChangeNew, parley.ChangeAmended, parley.ChangeSplit, parley.ChangeMerged, parley.ChangeMoved, parley.ChangeRemoved} {
		if n := res.Counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	if len(parts) == 0 {
		return "The drafts do not differ."
	}
	return "Changes: " + strings.Join(parts, ", ") + "."
}

// numberOps shows a point's number, with the old one deleted where it
// changed.
func numberOps(number, old string) []diff.Op {
	if old == "" || old == number {
		return wholeOps(diff.Equal, number)
	}
	ops := wholeOps(diff.Delete, old)
	return append(ops, wholeOps(diff.Insert, number)...)
}

// titleOps is a title as it stands, or its word-level changes.
func titleOps(title, old string, words []diff.Op) []diff.Op {
	if len(words) > 0 {
		return words
	}
	if old != "" && old != title {
		return diff.Words(old, title)
	}
	return wholeOps(diff.Equal, title)
}

// textOps is a text as it stands, or its word-level changes.
func textOps(text string, words []diff.Op) []diff.Op {
	if len(words) > 0 {
		return words
	}
	return wholeOps(diff.Equal, text)
}

func wholeOps(k diff.OpKind, s string) []diff.Op {
	if s == "" {
		return nil
	}
	return []diff.Op{{Kind: k, Text: s}}
}

// point writes one section or point: a heading, or a numbered paragraph
// with a bold title, then the text's paragraphs.
func (doc *document) point(kind parley.PointKind, lv layout.Level, number, title, text []diff.Op) {
	if kind == parley.KindSection {
		style := fmt.Sprintf("Heading%d", min(max(lv.Section, 1), 3))
		if len(title) == 0 && len(text) > 0 {
			// A section without a title: its text is its heading.
			doc.flow(style, style, text, false)
			return
		}
		doc.flow(style, style, title, false)
		if len(text) > 0 {
			doc.flow("BodyText", "BodyText", text, false)
		}
		return
	}
	pl := min(max(lv.Point, 1), maxPointLevel)
	all := overall(slices.Concat(number, title, text))
	doc.start(para{style: fmt.Sprintf("Point%d", pl)})
	doc.add(number, false)
	doc.cur.runs = append(doc.cur.runs, run{tab: true, kind: overall(number)})
	if len(title) > 0 {
		doc.add(title, true)
		if !endsInPunct(title) {
			doc.cur.runs = append(doc.cur.runs, run{text: ".", bold: true, kind: overall(title)})
		}
		doc.cur.runs = append(doc.cur.runs, run{text: " ", kind: overall(title)})
	}
	doc.flowInto(fmt.Sprintf("PointText%d", pl), text, false, all)
}

// overall is the kind of a run of ops taken together: Insert or Delete if
// every op is one, else Equal.
func overall(ops []diff.Op) diff.OpKind {
	if len(ops) == 0 {
		return diff.Equal
	}
	k := ops[0].Kind
	for _, op := range ops[1:] {
		if op.Kind != k {
			return diff.Equal
		}
	}
	return k
}

func endsInPunct(ops []diff.Op) bool {
	var last string
	for _, op := range ops {
		if op.Kind != diff.Delete {
			last += op.Text
		}
	}
	last = strings.TrimSpace(last)
	return last == "" || strings.ContainsAny(last[len(last)-1:], ".:?!;")
}
