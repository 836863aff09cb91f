package docx_test

import (
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/diff"
	"github.com/parley-talks/parley/format/internal/formattest"
	"github.com/parley-talks/parley/internal/draftfixture"
)

func number(d *parley.Draft) { draftfixture.Number(d) }

// demoRedline returns drafts from and to of the demo and their comparison.
func demoRedline(tb testing.TB, from, to int) (older, newer *parley.Draft, res *diff.Result) {
	tb.Helper()
	ds := formattest.DemoDrafts(tb)
	return ds[from-1], ds[to-1], diff.Compare(ds[from-1 : to])
}

// handPair is an older and a newer draft with every kind of change, and
// their comparison.
func handPair() (older, newer *parley.Draft, res *diff.Result) {
	older = &parley.Draft{TalksID: 3, Number: 1, Tabled: true, Title: "Ceasefire", TabledAt: time.Date(2025, 11, 20, 9, 0, 0, 0, time.UTC), TabledBy: "mediator",
		Points: []parley.Point{
			{ID: 1, Kind: parley.KindSection, Title: "Ceasefire"},
			{ID: 2, Kind: parley.KindPoint, Parent: 1, Title: "Start", Text: "The ceasefire starts at once."},
			{ID: 3, Kind: parley.KindPoint, Parent: 1, Title: "Heavy weapons", Text: "Heavy weapons withdraw 15 km."},
			{ID: 4, Kind: parley.KindPoint, Parent: 1, Title: "Prisoners", Text: "Prisoners are exchanged all for all.\n\nThe Red Cross oversees the exchange."},
			{ID: 5, Kind: parley.KindPoint, Parent: 1, Title: "Flights", Text: "Military flights over the zone stop."},
		}}
	newer = &parley.Draft{TalksID: 3, Number: 2, Tabled: true, Title: "Ceasefire", TabledAt: time.Date(2025, 12, 2, 16, 30, 0, 0, time.UTC), TabledBy: "mediator",
		Points: []parley.Point{
			{ID: 1, Kind: parley.KindSection, Title: "Ceasefire and withdrawal"},
			{ID: 6, Kind: parley.KindPoint, Parent: 1, Title: "Monitoring", Text: "An OSCE mission monitors the ceasefire."},
			{ID: 2, Kind: parley.KindPoint, Parent: 1, Title: "Start", Text: "The ceasefire starts at midnight after signature."},
			{ID: 3, Kind: parley.KindPoint, Parent: 1, Title: "Heavy weapons", Text: "Heavy weapons withdraw 15 km."},
			{ID: 4, Kind: parley.KindPoint, Parent: 1, Title: "Prisoners", Text: "Prisoners are exchanged all for all within 30 days.\n\nThe ICRC oversees the exchange.\n\nThe bodies of the dead are returned."},
		}}
	number(older)
	number(newer)
	return older, newer, diff.Compare([]*parley.Draft{older, newer})
}
