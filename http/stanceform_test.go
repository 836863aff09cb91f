package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestStanceFormOffersAmendment: the stance form has no proposed wording
// any more; it links to the point's amendment form, which shares new
// wording as the party's stance on the point is shared. In the demo,
// Ukraine keeps its stance on the elections point from the mediator
// (though it shares by default) and shares its stance on territory.
func TestStanceFormOffersAmendment(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	ua, _ := signInPages(t, base, "ukraine")
	_, page := ua.get(fmt.Sprintf("/talks/%d/drafts/5", tid))
	if strings.Contains(page, `name="proposed_wording"`) || !strings.Contains(page, `class="propose-wording"`) {
		t.Error("draft 5 as Ukraine: want no proposed wording field, and a link to propose wording as an amendment")
	}
	d5, err := ws.GetDraft(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		title  string
		shared bool
	}{{"Elections", false}, {"Territory", true}} {
		var point int64
		for _, p := range d5.Points {
			if p.Title == c.title && p.Kind == parley.KindPoint {
				point = p.ID
			}
		}
		_, page := ua.get(fmt.Sprintf("/talks/%d/drafts/5/points/%d/amendments", tid, point))
		if got := strings.Contains(page, `name="share_with_mediator" checked`); got != c.shared {
			t.Errorf("Ukraine's amendment form for %s: shared %v, want %v (as its stance)", c.title, got, c.shared)
		}
	}
}
