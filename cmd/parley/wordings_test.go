package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/storetest"
	"github.com/parley-talks/parley/workspace"
)

// TestServeConvertsStanceWordings: a database holding a stance stored
// with proposed wording (as before wording became an amendment) is
// served: at start-up, after the migrations, the wording becomes
// Russia's amendment; served again, nothing more; the audit log verifies.
func TestServeConvertsStanceWordings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "talks.db")
	db, err := openDB(ctx, path, "", true, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ws := workspace.New(db)
	op := workspace.AsOperator(ctx)
	as := map[string]context.Context{}
	for _, u := range []string{"mediator", "russia"} {
		a, err := ws.CreateAccount(op, workspace.AccountInput{Username: u, Password: u + "-password"}, false)
		if err != nil {
			t.Fatal(err)
		}
		as[u] = workspace.WithAccount(ctx, a.ID)
	}
	tv, err := ws.CreateTalks(as["mediator"], workspace.TalksInput{Title: "Old round"})
	if err != nil {
		t.Fatal(err)
	}
	ru, err := ws.AddParty(as["mediator"], tv.ID, workspace.PartyInput{Name: "Russia"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.AddMember(as["mediator"], tv.ID, workspace.MemberInput{Username: "russia", Party: ru.ID, Role: parley.RolePrincipal}); err != nil {
		t.Fatal(err)
	}
	d, err := ws.TableDraft(as["mediator"], tv.ID, &parley.DraftInput{Points: []parley.PointInput{{Text: "The line is frozen."}}})
	if err != nil {
		t.Fatal(err)
	}
	storetest.PutOldStance(t, db, parley.Stance{TalksID: tv.ID, Draft: 1, PointID: d.Points[0].ID, PartyID: ru.ID, Value: parley.Unsuitable,
		ProposedWording: "OLD-WORDING the line moves", ShareWithMediator: true, RecordedBy: "russia", RecordedAt: time.Now()})
	db.Close()
	for range 2 {
		s := startServe(t, "--db", path)
		got := string(signInAPI(t, s.base, "russia", "russia-password").call("GET", fmt.Sprintf("/api/v1/talks/%d/amendments", tv.ID), nil, 200))
		if strings.Count(got, "OLD-WORDING the line moves") != 1 || !strings.Contains(got, `"kind":"replace"`) {
			t.Errorf("Russia's amendments once served: got %s, want the stance's wording as one replacement", got)
		}
		if err := s.stop(); err != nil {
			t.Fatal(err)
		}
	}
	if out := mustParley(t, "", "audit", "verify", "--db", path); !strings.Contains(out, "intact") {
		t.Errorf("audit verify after the conversion: got %q", out)
	}
}
