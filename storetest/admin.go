package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/parley-talks/parley"
)

// testAdministration checks what administration stores: an account's
// standing (administrator, right to open talks, disabled time) through
// CreateAccount and UpdateAccount, the list of accounts, last sign-ins,
// one-time password links (taken once) and the sign-in counts read and
// cleared by prefix, a '_' in a user name matching only itself.
func testAdministration(t *testing.T, s Store) {
	off := now.Add(time.Minute)
	a := &parley.Account{Username: "zed_one", DisplayName: "Zed", PasswordHash: "x", MayCreateTalks: true, CreatedAt: now}
	b := &parley.Account{Username: "amy", DisplayName: "Amy", PasswordHash: "y", Admin: true, CreatedAt: now}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, acc := range []*parley.Account{a, b} {
			if err := tx.CreateAccount(ctx, acc); err != nil {
				return err
			}
		}
		b.Admin, b.MayCreateTalks, b.DisabledAt = false, true, &off
		if err := tx.UpdateAccount(ctx, b); err != nil {
			return err
		}
		if err := tx.SetLastSignIn(ctx, a.ID, now); err != nil {
			return err
		}
		return tx.SetLastSignIn(ctx, a.ID, off)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = view(t, s, func(ctx context.Context, tx parley.Tx) error {
		all, err := tx.Accounts(ctx)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].Username != "amy" || all[1].Username != "zed_one" {
			t.Fatalf("Accounts: got %+v, want amy then zed_one", all)
		}
		if got := all[0]; got.Admin || !got.MayCreateTalks || got.DisabledAt == nil || !got.DisabledAt.Equal(off) {
			t.Errorf("amy after UpdateAccount: got admin %v, talks %v, disabled %v; want false, true, %v", got.Admin, got.MayCreateTalks, got.DisabledAt, off)
		}
		if got, err := tx.AccountByID(ctx, a.ID); err != nil || !got.MayCreateTalks || got.Disabled() {
			t.Errorf("AccountByID(zed_one): got %+v, %v; want enabled, may open talks", got, err)
		}
		last, err := tx.LastSignIns(ctx)
		if err != nil {
			return err
		}
		if len(last) != 1 || !last[a.ID].Equal(off) {
			t.Errorf("LastSignIns: got %v, want zed_one's latest, %v", last, off)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	passwordLinks(t, s, a.ID)
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error { return signInCountsByPrefix(ctx, t, tx) })
	if err != nil {
		t.Fatal(err)
	}
}

// passwordLinks checks one-time password links: found by hash, taken
// once, deleted when expired and by account.
func passwordLinks(t *testing.T, s Store, accountID int64) {
	t.Helper()
	h1, h2, h3 := []byte("link-one-hash-0123456789abcdefgh"), []byte("link-two-hash-0123456789abcdefgh"), []byte("link-three-hash-123456789abcdefg")
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for i, h := range [][]byte{h1, h2, h3} {
			l := &parley.PasswordLink{TokenHash: h, AccountID: accountID, CreatedAt: now, ExpiresAt: now.Add(time.Duration(i+1) * time.Hour)}
			if err := tx.CreatePasswordLink(ctx, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A clash aborts a PostgreSQL transaction: it gets one of its own.
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		return tx.CreatePasswordLink(ctx, &parley.PasswordLink{TokenHash: h1, AccountID: accountID, CreatedAt: now, ExpiresAt: now})
	})
	if code(err) != parley.ECONFLICT {
		t.Errorf("a second link of the same hash: got %v, want %s", err, parley.ECONFLICT)
	}
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.PasswordLink(ctx, h1)
		if err != nil {
			return err
		}
		if got.AccountID != accountID || !got.ExpiresAt.Equal(now.Add(time.Hour)) || !got.CreatedAt.Equal(now) {
			t.Errorf("PasswordLink: got %+v", got)
		}
		if taken, err := tx.TakePasswordLink(ctx, h1); err != nil || string(taken.TokenHash) != string(h1) {
			t.Errorf("TakePasswordLink: got %+v, %v; want the link", taken, err)
		}
		if _, err := tx.TakePasswordLink(ctx, h1); code(err) != parley.ENOTFOUND {
			t.Errorf("TakePasswordLink a second time: got %v, want %s", err, parley.ENOTFOUND)
		}
		if err := tx.DeleteExpiredPasswordLinks(ctx, now.Add(150*time.Minute)); err != nil {
			return err
		}
		if _, err := tx.PasswordLink(ctx, h2); code(err) != parley.ENOTFOUND {
			t.Errorf("an expired link after DeleteExpiredPasswordLinks: got %v, want %s", err, parley.ENOTFOUND)
		}
		if _, err := tx.PasswordLink(ctx, h3); err != nil {
			t.Errorf("a live link after DeleteExpiredPasswordLinks: %v", err)
		}
		if err := tx.DeletePasswordLinksOf(ctx, accountID); err != nil {
			return err
		}
		if _, err := tx.PasswordLink(ctx, h3); code(err) != parley.ENOTFOUND {
			t.Errorf("a link after DeletePasswordLinksOf: got %v, want %s", err, parley.ENOTFOUND)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// signInCountsByPrefix checks SignInCounts and ClearSignInAttemptsPrefix.
func signInCountsByPrefix(ctx context.Context, t *testing.T, tx parley.Tx) error {
	since := now.Add(-time.Hour)
	keys := []string{"account:zed_one", "account:zed_one from:10.0.0.1", "account:zed_one from:10.0.0.2",
		"account:zedxone from:10.0.0.1", "account:zed_onex from:10.0.0.1", "address:10.0.0.1"}
	for _, k := range keys {
		if _, _, err := tx.CountSignInAttempt(ctx, k, now, since); err != nil {
			return err
		}
	}
	if _, _, err := tx.CountSignInAttempt(ctx, keys[1], now, since); err != nil {
		return err
	}
	got, err := tx.SignInCounts(ctx, "account:zed_one", "account:zed_one from:", since)
	if err != nil {
		return err
	}
	want := map[string]int{keys[0]: 1, keys[1]: 2, keys[2]: 1}
	if len(got) != len(want) {
		t.Errorf("SignInCounts: got %+v, want %v", got, want)
	}
	for _, c := range got {
		if want[c.Key] != c.Attempts || !c.Since.Equal(now) {
			t.Errorf("SignInCounts: got %+v, want %d attempts since %v", c, want[c.Key], now)
		}
	}
	if late, err := tx.SignInCounts(ctx, "account:zed_one", "account:zed_one from:", now.Add(time.Minute)); err != nil || len(late) != 0 {
		t.Errorf("SignInCounts of windows begun after now: got %+v, %v; want none", late, err)
	}
	if err := tx.ClearSignInAttemptsPrefix(ctx, "account:zed_one from:"); err != nil {
		return err
	}
	left, err := tx.SignInCounts(ctx, "", "a", since)
	if err != nil {
		return err
	}
	var names []string
	for _, c := range left {
		names = append(names, c.Key)
	}
	if len(names) != 4 || names[0] != keys[0] || names[1] != keys[4] || names[2] != keys[3] || names[3] != keys[5] {
		t.Errorf("the counts after ClearSignInAttemptsPrefix: got %q, want %q", names, []string{keys[0], keys[4], keys[3], keys[5]})
	}
	if err := tx.ClearSignInAttemptsPrefix(ctx, ""); code(err) != parley.EINVALID {
		t.Errorf("ClearSignInAttemptsPrefix(\"\"): got %v, want %s", err, parley.EINVALID)
	}
	return nil
}
