package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/parley-talks/parley"
)

// testAnalysisRuns checks the issue space's version and the record of
// analysis runs: each run listed, oldest first, with its kind, version,
// parties and time; the result kept, and opened, for the latest run of
// each kind only; the runs of other talks apart.
func testAnalysisRuns(t *testing.T, s Store) {
	tid, _ := talksWithDraft(t, s)
	other, _ := talksWithDraft(t, s)
	space := &parley.IssueSpace{Version: 3, Issues: []parley.SpaceIssue{{Name: "Border", Options: []string{"River", "Ridge"}}}}
	runs := []*parley.AnalysisRun{
		{TalksID: tid, Kind: parley.RunFrontier, SpaceVersion: 3, Parties: []int64{2, 3}, RunBy: "mediator", RunAt: now, Result: []byte(`{"first":1}`)},
		{TalksID: tid, Kind: parley.RunAdjustedWinner, SpaceVersion: 3, Parties: []int64{2, 3}, RunBy: "mediator", RunAt: now.Add(time.Minute), Result: []byte(`{"division":1}`)},
		{TalksID: tid, Kind: parley.RunFrontier, SpaceVersion: 3, Parties: []int64{3}, RunBy: "mediator-2", RunAt: now.Add(2 * time.Minute), Result: []byte(`{"second":2}`)},
		{TalksID: other, Kind: parley.RunFrontier, SpaceVersion: 1, Parties: []int64{}, RunBy: "m", RunAt: now},
	}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.PutIssueSpace(ctx, tid, &parley.IssueSpace{Issues: space.Issues}); err == nil {
			t.Error("storing an issue space without a version: got no error")
		}
		if err := tx.PutIssueSpace(ctx, tid, space); err != nil {
			return err
		}
		for _, r := range runs {
			if err := tx.PutAnalysisRun(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.IssueSpace(ctx, tid)
		if err != nil {
			return err
		}
		if got.Version != 3 || len(got.Issues) != 1 {
			t.Errorf("the issue space: got %+v, want version 3 with one issue", got)
		}
		list, err := tx.AnalysisRuns(ctx, tid)
		if err != nil {
			return err
		}
		if len(list) != 3 {
			t.Fatalf("got %d runs, want the talks' 3", len(list))
		}
		for i, want := range runs[:3] {
			g := list[i]
			if g.ID != want.ID || g.Kind != want.Kind || g.SpaceVersion != 3 || !slices.Equal(g.Parties, want.Parties) ||
				g.RunBy != want.RunBy || !g.RunAt.Equal(want.RunAt) {
				t.Errorf("run %d: got %+v, want %+v", i, g, want)
			}
		}
		if list[0].Result != nil || string(list[1].Result) != `{"division":1}` || string(list[2].Result) != `{"second":2}` {
			t.Errorf("kept results: got %q, %q, %q; want none for the earlier frontier, the latest of each kind",
				list[0].Result, list[1].Result, list[2].Result)
		}
		if list, err := tx.AnalysisRuns(ctx, other); err != nil || len(list) != 1 || list[0].Result != nil || len(list[0].Parties) != 0 {
			t.Errorf("the other talks' runs: got %+v, %v; want one, without a result", list, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
