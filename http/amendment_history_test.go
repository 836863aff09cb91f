package http_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/parley-talks/parley/workspace"
)

// TestDeskShowsEarlierDrafts: the mediator's desk, for the demo's draft
// 5, shows below draft 5's amendments those to draft 4 with their
// outcomes, under their own heading: Russia's taken into draft 5,
// Ukraine's declined. Draft 4's amendments are not among draft 5's points.
func TestDeskShowsEarlierDrafts(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	med, _ := signInPages(t, base, "mediator")
	as, err := ws.ListAmendments(workspace.WithAccount(context.Background(), accountID(t, ws, "mediator")), tid, 4)
	if err != nil || len(as) != 2 {
		t.Fatalf("the demo's amendments to draft 4: got %d, %v, want 2", len(as), err)
	}
	_, page := med.get(fmt.Sprintf("/talks/%d/amendments/desk", tid))
	head := strings.Index(page, `<h2 id="earlier-h">Amendments to earlier drafts</h2>`)
	if head < 0 {
		t.Fatal("the desk has no section of the amendments to earlier drafts")
	}
	for _, a := range as {
		at := strings.Index(page, fmt.Sprintf(`id="a%d"`, a.ID))
		if at < head {
			t.Errorf("amendment %d to draft 4: at %d on the desk, want it in the earlier drafts' section (from %d)", a.ID, at, head)
		}
	}
	earlier := page[head:]
	if !strings.Contains(earlier, "Taken in part, into draft 5") || !strings.Contains(earlier, `class="tag state">Declined`) {
		t.Error("the earlier drafts' section: want Russia's amendment taken in part into draft 5 and Ukraine's declined")
	}
}
