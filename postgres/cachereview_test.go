package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
	"github.com/parley-talks/parley/postgres"
	"github.com/parley-talks/parley/postgres/pgtest"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// generation reads the database's cache generation behind the store's
// back (0 before the first write that raises it).
func generation(t *testing.T, db *postgres.DB) int64 {
	t.Helper()
	var g int64
	err := db.SQL().QueryRowContext(context.Background(),
		`SELECT COALESCE((SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'cache_generation'), 0)`).Scan(&g)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// demoDB opens a fresh database holding the demo talks, with no broker.
func demoDB(t *testing.T) (context.Context, *postgres.DB, *workspace.Service, int64) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.DSN(t), seal.Key{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ws := workspace.New(db)
	tid, err := demo.Load(ctx, ws)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, db, ws, tid
}

// memberNamed returns the member of talks tid with user name user.
func memberNamed(ctx context.Context, tx parley.Tx, tid int64, user string) (*parley.Member, error) {
	ms, err := tx.Members(ctx, tid)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Username == user {
			return &m, nil
		}
	}
	return nil, parley.NotFound("member")
}

// TestEveryCachedChangeRaisesTheGeneration runs each store write that
// changes what the write cache (members, talks, parties, drafts) or the
// session cache (sessions, accounts, standing) keeps, and checks that it
// raised the database's generation — the one thing that makes every
// instance's next write, and (with its notification) every instance's
// session cache, forget what it kept. Writes that change none of it
// (a stance, a sign-in) must not raise it, or the caches never hold.
func TestEveryCachedChangeRaisesTheGeneration(t *testing.T) {
	ctx, db, ws, tid := demoDB(t)
	if _, _, err := ws.SignIn(ctx, "ukraine", demo.Password, ""); err != nil {
		t.Fatal(err)
	}
	account := func(tx parley.Tx, name string) *parley.Account {
		a, err := tx.AccountByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	now := time.Now().UTC().Truncate(time.Second)
	cases := []struct {
		name  string
		raise bool
		fn    func(tx parley.Tx) error
	}{
		{"sign-in attempt counted", false, func(tx parley.Tx) error {
			return tx.SetLastSignIn(ctx, account(tx, "ukraine").ID, now)
		}},
		{"password changed", true, func(tx parley.Tx) error {
			a := account(tx, "ukraine")
			a.PasswordHash = "changed"
			return tx.UpdateAccount(ctx, a)
		}},
		{"account disabled", true, func(tx parley.Tx) error {
			a := account(tx, "russia-aide")
			a.DisabledAt = &now
			return tx.UpdateAccount(ctx, a)
		}},
		{"signed out", true, func(tx parley.Tx) error { return tx.DeleteSession(ctx, []byte("no such token")) }},
		{"signed out everywhere", true, func(tx parley.Tx) error {
			return tx.DeleteSessionsOf(ctx, account(tx, "ukraine").ID)
		}},
		{"other sessions ended", true, func(tx parley.Tx) error {
			return tx.DeleteSessionsOfExcept(ctx, account(tx, "ukraine").ID, []byte("keep"))
		}},
		{"talks require passkeys", true, func(tx parley.Tx) error { return tx.SetTalksRequirePasskey(ctx, tid, true) }},
		{"talks no longer require passkeys", true, func(tx parley.Tx) error { return tx.SetTalksRequirePasskey(ctx, tid, false) }},
		{"role changed", true, func(tx parley.Tx) error {
			m, err := memberNamed(ctx, tx, tid, "russia-aide")
			if err != nil {
				return err
			}
			m.Role = parley.RoleObserver
			return tx.UpdateMemberRole(ctx, m)
		}},
		{"talks concluded", true, func(tx parley.Tx) error {
			tk, err := tx.Talks(ctx, tid)
			if err != nil {
				return err
			}
			return tx.UpdateTalks(ctx, tk)
		}},
		{"working draft discarded", true, func(tx parley.Tx) error { return tx.DeleteWorkingDraft(ctx, tid) }},
		{"member removed", true, func(tx parley.Tx) error {
			m, err := memberNamed(ctx, tx, tid, "russia-aide")
			if err != nil {
				return err
			}
			return tx.DeleteMember(ctx, tid, m.ID)
		}},
	}
	for _, c := range cases {
		before := generation(t, db)
		if err := db.Update(ctx, c.fn); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if after := generation(t, db); (after != before) != c.raise {
			t.Errorf("%s: the generation went from %d to %d; changed: want %v", c.name, before, after, c.raise)
		}
	}
}

// TestRolledBackReadsAreNotKept: a write transaction that rolls back
// leaves nothing of what it read in the write cache. A member is deleted
// behind the store's back (which raises no generation) after a write
// transaction read it: if that transaction committed, the next write
// still finds the member (which shows the cache is used); if it rolled
// back, the next write must read the database and find none.
func TestRolledBackReadsAreNotKept(t *testing.T) {
	for _, commit := range []bool{true, false} {
		ctx, db, _, tid := demoDB(t)
		// What the demo's writes read is of an older generation from here.
		if err := db.Update(ctx, func(tx parley.Tx) error { return tx.DeleteSession(ctx, []byte("none")) }); err != nil {
			t.Fatal(err)
		}
		var m *parley.Member
		err := db.Update(ctx, func(tx parley.Tx) error {
			var err error
			if m, err = memberNamed(ctx, tx, tid, "russia-aide"); err != nil {
				return err
			}
			if _, err := tx.MemberOf(ctx, tid, m.AccountID); err != nil {
				return err
			}
			if _, err := tx.Drafts(ctx, tid); err != nil {
				return err
			}
			if !commit {
				return errors.New("roll back")
			}
			return nil
		})
		if commit != (err == nil) {
			t.Fatalf("commit %v: %v", commit, err)
		}
		if _, err := db.SQL().ExecContext(ctx, `DELETE FROM members WHERE id = $1`, m.ID); err != nil {
			t.Fatal(err)
		}
		err = db.Update(ctx, func(tx parley.Tx) error {
			_, err := tx.MemberOf(ctx, tid, m.AccountID)
			return err
		})
		if commit && err != nil {
			t.Errorf("after a committed read, the next write read the database (%v): the cache is not used, the test proves nothing", err)
		}
		if !commit && parley.ErrorCode(err) != parley.ENOTFOUND {
			t.Errorf("after a rolled-back read, a member deleted since: got %v, want not found", err)
		}
	}
}

// TestAuditVerifiesAfterConcurrentWritesOnTwoInstances: two instances,
// four writers each, write stances at once; every write leaves exactly
// one audit record (none lost to the one-statement append's size check,
// none doubled by its fallback), and the log verifies.
func TestAuditVerifiesAfterConcurrentWritesOnTwoInstances(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	before, err := b.ws.VerifyAudit(ctx, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	d5, err := a.ws.GetDraft(a.as(t, "russia-envoy", ""), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	points := d5.Markable()
	users := []string{"russia-envoy", "russia-aide", "ukraine", "ukraine-negotiator"}
	values := []parley.StanceValue{parley.Acceptable, parley.NeedsDiscussion, parley.Unsuitable}
	const rounds = 6
	var wg sync.WaitGroup
	errs := make(chan error, 8*rounds)
	for _, in := range []*instance{a, b} {
		for _, u := range users {
			c := in.as(t, u, "")
			wg.Go(func() {
				for i := range rounds {
					p := points[i%len(points)]
					if _, err := in.ws.SetStance(c, tid, 5, p.ID, parley.StanceInput{Value: values[i%3], Rationale: u}); err != nil {
						errs <- err
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a concurrent write failed: %v", err)
	}
	for _, in := range []*instance{a, b} {
		rep, err := in.ws.VerifyAudit(ctx, nil, "")
		if err != nil {
			t.Fatalf("audit verify after concurrent writes on two instances: %v", err)
		}
		if want := before.Records + int64(2*len(users)*rounds); rep.Records != want {
			t.Errorf("after %d writes: %d audit records, want %d", 2*len(users)*rounds, rep.Records, want)
		}
	}
}

// TestDisabledAccountLeavesTheSessionCache: an account disabled on A (its
// standing written, as an administrator does, without deleting its
// sessions first) is refused at once by A, whose cache held its session,
// and by B as soon as B hears A's announcement; so is a session whose
// account's password changed.
func TestDisabledAccountLeavesTheSessionCache(t *testing.T) {
	ctx, a, b, _ := twoInstances(t)
	for _, change := range []string{"disable", "password"} {
		user := map[string]string{"disable": "russia-aide", "password": "ukraine"}[change]
		token, acc, err := a.ws.SignIn(ctx, user, demo.Password, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []*instance{a, b} {
			if _, err := in.ws.Authenticate(ctx, token); err != nil {
				t.Fatalf("%s: a fresh token: %v", change, err)
			}
		}
		err = a.db.Update(ctx, func(tx parley.Tx) error {
			ac, err := tx.AccountByID(ctx, acc.ID)
			if err != nil {
				return err
			}
			if change == "disable" {
				now := time.Now()
				ac.DisabledAt = &now
				return tx.UpdateAccount(ctx, ac)
			}
			ac.PasswordHash = "changed"
			if err := tx.UpdateAccount(ctx, ac); err != nil {
				return err
			}
			return tx.DeleteSessionsOf(ctx, ac.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.ws.Authenticate(ctx, token); err == nil {
			t.Errorf("%s: A still accepts the token at once", change)
		}
		for deadline := time.Now().Add(5 * time.Second); ; {
			if _, err := b.ws.Authenticate(ctx, token); err != nil {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s: B still accepts the token 5 s later", change)
				break
			}
			time.Sleep(5 * time.Millisecond) // polling a condition, with a deadline
		}
	}
}

// TestRestoredGenerationDoesNotReviveTheCache: a database taken back to
// a backup (restored under running instances, which reconnect) goes back
// to the generation the backup was taken at. If generations counted up,
// the next raise on B would bring it to the very number whose entries A
// still keeps from before the restore, and A's next write would take a
// member the restored database does not have (here: its old role). Each
// generation must name one state of the database only.
func TestRestoredGenerationDoesNotReviveTheCache(t *testing.T) {
	ctx, a, b, tid := twoInstances(t)
	raise := func(in *instance) {
		t.Helper()
		if err := in.db.Update(ctx, func(tx parley.Tx) error { return tx.DeleteSession(ctx, []byte("none")) }); err != nil {
			t.Fatal(err)
		}
	}
	aide := func(in *instance) *parley.Member {
		t.Helper()
		var m *parley.Member
		err := in.db.Update(ctx, func(tx parley.Tx) error {
			acc, err := tx.AccountByUsername(ctx, "russia-aide")
			if err != nil {
				return err
			}
			m, err = tx.MemberOf(ctx, tid, acc.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	var backup string
	if err := a.db.SQL().QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'cache_generation'`).Scan(&backup); err != nil {
		t.Fatal(err)
	}
	raise(a)
	if got := aide(a); got.Role != parley.RoleAdviser {
		t.Fatalf("russia-aide is %s, want %s", got.Role, parley.RoleAdviser)
	}
	// The restore: the backup's members and generation.
	for _, q := range []string{
		`UPDATE members SET role = 'observer' WHERE account_id = (SELECT id FROM accounts WHERE username = 'russia-aide')`,
		`UPDATE settings SET value = '` + backup + `' WHERE key = 'cache_generation'`,
	} {
		if _, err := a.db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raise(b)
	if got := aide(a); got.Role != parley.RoleObserver {
		t.Errorf("after a restore and one change on B, A's write sees russia-aide as %s, want %s (the restored role)", got.Role, parley.RoleObserver)
	}
}
