package workspace_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func TestGuidedProfile(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Freeze", "Later"}},
		{Name: "Sanctions", Options: []string{"Lift", "Stages", "Keep"}},
	}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	in := workspace.GuidedInput{Rank: map[string]int{"Territory": 1, "Sanctions": 2}, Swing: map[string]float64{"Territory": 100, "Sanctions": 50},
		Ratings:     map[string]map[string]float64{"Territory": {"Withdraw": 100, "Freeze": 40, "Later": 0}, "Sanctions": {"Lift": 100, "Stages": 50, "Keep": 0}},
		Reservation: 20, SpaceVersion: 1}
	if _, err := ws.PreviewGuidedProfile(f.mediator, f.talks, in); code(err) != parley.EFORBIDDEN {
		t.Errorf("the mediator previewing a profile: got %v, want forbidden", err)
	}
	pv := must[*workspace.GuidedPreview](t)(ws.PreviewGuidedProfile(f.ru, f.talks, in))
	// Weights 2/3 and 1/3: the best package (Withdraw, Lift) is worth 1,
	// the worst (Later, Keep) 0; the second best (Withdraw, Stages) 5/6.
	if len(pv.Best) != 5 || len(pv.Worst) != 5 || pv.Best[0].Package["Territory"] != "Withdraw" || pv.Best[0].Package["Sanctions"] != "Lift" ||
		math.Abs(pv.Best[1].Utility-5.0/6) > 1e-9 || pv.Worst[0].Package["Territory"] != "Later" || pv.Worst[0].Utility != 0 {
		t.Errorf("preview: got best %+v, worst %+v", pv.Best, pv.Worst)
	}
	if len(pv.Notes) != 0 {
		t.Errorf("a consistent profile: got notes %q", pv.Notes)
	}
	if _, err := ws.GetAnalysis(f.ru, f.talks); err != nil {
		t.Fatal(err)
	} else if v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ru, f.talks)); v.MyProfile != nil {
		t.Error("a preview saved the profile")
	}
	// Degenerate and inconsistent answers are pointed out.
	odd := in
	odd.Rank = map[string]int{"Territory": 2, "Sanctions": 1}
	odd.Swing = map[string]float64{"Territory": 100, "Sanctions": 0}
	odd.Ratings = map[string]map[string]float64{"Territory": {"Withdraw": 80, "Freeze": 40, "Later": 0}, "Sanctions": {"Lift": 30, "Stages": 30, "Keep": 30}}
	notes := strings.Join(must[*workspace.GuidedPreview](t)(ws.PreviewGuidedProfile(f.ru, f.talks, odd)).Notes, "\n")
	for _, want := range []string{`Only "Territory" counts`, `You ranked "Sanctions" above "Territory"`, `All options of "Sanctions" are rated 30`, `No option of "Territory" is rated 100`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q: %s", want, notes)
		}
	}
	same := in
	same.Swing = map[string]float64{"Territory": 60, "Sanctions": 60}
	if notes := must[*workspace.GuidedPreview](t)(ws.PreviewGuidedProfile(f.ru, f.talks, same)).Notes; len(notes) == 0 || !strings.Contains(notes[0], "All issues weigh the same") {
		t.Errorf("equal swings: got notes %q", notes)
	}
	for field, bad := range map[string]workspace.GuidedInput{
		"rank":    {Rank: map[string]int{"Territory": 1, "Sanctions": 1}, Swing: in.Swing, Ratings: in.Ratings, SpaceVersion: 1},
		"swing":   {Rank: in.Rank, Swing: map[string]float64{"Territory": 120, "Sanctions": 5}, Ratings: in.Ratings, SpaceVersion: 1},
		"ratings": {Rank: in.Rank, Swing: in.Swing, Ratings: map[string]map[string]float64{"Territory": {"Withdraw": 1}}, SpaceVersion: 1},
	} {
		var e *parley.Error
		if _, err := ws.PreviewGuidedProfile(f.ru, f.talks, bad); code(err) != parley.EINVALID || !errors.As(err, &e) || e.Field != field {
			t.Errorf("bad %s: got %v", field, err)
		}
	}
	must[*parley.Profile](t)(ws.SetGuidedProfile(f.ru, f.talks, in))
	v := must[*workspace.AnalysisView](t)(ws.GetAnalysis(f.ru, f.talks))
	if v.MyProfile == nil || v.MyProfile.Weights["Territory"] != 1 || v.MyProfile.Evaluations["Territory"]["Freeze"] != 0.4 || v.MyProfile.Reservation != 0.2 {
		t.Errorf("the saved profile: got %+v", v.MyProfile)
	}
}
