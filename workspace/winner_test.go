package workspace_test

import (
	"math"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/analysis"
	"github.com/parley-talks/parley/workspace"
)

// TestAdjustedWinnerInTheWorkspace checks the mediator's Adjusted Winner
// division on a hand-checked case: Russia gives Territory 70 points and
// Sanctions 30, Ukraine 60 and 40. Russia first wins Territory (70 to 40),
// then gives up 30/130 = 3/13 of it, so that both hold 700/13 points.
func TestAdjustedWinnerInTheWorkspace(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Later"}},
		{Name: "Sanctions", Options: []string{"Lift", "Keep"}},
	}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	profile := func(territory float64) workspace.ProfileInput {
		return workspace.ProfileInput{Weights: map[string]float64{"Territory": territory, "Sanctions": 1 - territory},
			Evaluations: map[string]map[string]float64{"Territory": {"Withdraw": 1, "Later": 0}, "Sanctions": {"Lift": 1, "Keep": 0}}}
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ru, f.talks, profile(0.7)))
	_, err := ws.AdjustedWinner(f.mediator, f.talks)
	if want := "not yet entered by Ukraine"; code(err) != parley.ECONFLICT || !strings.Contains(parley.ErrorMessage(err), want) {
		t.Errorf("with one profile: got %v, want a conflict saying %q", err, want)
	}
	must[*parley.Profile](t)(ws.SetProfile(f.ua, f.talks, profile(0.6)))
	for name, ctx := range map[string]contextOf{"russia": f.ru, "ukraine": f.ua, "observer": f.obs} {
		if _, err := ws.AdjustedWinner(ctx, f.talks); code(err) != parley.EFORBIDDEN {
			t.Errorf("%s dividing: got %v, want forbidden", name, err)
		}
	}
	d := must[*analysis.TwoPartyDivision](t)(ws.AdjustedWinner(f.mediator, f.talks))
	want := 700.0 / 13
	if math.Abs(d.Scores[0]-want) > 1e-9 || math.Abs(d.Scores[1]-want) > 1e-9 {
		t.Errorf("got scores %v, want both %v", d.Scores, want)
	}
	if d.Split != "Territory" || math.Abs(d.Issues[0].Share[0]-10.0/13) > 1e-9 || d.Issues[0].Winner != "" {
		t.Errorf("got split %q with Russia's share %v, want Territory split 10/13 to Russia", d.Split, d.Issues[0].Share[0])
	}
	if d.Issues[1].Winner != d.Parties[1] || d.Issues[1].Share != [2]float64{0, 1} {
		t.Errorf("got Sanctions to %q (shares %v), want all to %s", d.Issues[1].Winner, d.Issues[1].Share, d.Parties[1])
	}
	for _, is := range d.Issues {
		if is.Points != [2]float64{} {
			t.Errorf("issue %q: got points %v in the mediator's division, want none (they are the parties' weights)", is.Issue, is.Points)
		}
	}
}
