package workspace_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func TestAnalysisInTheWorkspace(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}, Points: []int64{d.Points[3].ID}},
		{Name: "Sanctions", Options: []string{"Lift", "Stages", "Keep"}},
	}}
	if err := ws.SetIssueSpace(f.ru, f.talks, space); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party defining the issues: got %v, want forbidden", err)
	}
	bad := &parley.IssueSpace{Issues: []parley.SpaceIssue{{Name: "X", Options: []string{"only one"}}}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, bad); code(err) != parley.EINVALID {
		t.Errorf("an issue with one option: got %v, want invalid", err)
	}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	ruProfile := workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.7, "Sanctions": 0.3},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 1, "Freeze": 0.4, "Later": 0.6}, "Sanctions": {"Lift": 1, "Stages": 0.6, "Keep": 0}},
		Reservation: 0.2}
	uaProfile := workspace.ProfileInput{Weights: map[string]float64{"Territory": 0.6, "Sanctions": 0.4},
		Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 0, "Freeze": 0.9, "Later": 1}, "Sanctions": {"Lift": 0, "Stages": 0.5, "Keep": 1}},
		Reservation: 0.2}
	if _, err := ws.SetProfile(f.ru, f.talks, workspace.ProfileInput{Weights: map[string]float64{"Nope": 1}}); code(err) != parley.EINVALID {
		t.Errorf("a profile naming an unknown issue: got %v, want invalid", err)
	}
	if _, err := ws.SetProfile(f.mediator, f.talks, ruProfile); code(err) != parley.EFORBIDDEN {
		t.Errorf("the mediator entering a profile: got %v, want forbidden", err)
	}
	if _, err := ws.RunAnalysis(f.mediator, f.talks, 0); code(err) != parley.ECONFLICT {
		t.Errorf("analysis before two profiles: got %v, want conflict", err)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, ruProfile))
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, uaProfile))

	// Each party sees its own profile only; the mediator sees none.
	for name, tc := range map[string]struct {
		ctx  contextOf
		want float64
	}{"russia": {f.ru, 0.7}, "ukraine": {f.ua, 0.6}, "mediator": {f.mediator, -1}, "observer": {f.obs, -1}} {
		v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(tc.ctx, f.talks))
		switch {
		case tc.want < 0 && v.MyProfile != nil:
			t.Errorf("%s sees a profile: %+v", name, v.MyProfile)
		case tc.want >= 0 && (v.MyProfile == nil || v.MyProfile.Weights["Territory"] != tc.want):
			t.Errorf("%s's own profile: got %+v", name, v.MyProfile)
		}
	}
	if _, err := ws.RunAnalysis(f.ru, f.talks, 0); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party running the analysis: got %v, want forbidden", err)
	}
	res := must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))
	if res.Outcomes != "9" || res.FrontierSize == 0 || !res.ZOPA.Exists || res.Nash == nil {
		t.Fatalf("analysis: got %+v", res)
	}
	raw, _ := json.Marshal(res)
	for _, leak := range []string{"weights", "evaluations", "reservation"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the mediator's analysis holds %q, a party's preferences", leak)
		}
	}

	// A party that shares its reservation value lets the mediator see
	// that value, and only that; the other's stays its own.
	shared := uaProfile
	shared.Reservation, shared.ShareReservation = 0.35, true
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, shared))
	withUA := must[*workspace.AnalysisResult](t)(ws.RunAnalysis(f.mediator, f.talks, 0))
	if len(withUA.Reservations) != 1 || withUA.Reservations["Ukraine"] != 0.35 {
		t.Errorf("the mediator's analysis with Ukraine's value shared: got reservations %v, want Ukraine 0.35 only", withUA.Reservations)
	}
	if v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ua, f.talks)); v.MyProfile == nil || !v.MyProfile.ShareReservation {
		t.Errorf("ukraine's own profile does not say it shares its value: %+v", v.MyProfile)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, uaProfile))
	sp := must[*parley.SharedPackage](t)(ws.SharePackage(f.mediator, f.talks, "Nash bargaining solution", res.Nash.Package))
	if _, err := ws.SharePackage(f.mediator, f.talks, "bad", map[string]string{"Territory": "Withdraw"}); code(err) != parley.EINVALID {
		t.Errorf("sharing an incomplete package: got %v, want invalid", err)
	}
	v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ua, f.talks))
	if len(v.Shared) != 1 || v.Shared[0].ID != sp.ID || v.Shared[0].Package["Territory"] == "" {
		t.Errorf("ukraine's shared packages: got %+v", v.Shared)
	}
}
