// Package storetest is the one conformance suite every parley.Store
// backend passes: SQLite always, PostgreSQL when PARLEY_TEST_POSTGRES_DSN
// names a server (see package pgtest). It checks the storage rules
// directly, then drives the whole workspace — the demo scenario, working
// drafts, decisions, messages, key rotation — over the backend and
// verifies the audit log and every stored row against it.
package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
)

// Store is a backend under test: a fresh, empty database.
type Store interface {
	parley.Store
	RotateMasterKey(ctx context.Context, newMaster seal.Key) (int, error)
}

// Run runs the suite; open returns a fresh, empty store each call. The
// cases run in parallel, each on a store of its own.
func Run(t *testing.T, open func(tb testing.TB) Store) {
	cases := []struct {
		name string
		test func(*testing.T, Store)
	}{
		{"accounts and sessions", testAccounts},
		{"an account's own sessions and password", testOwnSessions},
		{"administration", testAdministration},
		{"a failed update writes nothing", testRollback},
		{"tabled drafts are immutable", testDrafts},
		{"stance versions", testStances},
		{"marking finished", testMarkingFinished},
		{"interface preferences", testPreferences},
		{"reading ahead hides no write", testReadAhead},
		{"invitations and member changes", testInvitations},
		{"analysis runs and the issue space's version", testAnalysisRuns},
		{"carried-over stances", testCarriedStances},
		{"one point's stances, and many carried over at once", testPointStances},
		{"marks without the sealed fields", testStanceMarks},
		{"working draft versions", testWorkingDraftVersions},
		{"tabling keys", testTablingKeys},
		{"passkeys", testPasskeys},
		{"languages and translations", testLanguages},
		{"amendments", testAmendments},
		{"a take undone", testUntakeAmendment},
		{"corrections to a language's text", testCorrections},
		{"improvement shares and option wordings", testSettlement},
		{"comments", testComments},
		{"unread messages counted", testUnreadMessages},
		{"concurrent writes to one stance, racing a tabling", testConcurrentWrites},
		{"the workspace end to end", testWorkspace},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.test(t, open(t))
		})
	}
}

func code(err error) string { return parley.ErrorCode(err) }

func update(tb testing.TB, s parley.Store, fn func(ctx context.Context, tx parley.Tx) error) error {
	tb.Helper()
	ctx := context.Background()
	return s.Update(ctx, func(tx parley.Tx) error { return fn(ctx, tx) })
}

func view(tb testing.TB, s parley.Store, fn func(ctx context.Context, tx parley.Tx) error) error {
	tb.Helper()
	ctx := context.Background()
	return s.View(ctx, func(tx parley.Tx) error { return fn(ctx, tx) })
}

var now = time.Date(2025, 12, 2, 17, 0, 0, 0, time.UTC)

func testAccounts(t *testing.T, s Store) {
	a := &parley.Account{Username: "russia", DisplayName: "Russia", PasswordHash: "x", CreatedAt: now}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.CreateAccount(ctx, a) }); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 {
		t.Fatal("CreateAccount gave no id")
	}
	dup := &parley.Account{Username: "russia", PasswordHash: "y", CreatedAt: now}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.CreateAccount(ctx, dup) }); code(err) != parley.ECONFLICT {
		t.Errorf("a second account of the same name: got %v, want %s", err, parley.ECONFLICT)
	}
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.AccountByUsername(ctx, "russia")
		if err != nil {
			return err
		}
		if got.ID != a.ID || got.DisplayName != "Russia" || !got.CreatedAt.Equal(now) {
			t.Errorf("AccountByUsername: got %+v, want %+v", got, a)
		}
		if _, err := tx.AccountByID(ctx, a.ID+1000); code(err) != parley.ENOTFOUND {
			t.Errorf("a missing account: got %v, want %s", err, parley.ENOTFOUND)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	hash := []byte("0123456789abcdef0123456789abcdef")
	sess := &parley.Session{TokenHash: hash, AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.CreateSession(ctx, sess) }); err != nil {
		t.Fatal(err)
	}
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.SessionByTokenHash(ctx, hash)
		if err != nil {
			return err
		}
		if got.AccountID != a.ID || !got.ExpiresAt.Equal(sess.ExpiresAt) {
			t.Errorf("SessionByTokenHash: got %+v", got)
		}
		if err := tx.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil {
			return err
		}
		if _, err := tx.SessionByTokenHash(ctx, hash); code(err) != parley.ENOTFOUND {
			t.Errorf("an expired session after the purge: got %v, want not found", err)
		}
		return signInAttempts(ctx, t, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// signInAttempts checks the sign-in counts: one row per key, counted
// within a window, started again once the window has passed, taken back
// and pruned.
func signInAttempts(ctx context.Context, t *testing.T, tx parley.Tx) error {
	key := "account:russia"
	for i := range 3 {
		n, start, err := tx.CountSignInAttempt(ctx, key, now.Add(time.Duration(i)*time.Minute), now.Add(-time.Hour))
		if err != nil {
			return err
		}
		if n != i+1 || !start.Equal(now) {
			t.Errorf("attempt %d: got count %d since %v, want %d since %v", i+1, n, start, i+1, now)
		}
	}
	if err := tx.UncountSignInAttempt(ctx, key); err != nil {
		return err
	}
	later := now.Add(2 * time.Hour)
	n, start, err := tx.CountSignInAttempt(ctx, key, later, later.Add(-time.Hour))
	if err != nil {
		return err
	}
	if n != 1 || !start.Equal(later) {
		t.Errorf("after the window: got count %d since %v, want 1 since %v", n, start, later)
	}
	if n, _, _ := tx.CountSignInAttempt(ctx, "address:10.0.0.1", now, now.Add(-time.Hour)); n != 1 {
		t.Errorf("another key: got count %d, want 1", n)
	}
	if err := tx.PruneSignInAttempts(ctx, now.Add(time.Minute)); err != nil {
		return err
	}
	if n, _, _ := tx.CountSignInAttempt(ctx, "address:10.0.0.1", later, now.Add(-time.Hour)); n != 1 {
		t.Errorf("a pruned key: got count %d, want 1", n)
	}
	if err := tx.ClearSignInAttempts(ctx, key); err != nil {
		return err
	}
	if n, _, _ := tx.CountSignInAttempt(ctx, key, later, now.Add(-time.Hour)); n != 1 {
		t.Errorf("a cleared key: got count %d, want 1", n)
	}
	return nil
}

func testRollback(t *testing.T, s Store) {
	boom := errors.New("boom")
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateAccount(ctx, &parley.Account{Username: "ghost", PasswordHash: "x", CreatedAt: now}); err != nil {
			return err
		}
		if err := tx.PutSetting(ctx, "k", "v"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update returned %v, want the function's error", err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		if _, err := tx.AccountByUsername(ctx, "ghost"); code(err) != parley.ENOTFOUND {
			t.Errorf("an account from a failed update: got %v, want not found", err)
		}
		if v, _ := tx.Setting(ctx, "k"); v != "" {
			t.Errorf("a setting from a failed update: got %q", v)
		}
		empty, err := tx.Empty(ctx)
		if !empty {
			t.Error("the database is not empty after a failed update")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func talksWithDraft(t *testing.T, s Store) (int64, *parley.Draft) {
	t.Helper()
	tk := &parley.Talks{Title: "T", State: parley.TalksOpen, CreatedAt: now}
	d := &parley.Draft{Number: 1, Tabled: true, Title: "Draft 1", TabledAt: now, TabledBy: "mediator"}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateTalks(ctx, tk); err != nil {
			return err
		}
		d.TalksID, d.Points = tk.ID, nil // afresh on each attempt: the store may run fn again
		for i := 0; i < 3; i++ {
			id, err := tx.NewPointID(ctx, tk.ID)
			if err != nil {
				return err
			}
			d.Points = append(d.Points, parley.Point{ID: id, Kind: parley.KindPoint, Number: string(rune('1' + i)), Text: "text", Change: parley.ChangeNew})
		}
		return tx.PutDraft(ctx, d)
	})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID, d
}

func testDrafts(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	again := *d
	again.Title = "Rewritten"
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.PutDraft(ctx, &again) }); code(err) != parley.ECONFLICT {
		t.Errorf("storing draft 1 again: got %v, want %s", err, parley.ECONFLICT)
	}
	w := &parley.Draft{TalksID: tid, Number: 0, Title: "Working", Points: d.Points[:1]}
	for i := 0; i < 2; i++ { // the working draft replaces itself
		if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.PutDraft(ctx, w) }); err != nil {
			t.Fatalf("working draft, time %d: %v", i+1, err)
		}
	}
	err := view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.Draft(ctx, tid, 1)
		if err != nil {
			return err
		}
		if got.Title != "Draft 1" || len(got.Points) != 3 || got.Points[2].ID != d.Points[2].ID {
			t.Errorf("draft 1: got %+v", got)
		}
		list, err := tx.Drafts(ctx, tid)
		if len(list) != 1 {
			t.Errorf("Drafts lists %d drafts, want 1 (the working draft is not listed)", len(list))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testStances(t *testing.T, s Store) {
	tid, d := talksWithDraft(t, s)
	p := &parley.Party{TalksID: tid, Name: "Russia", Kind: parley.PartyParty}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.CreateParty(ctx, p); err != nil {
			return err
		}
		for i, v := range []parley.StanceValue{parley.Unsuitable, parley.NeedsDiscussion, parley.Acceptable} {
			st := &parley.Stance{TalksID: tid, Draft: 1, PointID: d.Points[0].ID, PartyID: p.ID, Value: v,
				Rationale: "reason " + string(v), ShareWithMediator: i == 1, RecordedBy: "russia", RecordedAt: now}
			if err := tx.PutStance(ctx, st); err != nil {
				return err
			}
			if st.Version != i+1 {
				t.Errorf("version: got %d, want %d", st.Version, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		cur, err := tx.Stances(ctx, tid, 1)
		if err != nil {
			return err
		}
		if len(cur) != 1 || cur[0].Value != parley.Acceptable || cur[0].Rationale != "reason acceptable" || cur[0].PartyName != "Russia" {
			t.Errorf("current stances: got %+v", cur)
		}
		h, err := tx.StanceHistory(ctx, tid, 1, d.Points[0].ID, p.ID)
		if len(h) != 3 || h[0].Value != parley.Unsuitable || !h[1].ShareWithMediator {
			t.Errorf("history: got %+v", h)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testOwnSessions checks what "my account" stores: a changed password and
// display name, the account's sessions listed, and all but one ended.
func testOwnSessions(t *testing.T, s Store) {
	a := &parley.Account{Username: "ukraine", DisplayName: "Ukraine", PasswordHash: "old", CreatedAt: now}
	other := &parley.Account{Username: "other", DisplayName: "Other", PasswordHash: "x", CreatedAt: now}
	hashes := [][]byte{[]byte("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), []byte("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), []byte("cccccccccccccccccccccccccccccccc")}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, acc := range []*parley.Account{a, other} {
			if err := tx.CreateAccount(ctx, acc); err != nil {
				return err
			}
		}
		for i, h := range hashes {
			owner := a.ID
			if i == 2 {
				owner = other.ID
			}
			at := now.Add(time.Duration(i) * time.Minute)
			if err := tx.CreateSession(ctx, &parley.Session{TokenHash: h, AccountID: owner, CreatedAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
				return err
			}
		}
		a.DisplayName, a.PasswordHash = "Ukraine (delegation)", "new"
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		if err := tx.UpdateAccount(ctx, &parley.Account{ID: other.ID + 1000}); code(err) != parley.ENOTFOUND {
			t.Errorf("updating a missing account: got %v, want %s", err, parley.ENOTFOUND)
		}
		got, err := tx.SessionsOf(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(got) != 2 || string(got[0].TokenHash) != string(hashes[0]) || !got[1].CreatedAt.Equal(now.Add(time.Minute)) {
			t.Errorf("SessionsOf: got %+v, want the first two sessions, oldest first", got)
		}
		return tx.DeleteSessionsOfExcept(ctx, a.ID, hashes[1])
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.AccountByID(ctx, a.ID)
		if err != nil {
			return err
		}
		if got.DisplayName != "Ukraine (delegation)" || got.PasswordHash != "new" {
			t.Errorf("after UpdateAccount: got %q %q, want the new display name and hash", got.DisplayName, got.PasswordHash)
		}
		for i, h := range hashes {
			_, err := tx.SessionByTokenHash(ctx, h)
			if want := i != 0; (err == nil) != want {
				t.Errorf("session %d after DeleteSessionsOfExcept: got %v, want kept %v", i, err, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
