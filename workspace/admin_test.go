package workspace_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// adminFixture is a workspace with an administrator ("boss") and two
// other accounts, on a clock the test moves.
type adminFixture struct {
	ws          *workspace.Service
	now         *time.Time
	boss, alice context.Context
}

func newAdminFixture(t *testing.T) *adminFixture {
	t.Helper()
	ws := newService(t)
	now := time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)
	ws.Now = func() time.Time { return now }
	op := workspace.AsOperator(context.Background())
	boss := must[*parley.Account](t)(ws.CreateAccount(op, workspace.AccountInput{Username: "boss", Password: "password-boss", Admin: true}, false))
	return &adminFixture{ws: ws, now: &now, boss: workspace.WithAccount(context.Background(), boss.ID), alice: account(t, ws, "alice")}
}

// summary finds an account in the administrator's list.
func (f *adminFixture) summary(t *testing.T, username string) workspace.AccountSummary {
	t.Helper()
	for _, a := range must[[]workspace.AccountSummary](t)(f.ws.ListAccounts(f.boss)) {
		if a.Username == username {
			return a
		}
	}
	t.Fatalf("ListAccounts: no %s", username)
	return workspace.AccountSummary{}
}

// TestAdministrationRefusedToOthers: every administrative operation is
// not found for an account that is not an administrator, for an
// administrator once disabled or demoted, and unauthorized without an
// account; and it changes nothing.
func TestAdministrationRefusedToOthers(t *testing.T) {
	f := newAdminFixture(t)
	ws := f.ws
	yes := true
	ops := map[string]func(ctx context.Context) error{
		"ListAccounts": func(ctx context.Context) error { _, err := ws.ListAccounts(ctx); return err },
		"AdminCreateAccount": func(ctx context.Context) error {
			_, err := ws.AdminCreateAccount(ctx, workspace.AccountInput{Username: "intruder"})
			return err
		},
		"ChangeAccount": func(ctx context.Context) error {
			_, err := ws.ChangeAccount(ctx, "alice", workspace.AccountChange{Admin: &yes})
			return err
		},
		"ChangeAccount, empty": func(ctx context.Context) error {
			_, err := ws.ChangeAccount(ctx, "alice", workspace.AccountChange{})
			return err
		},
		"IssuePasswordLink": func(ctx context.Context) error { _, err := ws.IssuePasswordLink(ctx, "boss"); return err },
		"UnlockAccount":     func(ctx context.Context) error { return ws.UnlockAccount(ctx, "boss") },
		"AdminLog":          func(ctx context.Context) error { _, err := ws.AdminLog(ctx); return err },
	}
	// A second administrator, disabled, and a third, demoted.
	for _, name := range []string{"gone", "demoted"} {
		must[*workspace.NewAccount](t)(ws.AdminCreateAccount(f.boss, workspace.AccountInput{Username: name, Password: "password-" + name, Admin: true}))
	}
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "gone", workspace.AccountChange{Disabled: &yes}))
	no := false
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "demoted", workspace.AccountChange{Admin: &no}))
	callers := map[string]context.Context{"alice": f.alice, "gone": byName(t, ws, "gone"), "demoted": byName(t, ws, "demoted")}
	before := len(must[[]parley.AuditEntry](t)(ws.AdminLog(f.boss)))
	for name, op := range ops {
		for who, ctx := range callers {
			if err := op(ctx); code(err) != parley.ENOTFOUND {
				t.Errorf("%s as %s: got %v, want %s", name, who, err, parley.ENOTFOUND)
			}
		}
		if err := op(context.Background()); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("%s signed out: got %v, want %s", name, err, parley.EUNAUTHORIZED)
		}
	}
	if after := len(must[[]parley.AuditEntry](t)(ws.AdminLog(f.boss))); after != before {
		t.Errorf("the administrative records after the refusals: got %d, want %d (nothing changed)", after, before)
	}
	if a := f.summary(t, "alice"); a.Admin {
		t.Errorf("alice after the refusals: got an administrator")
	}
	if ws.MayAdminister(f.alice) || !ws.MayAdminister(f.boss) {
		t.Errorf("MayAdminister: got alice %v, boss %v; want false, true", ws.MayAdminister(f.alice), ws.MayAdminister(f.boss))
	}
}

// byName is the context of the account named name.
func byName(t *testing.T, ws *workspace.Service, name string) context.Context {
	t.Helper()
	var id int64
	err := ws.Store.View(context.Background(), func(tx parley.Tx) error {
		a, err := tx.AccountByUsername(context.Background(), name)
		if err == nil {
			id = a.ID
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return workspace.WithAccount(context.Background(), id)
}

// TestDisableAndEnable: disabling ends the account's sessions at once and
// refuses its sign-in with a wrong password's error; enabling lets it in.
// An administrator cannot disable itself, nor can the last administrator
// be disabled or demoted.
func TestDisableAndEnable(t *testing.T) {
	f := newAdminFixture(t)
	ws, ctx := f.ws, context.Background()
	yes, no := true, false
	token, _ := mustTwo[string, *parley.Account](t)(ws.SignIn(ctx, "alice", "password-alice", "10.0.0.1"))
	a := must[*parley.Account](t)(ws.ChangeAccount(f.boss, "alice", workspace.AccountChange{Disabled: &yes}))
	if !a.Disabled() || !a.DisabledAt.Equal(*f.now) {
		t.Errorf("ChangeAccount disabled: got disabled at %v, want %v", a.DisabledAt, *f.now)
	}
	if _, err := ws.Authenticate(ctx, token); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("alice's session after disabling: got %v, want %s", err, parley.EUNAUTHORIZED)
	}
	_, _, right := ws.SignIn(ctx, "alice", "password-alice", "10.0.0.1")
	_, _, wrong := ws.SignIn(ctx, "boss", "not the password", "10.0.0.2")
	if code(right) != parley.EUNAUTHORIZED || parley.ErrorMessage(right) != parley.ErrorMessage(wrong) {
		t.Errorf("signing in to a disabled account: got %v, want %v as for a wrong password", right, wrong)
	}
	if _, err := ws.CreateTalks(f.alice, workspace.TalksInput{Title: "Alone"}); err == nil {
		t.Errorf("a disabled account opening talks: got no error")
	}
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "alice", workspace.AccountChange{Disabled: &no}))
	mustTwo[string, *parley.Account](t)(ws.SignIn(ctx, "alice", "password-alice", "10.0.0.1"))

	if _, err := ws.ChangeAccount(f.boss, "boss", workspace.AccountChange{Disabled: &yes}); code(err) != parley.ECONFLICT {
		t.Errorf("the administrator disabling itself: got %v, want %s", err, parley.ECONFLICT)
	}
	if _, err := ws.ChangeAccount(f.boss, "boss", workspace.AccountChange{Admin: &no}); code(err) != parley.ECONFLICT {
		t.Errorf("the last administrator demoting itself: got %v, want %s", err, parley.ECONFLICT)
	}
	op := workspace.AsOperator(ctx)
	if _, err := ws.ChangeAccount(op, "boss", workspace.AccountChange{Disabled: &yes}); code(err) != parley.ECONFLICT {
		t.Errorf("the operator disabling the last administrator: got %v, want %s", err, parley.ECONFLICT)
	}
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "alice", workspace.AccountChange{Admin: &yes}))
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "boss", workspace.AccountChange{Admin: &no}))
	if ws.MayAdminister(f.boss) || !ws.MayAdminister(f.alice) {
		t.Errorf("after boss handed over to alice: got boss %v, alice %v; want false, true", ws.MayAdminister(f.boss), ws.MayAdminister(f.alice))
	}
	if _, err := ws.ChangeAccount(f.alice, "nobody", workspace.AccountChange{Admin: &yes}); code(err) != parley.ENOTFOUND {
		t.Errorf("changing an account that does not exist: got %v, want %s", err, parley.ENOTFOUND)
	}
	if _, err := ws.ChangeAccount(f.alice, "boss", workspace.AccountChange{}); code(err) != parley.EINVALID {
		t.Errorf("a change of nothing: got %v, want %s", err, parley.EINVALID)
	}
	checkRecords(t, ws, f.alice, "admin.account.disable", "admin.account.enable", "admin.account.grant-admin", "admin.account.revoke-admin")
	checkVerified(t, ws)
}

func mustTwo[A, B any](tb testing.TB) func(A, B, error) (A, B) {
	return func(a A, b B, err error) (A, B) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return a, b
	}
}

// checkRecords checks that the administrative records hold each action.
func checkRecords(t *testing.T, ws *workspace.Service, admin context.Context, actions ...string) {
	t.Helper()
	var got []string
	for _, e := range must[[]parley.AuditEntry](t)(ws.AdminLog(admin)) {
		got = append(got, e.Record.Action)
		if e.Record.Talks != 0 {
			t.Errorf("administrative record %d: got talks %d, want none", e.Index, e.Record.Talks)
		}
	}
	for _, a := range actions {
		if !slices.Contains(got, a) {
			t.Errorf("AdminLog: got %q, want a %s record", got, a)
		}
	}
}

// checkVerified checks the audit log and every row against it: each
// administrative change was recorded with the rows it wrote.
func checkVerified(t *testing.T, ws *workspace.Service) {
	t.Helper()
	if _, err := ws.VerifyAudit(context.Background(), nil, ""); err != nil {
		t.Errorf("VerifyAudit after administration: %v", err)
	}
}

// TestRightToOpenTalks: an account created without the right may not open
// talks (EFORBIDDEN) until an administrator gives it; accounts created as
// before have it.
func TestRightToOpenTalks(t *testing.T) {
	f := newAdminFixture(t)
	ws := f.ws
	no, yes := false, true
	if _, err := ws.CreateTalks(f.alice, workspace.TalksInput{Title: "Alice's"}); err != nil {
		t.Errorf("an account created as before opening talks: %v", err)
	}
	n := must[*workspace.NewAccount](t)(ws.AdminCreateAccount(f.boss, workspace.AccountInput{Username: "bob", Password: "password-bob", MayCreateTalks: &no}))
	if n.Link != nil || n.Account.MayCreateTalks {
		t.Errorf("AdminCreateAccount with a password and no right: got link %v, right %v; want neither", n.Link, n.Account.MayCreateTalks)
	}
	bob := workspace.WithAccount(context.Background(), n.Account.ID)
	if _, err := ws.CreateTalks(bob, workspace.TalksInput{Title: "Bob's"}); code(err) != parley.EFORBIDDEN {
		t.Errorf("opening talks without the right: got %v, want %s", err, parley.EFORBIDDEN)
	}
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "bob", workspace.AccountChange{MayCreateTalks: &yes}))
	if _, err := ws.CreateTalks(bob, workspace.TalksInput{Title: "Bob's"}); err != nil {
		t.Errorf("opening talks with the right: %v", err)
	}
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "alice", workspace.AccountChange{MayCreateTalks: &no}))
	if _, err := ws.CreateTalks(f.alice, workspace.TalksInput{Title: "Alice's second"}); code(err) != parley.EFORBIDDEN {
		t.Errorf("opening talks after the right was withdrawn: got %v, want %s", err, parley.EFORBIDDEN)
	}
	if _, err := ws.AdminCreateAccount(f.boss, workspace.AccountInput{Username: "bob"}); code(err) != parley.ECONFLICT {
		t.Errorf("a second bob: got %v, want %s", err, parley.ECONFLICT)
	}
	if _, err := ws.AdminCreateAccount(f.boss, workspace.AccountInput{Username: "carol", Password: "password"}); code(err) != parley.EINVALID {
		t.Errorf("a common password: got %v, want %s", err, parley.EINVALID)
	}
	checkRecords(t, ws, f.boss, "admin.account.create", "admin.account.grant-talks", "admin.account.revoke-talks")
	checkVerified(t, ws)
}

// TestPasswordLinks: a new account without a password gets a link that
// sets it; a reset link keeps the old password until it is used, then
// ends every session, forgets the failures and dies; a newer link
// replaces an older; a link expires; a disabled account's link dies.
func TestPasswordLinks(t *testing.T) {
	f := newAdminFixture(t)
	ws, ctx := f.ws, context.Background()
	n := must[*workspace.NewAccount](t)(ws.AdminCreateAccount(f.boss, workspace.AccountInput{Username: "dave", DisplayName: "Dave"}))
	if n.Link == nil || n.Link.Path != workspace.PasswordLinkPath+n.Link.Token || !n.Link.ExpiresAt.Equal(f.now.Add(workspace.PasswordLinkTTL)) {
		t.Fatalf("AdminCreateAccount without a password: got link %+v, want one lasting PasswordLinkTTL", n.Link)
	}
	if a := must[*parley.Account](t)(ws.CheckPasswordLink(ctx, n.Link.Token)); a.Username != "dave" {
		t.Errorf("CheckPasswordLink: got %s, want dave", a.Username)
	}
	if _, err := ws.UsePasswordLink(ctx, n.Link.Token, workspace.PasswordReset{Password: "dave's own words", Confirm: "other words"}); code(err) != parley.EINVALID {
		t.Errorf("an unconfirmed password: got %v, want %s", err, parley.EINVALID)
	}
	must[*parley.Account](t)(ws.UsePasswordLink(ctx, n.Link.Token, workspace.PasswordReset{Password: "dave's own words", Confirm: "dave's own words"}))
	if _, err := ws.UsePasswordLink(ctx, n.Link.Token, workspace.PasswordReset{Password: "dave's next words", Confirm: "dave's next words"}); code(err) != parley.ENOTFOUND {
		t.Errorf("a link used twice: got %v, want %s", err, parley.ENOTFOUND)
	}
	old, _ := mustTwo[string, *parley.Account](t)(ws.SignIn(ctx, "dave", "dave's own words", "10.0.0.1"))
	if last := f.summary(t, "dave").LastSignInAt; last == nil || !last.Equal(*f.now) {
		t.Errorf("dave's last sign-in: got %v, want %v", last, *f.now)
	}

	// A reset: failures, two links (the first replaced), the old password
	// good until the link is used.
	for range workspace.MaxFailuresPerAccount {
		ws.SignIn(ctx, "dave", "wrong", "10.0.0.9")
	}
	if s := f.summary(t, "dave"); s.FailedSignIns != workspace.MaxFailuresPerAccount || !s.LockedOut {
		t.Errorf("dave after %d failures: got %d failures, locked %v", workspace.MaxFailuresPerAccount, s.FailedSignIns, s.LockedOut)
	}
	first := must[*workspace.IssuedLink](t)(ws.IssuePasswordLink(f.boss, "dave"))
	second := must[*workspace.IssuedLink](t)(ws.IssuePasswordLink(f.boss, "dave"))
	if _, err := ws.CheckPasswordLink(ctx, first.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("a replaced link: got %v, want %s", err, parley.ENOTFOUND)
	}
	must[*parley.Account](t)(ws.Authenticate(ctx, old))
	must[*parley.Account](t)(ws.UsePasswordLink(ctx, second.Token, workspace.PasswordReset{Password: "a reset phrase", Confirm: "a reset phrase"}))
	if _, err := ws.Authenticate(ctx, old); code(err) != parley.EUNAUTHORIZED {
		t.Errorf("an old session after the reset: got %v, want %s", err, parley.EUNAUTHORIZED)
	}
	if s := f.summary(t, "dave"); s.FailedSignIns != 0 || s.LockedOut {
		t.Errorf("dave after the reset: got %d failures, locked %v; want none", s.FailedSignIns, s.LockedOut)
	}
	mustTwo[string, *parley.Account](t)(ws.SignIn(ctx, "dave", "a reset phrase", "10.0.0.9"))

	// Expiry, and a disabled account.
	late := must[*workspace.IssuedLink](t)(ws.IssuePasswordLink(f.boss, "dave"))
	*f.now = f.now.Add(workspace.PasswordLinkTTL)
	if _, err := ws.CheckPasswordLink(ctx, late.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("an expired link: got %v, want %s", err, parley.ENOTFOUND)
	}
	live := must[*workspace.IssuedLink](t)(ws.IssuePasswordLink(f.boss, "dave"))
	yes := true
	must[*parley.Account](t)(ws.ChangeAccount(f.boss, "dave", workspace.AccountChange{Disabled: &yes}))
	if _, err := ws.CheckPasswordLink(ctx, live.Token); code(err) != parley.ENOTFOUND {
		t.Errorf("the link of a disabled account: got %v, want %s", err, parley.ENOTFOUND)
	}
	if _, err := ws.IssuePasswordLink(f.boss, "dave"); code(err) != parley.ECONFLICT {
		t.Errorf("a link for a disabled account: got %v, want %s", err, parley.ECONFLICT)
	}
	for _, bad := range []string{"", "not-a-token", first.Token} {
		if _, err := ws.CheckPasswordLink(ctx, bad); code(err) != parley.ENOTFOUND {
			t.Errorf("CheckPasswordLink(%q): got %v, want %s", bad, err, parley.ENOTFOUND)
		}
	}
	checkRecords(t, ws, f.boss, "admin.account.create", "admin.account.reset-link", "account.password-reset", "admin.account.disable")
	checkVerified(t, ws)
}

// TestUnlockAccount: an address that failed too often on an account is
// refused even the right password; unlocking forgets the failures.
func TestUnlockAccount(t *testing.T) {
	f := newAdminFixture(t)
	ws, ctx := f.ws, context.Background()
	for range workspace.MaxFailuresPerAccount {
		ws.SignIn(ctx, "alice", "wrong", "10.0.0.7")
	}
	if _, _, err := ws.SignIn(ctx, "alice", "password-alice", "10.0.0.7"); code(err) != parley.ETOOMANY {
		t.Fatalf("the right password after the failures: got %v, want %s", err, parley.ETOOMANY)
	}
	if err := ws.UnlockAccount(f.boss, "alice"); err != nil {
		t.Fatal(err)
	}
	mustTwo[string, *parley.Account](t)(ws.SignIn(ctx, "alice", "password-alice", "10.0.0.7"))
	if err := ws.UnlockAccount(f.boss, "nobody"); code(err) != parley.ENOTFOUND {
		t.Errorf("unlocking an account that does not exist: got %v, want %s", err, parley.ENOTFOUND)
	}
	checkRecords(t, ws, f.boss, "admin.account.unlock")
	checkVerified(t, ws)
}
