package workspace_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// improvementTalks sets up an issue space of 3 × 3 packages with
// Russia's and Ukraine's profiles; from (Freeze, Stages), where Russia has
// 0.46 and Ukraine 0.74, only (Later, Stages) leaves both at least as
// well off: Russia 0.60 (+0.14), Ukraine 0.80 (+0.06).
func improvementTalks(t *testing.T) *fixture {
	f := newFixture(t)
	ws := f.ws
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}},
		{Name: "Sanctions", Options: []string{"Lift", "Stages", "Keep"}},
	}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.7, "Sanctions": 0.3},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 1, "Freeze": 0.4, "Later": 0.6}, "Sanctions": {"Lift": 1, "Stages": 0.6, "Keep": 0}}}))
	return f
}

var improvementBaseline = map[string]string{"Territory": "Freeze", "Sanctions": "Stages"}

func TestImproveAgreement(t *testing.T) {
	f := improvementTalks(t)
	ws := f.ws
	in := workspace.ImproveInput{Baseline: improvementBaseline}
	if _, err := ws.ImproveAgreement(f.mediator, f.talks, in); code(err) != parley.ECONFLICT {
		t.Errorf("improving before Ukraine's profile: got %v, want conflict", err)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.6, "Sanctions": 0.4},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 0, "Freeze": 0.9, "Later": 1}, "Sanctions": {"Lift": 0, "Stages": 0.5, "Keep": 1}}}))
	if _, err := ws.ImproveAgreement(f.ru, f.talks, in); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party improving: got %v, want forbidden", err)
	}
	for _, bad := range []workspace.ImproveInput{{Baseline: map[string]string{"Territory": "Freeze"}},
		{Baseline: map[string]string{"Territory": "Freeze", "Sanctions": "Nope"}}, {Baseline: improvementBaseline, Epsilon: 2},
		{Baseline: improvementBaseline, Limit: 1000}} {
		if _, err := ws.ImproveAgreement(f.mediator, f.talks, bad); code(err) != parley.EINVALID {
			t.Errorf("improving with %+v: got %v, want invalid", bad, err)
		}
	}
	res := must[*workspace.ImprovementResult](t)(ws.ImproveAgreement(f.mediator, f.talks, in))
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	if res.Total != 1 || len(res.Proposals) != 1 || res.Proposals[0].Package["Territory"] != "Later" || res.Proposals[0].Package["Sanctions"] != "Stages" {
		t.Fatalf("improvements: got %+v", res)
	}
	// The mediator's list holds packages only: no party's utility or gain
	// of a package it chose, which a few runs would turn into a profile.
	if b, _ := json.Marshal(res); strings.Contains(string(b), "0.46") || strings.Contains(string(b), "0.14") || strings.Contains(string(b), "utility") || strings.Contains(string(b), "gain") {
		t.Errorf("the mediator's improvements give figures away: %s", b)
	}
	last := must[*workspace.LastResults](t)(ws.LastResults(f.mediator, f.talks))
	if last.Improvement == nil || len(last.Improvement.Proposals) != 1 || last.ImprovementRun == nil {
		t.Errorf("the kept improvement run: got %+v", last.Improvement)
	}
	// Ukraine knows the run happened, with its profile; not its result.
	v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ua, f.talks))
	if n := len(v.Runs); n == 0 || v.Runs[n-1].Kind != parley.RunImprovement {
		t.Errorf("ukraine's runs: got %+v", v.Runs)
	}

	share := workspace.ShareImprovementsInput{Label: "Better than the agreement", Baseline: improvementBaseline,
		Packages: []map[string]string{res.Proposals[0].Package}}
	if _, err := ws.ShareImprovements(f.ru, f.talks, share); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party sharing: got %v, want forbidden", err)
	}
	if _, err := ws.ShareImprovements(f.mediator, f.talks, workspace.ShareImprovementsInput{Label: "x", Baseline: improvementBaseline,
		Packages: []map[string]string{{"Territory": "Later"}}}); code(err) != parley.EINVALID {
		t.Errorf("sharing an incomplete package: got %v, want invalid", err)
	}
	must[[]parley.ImprovementShare](t)(ws.ShareImprovements(f.mediator, f.talks, share))
	// Each party sees its own gain and nothing of the other's; the
	// mediator and the observer see the proposal without a gain.
	for name, tc := range map[string]struct {
		ctx  contextOf
		gain float64
	}{"russia": {f.ru, 0.14}, "russia-adviser": {f.ruAdviser, 0.14}, "ukraine": {f.ua, 0.06}, "mediator": {f.mediator, -1}, "observer": {f.obs, -1}} {
		v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(tc.ctx, f.talks))
		if len(v.Improvements) != 1 || v.Improvements[0].Package["Territory"] != "Later" || v.Improvements[0].Baseline["Territory"] != "Freeze" {
			t.Fatalf("%s's shared improvements: got %+v", name, v.Improvements)
		}
		g := v.Improvements[0].MyGain
		switch {
		case tc.gain < 0 && g != nil:
			t.Errorf("%s sees a gain %v", name, *g)
		case tc.gain >= 0 && (g == nil || !near(*g, tc.gain)):
			t.Errorf("%s's own gain: got %v, want %v", name, g, tc.gain)
		}
	}
	// The rows written are those the audit log vouches for.
	if _, err := ws.VerifyAudit(context.Background(), nil, ""); err != nil {
		t.Errorf("VerifyAudit: %v", err)
	}
}
