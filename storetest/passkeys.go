package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/parley-talks/parley"
)

// testPasskeys checks passkeys, the requirements of a passkey and the
// sign-in method a session keeps.
func testPasskeys(t *testing.T, s Store) {
	a := &parley.Account{Username: "eritrea", DisplayName: "Eritrea", PasswordHash: "x", CreatedAt: now}
	b := &parley.Account{Username: "ethiopia", DisplayName: "Ethiopia", PasswordHash: "x", CreatedAt: now}
	pk := &parley.Passkey{AccountID: 0, CredentialID: []byte("cred-1"), PublicKey: []byte("pub"), SignCount: 3, Credential: []byte(`{}`), Name: "laptop", CreatedAt: now}
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, acc := range []*parley.Account{a, b} {
			if err := tx.CreateAccount(ctx, acc); err != nil {
				return err
			}
		}
		pk.AccountID = a.ID
		return tx.CreatePasskey(ctx, pk)
	})
	if err != nil {
		t.Fatal(err)
	}
	dup := *pk
	dup.ID, dup.AccountID = 0, b.ID
	if err := update(t, s, func(ctx context.Context, tx parley.Tx) error { return tx.CreatePasskey(ctx, &dup) }); code(err) != parley.ECONFLICT {
		t.Errorf("a credential ID registered twice: got %v, want %s", err, parley.ECONFLICT)
	}
	used := now.Add(time.Hour)
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		got, err := tx.PasskeyByCredentialID(ctx, []byte("cred-1"))
		if err != nil {
			return err
		}
		if got.ID != pk.ID || got.AccountID != a.ID || got.SignCount != 3 || got.Name != "laptop" || got.LastUsedAt != nil {
			t.Errorf("PasskeyByCredentialID: got %+v", got)
		}
		got.SignCount, got.LastUsedAt = 4, &used
		if err := tx.UsePasskey(ctx, got); err != nil {
			return err
		}
		if _, err := tx.PasskeyByCredentialID(ctx, []byte("nope")); code(err) != parley.ENOTFOUND {
			t.Errorf("a missing credential: got %v, want %s", err, parley.ENOTFOUND)
		}
		if err := tx.DeletePasskey(ctx, b.ID, pk.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("removing another account's passkey: got %v, want %s", err, parley.ENOTFOUND)
		}
		list, err := tx.Passkeys(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(list) != 1 || list[0].SignCount != 4 || list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(used) {
			t.Errorf("Passkeys after a use: got %+v", list)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkPasskeyFlags(t, s, a.ID)
	err = update(t, s, func(ctx context.Context, tx parley.Tx) error {
		if err := tx.DeletePasskey(ctx, a.ID, pk.ID); err != nil {
			return err
		}
		list, err := tx.Passkeys(ctx, a.ID)
		if len(list) != 0 {
			t.Errorf("Passkeys after removal: got %+v", list)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkPasskeyFlags checks the account's requirement and a session's
// method.
func checkPasskeyFlags(t *testing.T, s Store, accountID int64) {
	err := update(t, s, func(ctx context.Context, tx parley.Tx) error {
		for _, on := range []bool{true, true, false, true} {
			if err := tx.SetAccountRequiresPasskey(ctx, accountID, on); err != nil {
				return err
			}
			got, err := tx.AccountRequiresPasskey(ctx, accountID)
			if err != nil {
				return err
			}
			if got != on {
				t.Errorf("AccountRequiresPasskey after setting %v: got %v", on, got)
			}
		}
		if got, err := tx.TalksRequirePasskey(ctx, 12345); err != nil || got {
			t.Errorf("TalksRequirePasskey of talks never set: got %v, %v", got, err)
		}
		h1, h2 := []byte("pppppppppppppppppppppppppppppppp"), []byte("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")
		if err := tx.CreateSession(ctx, &parley.Session{TokenHash: h1, AccountID: accountID, CreatedAt: now, ExpiresAt: now.Add(time.Hour), Method: parley.SignedInWithPasskey}); err != nil {
			return err
		}
		if err := tx.CreateSession(ctx, &parley.Session{TokenHash: h2, AccountID: accountID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			return err
		}
		for h, want := range map[string]string{string(h1): parley.SignedInWithPasskey, string(h2): parley.SignedInWithPassword} {
			got, err := tx.SessionByTokenHash(ctx, []byte(h))
			if err != nil {
				return err
			}
			if got.Method != want {
				t.Errorf("a session's method: got %q, want %q", got.Method, want)
			}
		}
		// Ending sessions takes their methods with them.
		if err := tx.DeleteSession(ctx, h1); err != nil {
			return err
		}
		return tx.DeleteSessionsOf(ctx, accountID)
	})
	if err != nil {
		t.Fatal(err)
	}
}
