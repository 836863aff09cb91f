package workspace_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// twoIssues is a space of two issues, and profiles of Russia and Ukraine
// for it.
func twoIssues() (*parley.IssueSpace, workspace.ProfileInput, workspace.ProfileInput) {
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}},
		{Name: "Sanctions", Options: []string{"Lift", "Stages", "Keep"}},
	}}
	ru := workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.7, "Sanctions": 0.3},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 1, "Freeze": 0.4, "Later": 0.6}, "Sanctions": {"Lift": 1, "Stages": 0.6, "Keep": 0}},
		Reservation: 0.2}
	ua := workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.6, "Sanctions": 0.4},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 0, "Freeze": 0.9, "Later": 1}, "Sanctions": {"Lift": 0, "Stages": 0.5, "Keep": 1}},
		Reservation: 0.2}
	return space, ru, ua
}

// analysisRuns returns the analysis.run records of the talks that ctx's
// caller sees in the audit log.
func analysisRuns(t *testing.T, ws *workspace.Service, ctx context.Context, talks int64) []parley.AuditEntry {
	t.Helper()
	entries, _, err := ws.AuditLog(ctx, talks)
	if err != nil {
		t.Fatal(err)
	}
	var out []parley.AuditEntry
	for _, e := range entries {
		if e.Record.Action == "analysis.run" {
			out = append(out, e)
		}
	}
	return out
}

// TestRedefinedSpaceCannotRecoverWeights is issue 13's attack: once the
// parties' profiles are in, the mediator redefines the issue space (one
// issue alone, then pairs) and runs the analysis, whose frontier on one
// issue is a party's own evaluations and on a pair the ratio of its
// weights. Profiles are bound to the version of the space they were
// entered for, so the redefined space has none: every analysis refuses,
// saying whose profiles are outdated, nothing is run or recorded, and
// each party is told to re-enter its preferences.
func TestRedefinedSpaceCannotRecoverWeights(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	space, ruIn, uaIn := twoIssues()
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	if space.Version != 1 {
		t.Errorf("the first issue space: got version %d, want 1", space.Version)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, ruIn))
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, uaIn))
	must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))
	before := len(analysisRuns(t, ws, f.mediator, f.talks))

	// Only the points changing asks nothing new of a profile: same version.
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	space.Issues[0].Points = []int64{d.Points[0].ID}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil || space.Version != 1 {
		t.Fatalf("linking an issue to a point: got version %d, %v; want 1, nil", space.Version, err)
	}
	must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))

	for _, redefined := range [][]parley.SpaceIssue{
		{{Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}}},                  // one issue alone
		{{Name: "Sanctions", Options: []string{"Lift", "Stages", "Keep"}}},                       // the other
		{space.Issues[1], {Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}}}, // the pair, reordered
	} {
		s := &parley.IssueSpace{Issues: redefined}
		if err := ws.SetIssueSpace(f.mediator, f.talks, s); err != nil {
			t.Fatal(err)
		}
		res, err := ws.RunAnalysis(f.mediator, f.talks, 0)
		if code(err) != parley.ECONFLICT || !strings.Contains(err.Error(), "Russia and Ukraine") || !strings.Contains(err.Error(), "enter them again") {
			t.Errorf("analysis on redefined space %d: got %+v, %v; want a conflict naming Russia and Ukraine, who must enter theirs again", s.Version, res, err)
		}
		div, err := ws.AdjustedWinner(f.mediator, f.talks)
		if code(err) != parley.ECONFLICT || !strings.Contains(err.Error(), "enter them again") {
			t.Errorf("Adjusted Winner on redefined space %d: got %+v, %v; want a conflict saying the profiles must be entered again", s.Version, div, err)
		}
	}
	if got := len(analysisRuns(t, ws, f.mediator, f.talks)); got != before+1 {
		t.Errorf("got %d analysis runs recorded, want %d: the refused runs ran nothing", got, before+1)
	}

	// Each party is told; the mediator learns whose profiles are outdated.
	for name, ctx := range map[string]context.Context{"russia": f.ru, "russia's adviser": f.ruAdviser, "ukraine": f.ua} {
		v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(ctx, f.talks))
		if !v.MyProfileOutdated || v.Notice != "the issue space changed; re-enter your preferences" {
			t.Errorf("%s after the space changed: got outdated %v, notice %q; want told to re-enter", name, v.MyProfileOutdated, v.Notice)
		}
	}
	mv := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.mediator, f.talks))
	if len(mv.ProfilesFrom) != 0 || !slices.Equal(mv.ProfilesOutdated, []string{"Russia", "Ukraine"}) || mv.Space.Version != 4 {
		t.Errorf("the mediator's view: got profiles from %v, outdated %v, version %d; want none, Russia and Ukraine, 4", mv.ProfilesFrom, mv.ProfilesOutdated, mv.Space.Version)
	}

	// Preferences entered for an earlier version are refused, not bound to
	// the new one.
	stale := uaIn
	stale.Weights, stale.Evaluations = map[string]float64{"Territory": 1}, map[string]map[string]float64{"Territory": {"Freeze": 1}}
	stale.SpaceVersion = 3
	if _, err := ws.SetProfile(f.ua, f.talks, stale); code(err) != parley.ECONFLICT || !strings.Contains(err.Error(), "re-enter") {
		t.Errorf("a profile entered for version 3 of the space at version 4: got %v, want a conflict", err)
	}

	// Once both re-enter, knowingly, for the space as it is, it runs.
	ruIn.SpaceVersion, uaIn.SpaceVersion = 4, 4
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, ruIn))
	if v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ru, f.talks)); v.MyProfileOutdated || v.Notice != "" || v.MyProfile.SpaceVersion != 4 {
		t.Errorf("russia after re-entering: got outdated %v, notice %q, profile version %d", v.MyProfileOutdated, v.Notice, v.MyProfile.SpaceVersion)
	}
	if _, err := ws.RunAnalysis(f.mediator, f.talks, 0); code(err) != parley.ECONFLICT || !strings.Contains(err.Error(), "Ukraine") {
		t.Errorf("analysis with one profile re-entered: got %v, want a conflict naming Ukraine", err)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, uaIn))
	res := must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))
	if res.SpaceVersion != 4 || len(res.Parties) != 2 || len(res.OutdatedFrom) != 0 {
		t.Errorf("analysis after both re-entered: got version %d, parties %v, outdated %v", res.SpaceVersion, res.Parties, res.OutdatedFrom)
	}
}

// TestAnalysisRunsRecorded: every run of an analysis on the profiles is
// recorded once, with its kind, the space's version and whose profiles it
// used, visible to those parties and the mediator's team and to no one
// else; the parties see what ran, never the result. A third party whose
// profile is outdated is left out of the run, which says so.
func TestAnalysisRunsRecorded(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	by := account(t, ws, "belarus")
	belarus := must[*parley.Party](t)(ws.AddParty(f.mediator, f.talks, workspace.PartyInput{Name: "Belarus", Kind: parley.PartyParty})).ID
	must[*parley.Member](t)(ws.AddMember(f.mediator, f.talks, workspace.MemberInput{Username: "belarus", Party: belarus, Role: parley.RolePrincipal}))
	space, ruIn, uaIn := twoIssues()
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	must[*parley.Profile](t)(ws.SetProfile(by, f.talks, ruIn))
	space.Issues[1].Options = append(space.Issues[1].Options, "Tighten")
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil || space.Version != 2 {
		t.Fatalf("adding an option: got version %d, %v; want 2", space.Version, err)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, ruIn))
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, uaIn))

	res := must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))
	if !slices.Equal(res.Parties, []string{"Russia", "Ukraine"}) || !slices.Equal(res.OutdatedFrom, []string{"Belarus"}) {
		t.Errorf("analysis with Belarus's profile outdated: got parties %v, outdated %v; want Russia and Ukraine, Belarus", res.Parties, res.OutdatedFrom)
	}
	runs := analysisRuns(t, ws, f.mediator, f.talks)
	if len(runs) != 1 {
		t.Fatalf("after one run: got %d analysis.run records, want 1", len(runs))
	}
	r := runs[0].Record
	if !slices.Equal(r.Parties, []int64{f.russia, f.ukraine}) || r.Party != 0 {
		t.Errorf("the run's record: got parties %v (party %d), want Russia's and Ukraine's %v", r.Parties, r.Party, []int64{f.russia, f.ukraine})
	}
	if kind, version := r.Details["kind"], r.Details["space_version"]; kind != "frontier" || version != json.Number("2") {
		t.Errorf("the run's record: got kind %v, space version %v; want frontier, 2", kind, version)
	}
	r.Time = time.Time{} // its fraction of a second may hold "0.7"
	raw, _ := json.Marshal(r)
	for _, leak := range []string{"utility", "Withdraw", "nash", "0.7"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the run's record holds %q, of the result or the profiles: %s", leak, raw)
		}
	}
	for name, c := range map[string]struct {
		ctx  context.Context
		sees bool
	}{"mediator": {f.mediator, true}, "russia": {f.ru, true}, "russia's adviser": {f.ruAdviser, true}, "ukraine": {f.ua, true},
		"belarus": {by, false}, "observer": {f.obs, false}} {
		if got := len(analysisRuns(t, ws, c.ctx, f.talks)); got != map[bool]int{true: 1}[c.sees] {
			t.Errorf("%s sees %d analysis.run records, want %d", name, got, map[bool]int{true: 1}[c.sees])
		}
		v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(c.ctx, f.talks))
		if len(v.Runs) != map[bool]int{true: 1}[c.sees] {
			t.Errorf("%s's analysis view lists %d runs, want %d", name, len(v.Runs), map[bool]int{true: 1}[c.sees])
		} else if c.sees && (v.Runs[0].Kind != parley.RunFrontier || v.Runs[0].SpaceVersion != 2 ||
			!slices.Equal(v.Runs[0].Parties, []string{"Russia", "Ukraine"}) || v.Runs[0].RunBy != "mediator") {
			t.Errorf("%s's analysis view: got run %+v, want the frontier on version 2 with Russia's and Ukraine's profiles, by the mediator", name, v.Runs[0])
		}
	}
	if _, err := ws.LastResults(f.ru, f.talks); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party reading the kept result: got %v, want forbidden", err)
	}
	last := must[*workspace.LastResults](t)(ws.LastResults(f.mediator, f.talks))
	if last.Frontier == nil || last.Frontier.Nash == nil || last.FrontierRun == nil || last.Division != nil {
		t.Errorf("the mediator's kept results: got %+v, want the frontier only", last)
	}

	// Adjusted Winner reads profiles too: recorded the same way. With three
	// negotiating parties it refuses and records nothing.
	if _, err := ws.AdjustedWinner(f.mediator, f.talks); code(err) != parley.ECONFLICT {
		t.Errorf("Adjusted Winner with three parties: got %v, want a conflict", err)
	}
	if got := len(analysisRuns(t, ws, f.mediator, f.talks)); got != 1 {
		t.Errorf("after a refused Adjusted Winner: got %d runs recorded, want 1", got)
	}
	must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0.1))
	if got := len(analysisRuns(t, ws, f.ua, f.talks)); got != 2 {
		t.Errorf("after a second run: ukraine sees %d runs, want 2", got)
	}
	// Changing the space makes the kept result stale: not shown.
	space.Issues[0].Options = space.Issues[0].Options[:2]
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	if last := must[*workspace.LastResults](t)(ws.LastResults(f.mediator, f.talks)); last.Frontier != nil {
		t.Errorf("after the space changed: got a kept result %+v, want none for the space as it is", last.FrontierRun)
	}
}
