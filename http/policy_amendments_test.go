package http_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/storetest"
	"github.com/parley-talks/parley/workspace"
)

// amendments adds the matrix's amendments to draft d, with their tagged
// secrets: Russia's private one (its party's alone), Russia's shared one
// (Russia's and the mediator team's; the one the routes name), and
// Ukraine's released to all, declined with a reason that is Ukraine's and
// the mediator team's alone.
func (w *world) amendments(t *testing.T, ws *workspace.Service, ids map[string]context.Context, d *parley.Draft) {
	t.Helper()
	yes, no := true, false
	propose := func(who string, point int64, in parley.AmendmentInput) *parley.Amendment {
		a, err := ws.ProposeAmendment(ids[who], w.talks, d.Number, point, in)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	private := propose("ru-negotiator", w.point, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "AMEND-Russia-private", ShareWithMediator: &no})
	shared := propose("ru-negotiator", d.Points[1].ID, parley.AmendmentInput{Kind: parley.AmendReplace, Text: "AMEND-Russia-shared", ShareWithMediator: &yes})
	released := propose("ua-adviser", w.point, parley.AmendmentInput{Kind: parley.AmendDelete, Justification: "AMEND-Ukraine-released",
		ShareWithMediator: &yes, ReleasedToAll: true})
	if _, err := ws.DecideAmendment(ids["mediator"], w.talks, released.ID, parley.AmendmentDecision{Reason: "AMEND-REASON-Ukraine"}); err != nil {
		t.Fatal(err)
	}
	w.amendment = shared.ID
	russiaAndMediator := func(c caller) bool { return c.party == "Russia" || mediatorTeam(c) }
	w.secrets = append(w.secrets,
		secret{"AMEND-Russia-private", of("Russia")},
		secret{"AMEND-Russia-shared", russiaAndMediator},
		secret{"AMEND-Ukraine-released", member},
		secret{"AMEND-REASON-Ukraine", func(c caller) bool { return c.party == "Ukraine" || mediatorTeam(c) }},
		// The audit records of Russia's amendments are seen as they are.
		secret{fmt.Sprintf("/amendments/%d\"", private.ID), of("Russia")},
		secret{fmt.Sprintf("/amendments/%d\"", shared.ID), russiaAndMediator},
	)
}

// corrections adds the matrix's corrections to the Russian text of draft
// d, with their tagged secrets: Russia's private one (its party's alone)
// and Ukraine's shared one, taken: the Russian text it became is every
// member's, its justification and where the text came from are Ukraine's
// and the mediator team's.
func (w *world) corrections(t *testing.T, ws *workspace.Service, ids map[string]context.Context, d *parley.Draft) {
	t.Helper()
	yes, no := true, false
	second := d.Points[1].ID
	if _, err := ws.SetTranslation(ids["ru-adviser"], w.talks, 1, second, "ru", parley.TranslationInput{Text: "Второй пункт."}); err != nil {
		t.Fatal(err)
	}
	if _, err := ws.ProposeAmendment(ids["ru-negotiator"], w.talks, 1, w.point, parley.AmendmentInput{Kind: parley.AmendReplace, Language: "ru",
		Text: "CORRECTION-Russia-private", ShareWithMediator: &no}); err != nil {
		t.Fatal(err)
	}
	taken, err := ws.ProposeAmendment(ids["ua-adviser"], w.talks, 1, second, parley.AmendmentInput{Kind: parley.AmendReplace, Language: "ru",
		Text: "CORRECTION-TAKEN-RU", Justification: "CORRECTION-WHY-Ukraine", ShareWithMediator: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.DecideAmendment(ids["mediator"], w.talks, taken.ID, parley.AmendmentDecision{Take: true}); err != nil {
		t.Fatal(err)
	}
	ukraineAndMediator := func(c caller) bool { return c.party == "Ukraine" || mediatorTeam(c) }
	w.secrets = append(w.secrets,
		secret{"CORRECTION-Russia-private", of("Russia")},
		secret{"CORRECTION-TAKEN-RU", member},
		secret{"CORRECTION-WHY-Ukraine", ukraineAndMediator},
		secret{`"amendment_party":"Ukraine"`, ukraineAndMediator},
		secret{"correction-from", ukraineAndMediator},
	)
}

// oldWordings stores each party's private stance on the point (its
// rationale a secret of the party's own) with proposed wording, as
// stances were stored before wording became an amendment, and converts
// the wordings as serve does at start-up: the amendments they become,
// like the stances, are their party's alone.
func (w *world) oldWordings(t *testing.T, ws *workspace.Service) {
	t.Helper()
	ctx := context.Background()
	for _, p := range []struct{ who, party string }{{"ru-negotiator", "Russia"}, {"ua-adviser", "Ukraine"}} {
		storetest.PutOldStance(t, ws.Store, parley.Stance{TalksID: w.talks, Draft: 1, PointID: w.point, PartyID: w.parties[p.party],
			Value: parley.Unsuitable, Rationale: "SECRET-" + p.party + "-private", ProposedWording: "WORDING-" + p.party + "-private",
			RecordedBy: p.who, RecordedAt: time.Now()})
		w.secrets = append(w.secrets, secret{"WORDING-" + p.party + "-private", of(p.party)})
	}
	if n, err := ws.ConvertStanceWordings(ctx); err != nil || n != 2 {
		t.Fatalf("converting the wordings: got %d, %v, want 2", n, err)
	}
}

// expectedAmendments returns the statuses the rules allow caller c on an
// amendment route of its own talks (n is the draft in the path), or nil
// for a route that is not one.
func expectedAmendments(route string, c caller, n string) []int {
	isMed := c.role == parley.RoleMediator
	switch route {
	case "GET /api/v1/talks/{talks}/amendments":
		return []int{200}
	case "GET /api/v1/talks/{talks}/amendments/desk":
		if mediatorTeam(c) {
			return []int{200}
		}
		return []int{404}
	case "GET /api/v1/talks/{talks}/amendments/{amendment}":
		if c.party == "Russia" || mediatorTeam(c) {
			return []int{200}
		}
		return []int{404}
	case "POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/amendments":
		switch {
		case n == "working":
			return []int{404}
		case c.party == "Observers":
			return []int{403}
		}
		return []int{201}
	case "POST /api/v1/talks/{talks}/amendments/{amendment}/withdraw":
		// Russia's shared amendment: its first member withdraws it, the
		// others find it withdrawn; the mediator's team sees it but may
		// not withdraw it; Ukraine does not see it.
		switch {
		case c.party == "Russia":
			return []int{200, 409}
		case c.party == "Ukraine":
			return []int{404}
		}
		return []int{403}
	case "GET /api/v1/talks/{talks}/drafts/{n}/amendments/export":
		if n == "working" {
			return []int{404}
		}
		return []int{200} // every member sees Ukraine's released amendment
	case "POST /api/v1/talks/{talks}/amendments/{amendment}/decision":
		if isMed {
			return []int{200, 409} // 409 once withdrawn
		}
		return []int{403}
	}
	return nil
}

// comments adds the matrix's comment threads on draft d's point, with
// their tagged secrets: Russia's own, Russia's shared with the mediator
// (the one the routes name), the mediator team's internal one, and
// Ukraine's to all.
func (w *world) comments(t *testing.T, ws *workspace.Service, ids map[string]context.Context, d *parley.Draft) {
	t.Helper()
	add := func(who string, in parley.CommentInput) *parley.Comment {
		c, err := ws.AddComment(ids[who], w.talks, d.Number, w.point, in)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	own := add("ru-adviser", parley.CommentInput{Text: "COMMENT-Russia-own", Visibility: parley.VisibleToParty})
	shared := add("ru-principal", parley.CommentInput{Text: "COMMENT-Russia-shared", Quote: "TABLED", Visibility: parley.VisibleToPartyMediator})
	add("mediator", parley.CommentInput{Text: "COMMENT-Mediator-reply", ReplyTo: shared.ID})
	internal := add("med-adviser", parley.CommentInput{Text: "COMMENT-Mediator-internal", Visibility: parley.VisibleToParty})
	add("ua-negotiator", parley.CommentInput{Text: "COMMENT-Ukraine-all", Visibility: parley.VisibleToAll})
	w.comment = shared.ID
	russiaAndMediator := func(c caller) bool { return c.party == "Russia" || mediatorTeam(c) }
	w.secrets = append(w.secrets,
		secret{"COMMENT-Russia-own", of("Russia")},
		secret{"COMMENT-Russia-shared", russiaAndMediator},
		secret{"COMMENT-Mediator-reply", russiaAndMediator},
		secret{"COMMENT-Mediator-internal", mediatorTeam},
		secret{"COMMENT-Ukraine-all", member},
		secret{fmt.Sprintf("/comments/%d\"", own.ID), of("Russia")},
		secret{fmt.Sprintf("/comments/%d\"", internal.ID), mediatorTeam},
	)
}

// expectedComments returns the statuses the rules allow caller c on a
// comment route of its own talks, or nil for a route that is not one.
func expectedComments(route string, c caller, n string) []int {
	switch route {
	case "GET /api/v1/talks/{talks}/drafts/{n}/points/{point}/comments":
		if n == "working" {
			return []int{404}
		}
		return []int{200}
	case "POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/comments":
		switch {
		case n == "working":
			return []int{404}
		case c.party == "Observers":
			return []int{403}
		}
		return []int{201}
	case "PUT /api/v1/talks/{talks}/comments/{comment}/resolved":
		// Russia's thread shared with the mediator.
		switch {
		case c.party == "Observers":
			return []int{403}
		case c.party == "Russia" || mediatorTeam(c):
			return []int{200}
		}
		return []int{404}
	}
	return nil
}

// TestAmendmentExportPolicy reads the amendment export, a file the
// matrix's JSON reader does not look into, as every caller in the three
// formats (the Word document's text read out of its package) and checks
// it for the tagged secrets: 0 leaks.
func TestAmendmentExportPolicy(t *testing.T) {
	t.Parallel()
	w := buildWorld(t)
	cases, leaks := 0, 0
	for _, format := range []string{"akn", "docx", "md"} {
		for _, c := range callers {
			req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/talks/%d/drafts/1/amendments/export?format=%s", w.base, w.talks, format), nil)
			if tok := w.tokens[c.name]; tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if format == "docx" && resp.StatusCode == http.StatusOK {
				body = wordText(t, body)
			}
			cases++
			if want := member(c); want != (resp.StatusCode == http.StatusOK) {
				t.Errorf("the %s export as %s: got %d, want 200 for members alone", format, c.name, resp.StatusCode)
			}
			for _, s := range w.secrets {
				if !s.may(c) && strings.Contains(string(body), s.text) {
					leaks++
					t.Errorf("LEAK: the %s export as %s holds %q", format, c.name, s.text)
				}
			}
		}
	}
	t.Logf("amendment export: %d cases, %d leaks", cases, leaks)
}

// wordText returns word/document.xml of a DOCX package.
func wordText(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the Word export is no package: %v", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
