package workspace_test

import (
	"context"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func TestDraftFromPackage(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	sov, terr, withdraw := d.Points[1].ID, d.Points[3].ID, d.Points[4].ID
	space := &parley.IssueSpace{Issues: []parley.SpaceIssue{
		{Name: "Territory", Options: []string{"Withdraw", "Freeze"}, Points: []int64{terr, withdraw}},
		{Name: "Sovereignty", Options: []string{"Confirm", "Silent"}, Points: []int64{sov}},
	}}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	wordings := []parley.OptionWording{
		{Issue: "Territory", Option: "Withdraw", PointID: terr, Text: "Ukraine withdraws from Donetsk."},
		{Issue: "Territory", Option: "Withdraw", PointID: withdraw, Text: "Within 30 days of signing."},
		{Issue: "Territory", Option: "Freeze", PointID: terr, Text: "The line of contact is frozen under monitoring."},
		{Issue: "Sovereignty", Option: "Confirm", PointID: sov, Text: "Ukraine's sovereignty is confirmed by all."},
	}
	if _, err := ws.SetOptionWordings(f.ru, f.talks, wordings); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party wording options: got %v, want forbidden", err)
	}
	for _, bad := range [][]parley.OptionWording{
		{{Issue: "Territory", Option: "Withdraw", PointID: sov, Text: "x"}},   // a point the issue does not concern
		{{Issue: "Territory", Option: "Nope", PointID: terr, Text: "x"}},      // no such option
		{{Issue: "Territory", Option: "Withdraw", PointID: terr, Text: "  "}}, // no text
		{wordings[0], wordings[0]}, // twice
	} {
		if _, err := ws.SetOptionWordings(f.mediator, f.talks, bad); code(err) != parley.EINVALID {
			t.Errorf("wordings %+v: got %v, want invalid", bad, err)
		}
	}
	must[[]parley.OptionWording](t)(ws.SetOptionWordings(f.mediator, f.talks, wordings))
	if _, err := ws.OptionWordings(f.ru, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("a party reading the wordings: got %v, want not found", err)
	}
	if got := must[[]parley.OptionWording](t)(ws.OptionWordings(f.mediator, f.talks)); len(got) != 4 {
		t.Errorf("the mediator's wordings: got %d, want 4", len(got))
	}
	if _, err := ws.DraftFromPackage(f.ru, f.talks, workspace.PackageDraftInput{Package: map[string]string{"Territory": "Freeze", "Sovereignty": "Confirm"}}); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party making a draft of a package: got %v, want forbidden", err)
	}
	// Every package: the preview changes nothing; the saved working draft
	// reads, point by point, the wording linked to the chosen options and
	// elsewhere the text it started from.
	wordingOf := func(pkg map[string]string, point int64) (string, bool) {
		for _, w := range wordings {
			if w.PointID == point && pkg[w.Issue] == w.Option {
				return w.Text, true
			}
		}
		return "", false
	}
	base := d
	for _, pkg := range []map[string]string{
		{"Territory": "Withdraw", "Sovereignty": "Silent"}, {"Territory": "Freeze", "Sovereignty": "Confirm"},
		{"Territory": "Withdraw", "Sovereignty": "Confirm"}, {"Territory": "Freeze", "Sovereignty": "Silent"},
	} {
		preview := must[*workspace.PackageDraft](t)(ws.DraftFromPackage(f.mediator, f.talks, workspace.PackageDraftInput{Package: pkg}))
		switch after, err := ws.GetDraft(f.mediator, f.talks, 0); {
		case preview.FromDraft > 0 && code(err) != parley.ENOTFOUND, preview.FromDraft == 0 && (err != nil || after.Version != preview.Version):
			t.Fatalf("a preview wrote the working draft: %v, %v", after, err)
		}
		for _, c := range preview.Changes {
			if w, ok := wordingOf(pkg, c.Point); !ok || c.After != w || c.Before != base.Point(c.Point).Text {
				t.Errorf("package %v: point %d previewed %q → %q", pkg, c.Point, c.Before, c.After)
			}
		}
		v := preview.Version
		saved := must[*workspace.PackageDraft](t)(ws.DraftFromPackage(f.mediator, f.talks, workspace.PackageDraftInput{Package: pkg, Save: true, Version: &v}))
		got := saved.Draft
		if len(got.Points) != len(base.Points) {
			t.Fatalf("package %v: %d points, want %d", pkg, len(got.Points), len(base.Points))
		}
		for _, p := range base.Points {
			want := p.Text
			if w, ok := wordingOf(pkg, p.ID); ok {
				want = w
			}
			if q := got.Point(p.ID); q == nil || q.Text != want {
				t.Errorf("package %v: point %d reads %q, want %q", pkg, p.ID, q.Text, want)
			}
		}
		base = got
		if _, err := ws.DraftFromPackage(f.mediator, f.talks, workspace.PackageDraftInput{Package: pkg, Save: true, Version: &v}); code(err) != parley.ECONFLICT {
			t.Errorf("saving a preview of a working draft since changed: got %v, want conflict", err)
		}
	}
	if _, err := ws.DraftFromPackage(f.mediator, f.talks, workspace.PackageDraftInput{Package: map[string]string{"Territory": "Freeze"}}); code(err) != parley.EINVALID {
		t.Errorf("an incomplete package: got %v, want invalid", err)
	}
	// Once the last package's draft is tabled, the text reads Freeze on
	// Territory (Withdraw's wording of point 3 is gone) and, Silent having
	// no wording, the Confirm the text kept.
	must[*parley.Draft](t)(ws.TableWorkingDraft(f.mediator, f.talks))
	tp := must[*workspace.TextPackage](t)(ws.PackageOfText(f.mediator, f.talks))
	if !tp.Complete || tp.Draft != 2 || tp.Package["Territory"] != "Freeze" || tp.Package["Sovereignty"] != "Confirm" {
		t.Errorf("the package of the text: got %+v, want draft 2 reading Freeze and Confirm", tp)
	}
	// Unlinked from Territory, point 3.a keeps its wording stored, unused.
	space.Issues[0].Points = []int64{terr}
	if err := ws.SetIssueSpace(f.mediator, f.talks, space); err != nil {
		t.Fatal(err)
	}
	pd := must[*workspace.PackageDraft](t)(ws.DraftFromPackage(f.mediator, f.talks, workspace.PackageDraftInput{Package: map[string]string{"Territory": "Withdraw", "Sovereignty": "Silent"}}))
	if len(pd.Changes) != 1 || pd.Changes[0].Point != terr {
		t.Errorf("after unlinking point 3.a: got changes %+v, want point 3 alone", pd.Changes)
	}
	if _, err := ws.PackageOfText(f.ru, f.talks); code(err) != parley.ENOTFOUND {
		t.Errorf("a party reading the package of the text: got %v, want not found", err)
	}
	// The rows written are those the audit log vouches for.
	if _, err := ws.VerifyAudit(context.Background(), nil, ""); err != nil {
		t.Errorf("VerifyAudit: %v", err)
	}
}
