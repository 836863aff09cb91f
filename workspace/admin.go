package workspace

import (
	"context"
	"strings"
	"time"

	"github.com/parley-talks/parley"
)

// Administration: what an administrator does to the accounts of the
// workspace — list them, create them, disable and enable them, give and
// take the administrator's and the talks-opening rights, issue one-time
// password links (passwordlink.go) and clear the sign-in failures that
// hold an account back. Every operation opens with administer, the one
// check (parley.CanAdminister); anyone else is told there is nothing
// there (ENOTFOUND). Every change is written to the audit log as an
// "admin.…" record about no talks, which the administration page shows.

// AccountSummary is an account as the administrator sees it: never its
// password hash, never its sessions' tokens.
type AccountSummary struct {
	parley.Account
	// LastSignInAt is when the account last signed in, nil if never.
	LastSignInAt *time.Time `json:"last_sign_in_at,omitempty"`
	// FailedSignIns counts the failed sign-ins on the account in the
	// current window (SignInWindow), from anywhere.
	FailedSignIns int `json:"failed_sign_ins"`
	// LockedOut is set when failures hold the account back: some address
	// has reached MaxFailuresPerAccount on it, or it has reached
	// MaxFailuresAnywhere. UnlockAccount clears them.
	LockedOut bool `json:"locked_out"`
}

// AccountChange changes an account's standing; each field set is one
// change, with its own audit record.
type AccountChange struct {
	Disabled       *bool `json:"disabled,omitempty"`
	Admin          *bool `json:"admin,omitempty"`
	MayCreateTalks *bool `json:"may_create_talks,omitempty"`
}

// administer is the opening of every administrative operation: it returns
// the calling account when it may administer (parley.CanAdminister), and
// ENOTFOUND otherwise, so that administration does not even show itself
// to others. The operator (AsOperator) may too; it has no account.
func (s *Service) administer(ctx context.Context, tx parley.Tx) (*parley.Account, error) {
	if isOperator(ctx) && AccountID(ctx) == 0 {
		return nil, nil
	}
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	a, err := tx.AccountByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !parley.CanAdminister(a) {
		return nil, parley.NotFound("page")
	}
	return a, nil
}

// MayAdminister reports whether the caller may administer the accounts,
// for pages to show the way there; every operation checks again.
func (s *Service) MayAdminister(ctx context.Context) bool { return s.checkAdminister(ctx) == nil }

// checkAdminister is administer in a transaction of its own.
func (s *Service) checkAdminister(ctx context.Context) error {
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		_, err := s.administer(ctx, tx)
		return err
	})
	return failed(err, "checking the right to administer")
}

// ListAccounts lists every account, by user name, with its last sign-in
// and its sign-in failures.
func (s *Service) ListAccounts(ctx context.Context) ([]AccountSummary, error) {
	out := []AccountSummary{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, err := s.administer(ctx, tx); err != nil {
			return err
		}
		all, err := tx.Accounts(ctx)
		if err != nil {
			return err
		}
		last, err := tx.LastSignIns(ctx)
		if err != nil {
			return err
		}
		for _, a := range all {
			sum := AccountSummary{Account: a}
			if at, ok := last[a.ID]; ok {
				sum.LastSignInAt = &at
			}
			if sum.FailedSignIns, sum.LockedOut, err = s.failures(ctx, tx, a.Username); err != nil {
				return err
			}
			out = append(out, sum)
		}
		return nil
	})
	return out, failed(err, "listing the accounts")
}

// failures reads the sign-in counts on the account username in the
// current window: the failures from anywhere, and whether they hold the
// account back (see SignIn's limits).
func (s *Service) failures(ctx context.Context, tx parley.Tx, username string) (int, bool, error) {
	key := "account:" + username
	counts, err := tx.SignInCounts(ctx, key, key+" from:", s.now().Add(-SignInWindow))
	if err != nil {
		return 0, false, err
	}
	n, locked := 0, false
	for _, c := range counts {
		if c.Key == key {
			n = c.Attempts
			locked = locked || c.Attempts >= MaxFailuresAnywhere
		} else {
			locked = locked || c.Attempts >= MaxFailuresPerAccount
		}
	}
	return n, locked, nil
}

// target runs an administrative change on the account username in one
// transaction: fn changes it and returns the records to write; then, if
// there are any, the account is stored and the records written.
func (s *Service) target(ctx context.Context, username string, fn func(tx parley.Tx, admin, a *parley.Account) ([]change, error)) (*parley.Account, error) {
	var a *parley.Account
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		admin, err := s.administer(ctx, tx)
		if err != nil {
			return err
		}
		if a, err = tx.AccountByUsername(ctx, username); err != nil {
			return err
		}
		changes, err := fn(tx, admin, a)
		if err != nil || len(changes) == 0 {
			return err
		}
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		for _, c := range changes {
			c.object = "accounts/" + a.Username
			if err := s.audit(ctx, tx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, failed(err, "administering account %q", username)
	}
	return a, nil
}

// ChangeAccount changes an account's standing: disables it (its sessions
// and password links end at once; it cannot sign in) or enables it again,
// makes it an administrator or not, gives or takes its right to open
// talks. An administrator cannot disable itself, and the last enabled
// administrator cannot be disabled nor lose the right (ECONFLICT).
func (s *Service) ChangeAccount(ctx context.Context, username string, in AccountChange) (*parley.Account, error) {
	return s.target(ctx, username, func(tx parley.Tx, admin, a *parley.Account) ([]change, error) {
		if in.Disabled == nil && in.Admin == nil && in.MayCreateTalks == nil {
			return nil, parley.Invalid("body", "say what to change: disabled, admin or may_create_talks")
		}
		wasAdmin := parley.CanAdminister(a)
		var out []change
		if in.Disabled != nil && *in.Disabled != a.Disabled() {
			c, err := s.setDisabled(ctx, tx, admin, a, *in.Disabled)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		if in.Admin != nil && *in.Admin != a.Admin {
			a.Admin = *in.Admin
			out = append(out, change{action: map[bool]string{true: "admin.account.grant-admin", false: "admin.account.revoke-admin"}[a.Admin]})
		}
		if in.MayCreateTalks != nil && *in.MayCreateTalks != a.MayCreateTalks {
			a.MayCreateTalks = *in.MayCreateTalks
			out = append(out, change{action: map[bool]string{true: "admin.account.grant-talks", false: "admin.account.revoke-talks"}[a.MayCreateTalks]})
		}
		if wasAdmin && !parley.CanAdminister(a) {
			if err := lastAdministrator(ctx, tx, a); err != nil {
				return nil, err
			}
		}
		return out, nil
	})
}

// setDisabled disables or enables a; disabling ends its sessions and its
// password links.
func (s *Service) setDisabled(ctx context.Context, tx parley.Tx, admin, a *parley.Account, disabled bool) (change, error) {
	if !disabled {
		a.DisabledAt = nil
		return change{action: "admin.account.enable"}, nil
	}
	if admin != nil && admin.ID == a.ID {
		return change{}, parley.Errorf(parley.ECONFLICT, "you cannot disable your own account")
	}
	now := s.now()
	a.DisabledAt = &now
	if err := tx.DeleteSessionsOf(ctx, a.ID); err != nil {
		return change{}, err
	}
	if err := tx.DeletePasswordLinksOf(ctx, a.ID); err != nil {
		return change{}, err
	}
	return change{action: "admin.account.disable"}, nil
}

// lastAdministrator refuses a change that leaves no enabled administrator
// but a, which is losing the right.
func lastAdministrator(ctx context.Context, tx parley.Tx, a *parley.Account) error {
	all, err := tx.Accounts(ctx)
	if err != nil {
		return err
	}
	for i := range all {
		if all[i].ID != a.ID && parley.CanAdminister(&all[i]) {
			return nil
		}
	}
	return parley.Errorf(parley.ECONFLICT, "%s is the last administrator; make another one first", a.Username)
}

// UnlockAccount forgets the failed sign-ins on an account, from anywhere
// and from each address, so that its member may try again at once.
func (s *Service) UnlockAccount(ctx context.Context, username string) error {
	_, err := s.target(ctx, username, func(tx parley.Tx, _, a *parley.Account) ([]change, error) {
		n, _, err := s.failures(ctx, tx, a.Username)
		if err != nil {
			return nil, err
		}
		if err := unlock(ctx, tx, a.Username); err != nil {
			return nil, err
		}
		return []change{{action: "admin.account.unlock", details: map[string]any{"failed_sign_ins": n}}}, nil
	})
	return err
}

// unlock forgets the sign-in counts on the account username.
func unlock(ctx context.Context, tx parley.Tx, username string) error {
	key := "account:" + username
	if err := tx.ClearSignInAttempts(ctx, key); err != nil {
		return err
	}
	return tx.ClearSignInAttemptsPrefix(ctx, key+" from:")
}

// AdminLog returns the administrative records of the audit log — those
// of administration ("admin.…"), of setting Parley up ("setup.…") and of
// password links used — newest first.
func (s *Service) AdminLog(ctx context.Context) ([]parley.AuditEntry, error) {
	out := []parley.AuditEntry{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, err := s.administer(ctx, tx); err != nil {
			return err
		}
		all, err := tx.AuditEntries(ctx, 0)
		if err != nil {
			return err
		}
		for i := len(all) - 1; i >= 0; i-- {
			if act := all[i].Record.Action; strings.HasPrefix(act, "admin.") || strings.HasPrefix(act, "setup.") || act == "account.password-reset" {
				out = append(out, all[i])
			}
		}
		return nil
	})
	return out, failed(err, "reading the administrative records")
}
