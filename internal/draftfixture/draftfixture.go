// Package draftfixture provides the drafts the exporters' tests share: the
// demo's tabled drafts and a small hand-made draft with what the demo
// lacks.
package draftfixture

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/sqlite"
	"github.com/parley-talks/parley/workspace"
)

// Demo returns the demo's tabled drafts, as the mediator sees them,
// loaded once per test binary.
var Demo = sync.OnceValues(func() ([]*parley.Draft, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "parley-fixture-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := sqlite.Open(ctx, filepath.Join(dir, "d.db"), seal.Key{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		return nil, err
	}
	_, acc, err := ws.SignIn(ctx, "mediator", demo.Password, "test")
	if err != nil {
		return nil, err
	}
	med := workspace.WithAccount(ctx, acc.ID)
	var ds []*parley.Draft
	for n := 1; ; n++ {
		d, err := ws.GetDraft(med, tid, n)
		if parley.ErrorCode(err) == parley.ENOTFOUND {
			break
		} else if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	if len(ds) < 5 {
		return nil, errors.New("the demo has fewer than 5 drafts")
	}
	return ds, nil
})

// Hand is a small draft with what the demo lacks: nested sections,
// section text, sub-points two levels deep, a point without a title,
// paragraphs, line breaks, and text XML must escape.
func Hand() *parley.Draft {
	d := &parley.Draft{
		TalksID: 3, Number: 2, Tabled: true,
		Title:    "Framework agreement — “working text”",
		Note:     "Tabled after the Geneva round.\n\nBrackets mark text not yet agreed.",
		TabledAt: time.Date(2025, 12, 2, 16, 30, 0, 0, time.UTC),
		TabledBy: "mediator",
		Points: []parley.Point{
			{ID: 1, Kind: parley.KindSection, Title: "General provisions", Text: "The parties agree as follows."},
			{ID: 2, Kind: parley.KindPoint, Parent: 1, Title: "Definitions", Text: "“Line of contact” means the line on the map in Annex 1."},
			{ID: 3, Kind: parley.KindSection, Parent: 1, Title: "Scope"},
			{ID: 4, Kind: parley.KindPoint, Parent: 3, Text: "This agreement applies to the territory of both parties – land, sea & air <all three>."},
			{ID: 5, Kind: parley.KindPoint, Parent: 3, Title: "Monitoring", Text: "A mission monitors the ceasefire:"},
			{ID: 6, Kind: parley.KindPoint, Parent: 5, Text: "its observers patrol the zone;"},
			{ID: 7, Kind: parley.KindPoint, Parent: 5, Title: "Reports", Text: "it reports every week:\nto the parties,\nto the mediator."},
			{ID: 8, Kind: parley.KindPoint, Parent: 7, Text: "in English;"},
			{ID: 9, Kind: parley.KindPoint, Parent: 7, Text: "in Ukrainian (українською) and Russian (по-русски)."},
			{ID: 10, Kind: parley.KindSection, Title: "Final provisions"},
			{ID: 11, Kind: parley.KindPoint, Parent: 10, Title: "Entry into force?", Text: "This agreement enters into force on signature.\n\nIt is drawn up in three copies, each equally authentic."},
		},
	}
	Number(d)
	return d
}

// Number fills in the points' numbers and depths.
func Number(d *parley.Draft) {
	depth := map[int64]int{}
	for i, n := range parley.Numbering(d.Points) {
		p := &d.Points[i]
		p.Number = n
		if p.Parent != 0 {
			p.Depth = depth[p.Parent] + 1
		}
		depth[p.ID] = p.Depth
	}
}
