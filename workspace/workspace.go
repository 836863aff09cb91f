// Package workspace implements Parley's use cases once, for the JSON API,
// the web pages and the command line alike: it validates every input, asks
// the authorization policy (parley.Viewer) before every read and write, and
// runs each change in one storage transaction, so that a request that fails
// changes nothing.
package workspace

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/inproc"
)

// DefaultSessionTTL is how long a sign-in lasts.
const DefaultSessionTTL = 30 * 24 * time.Hour

// Service is the workspace.
type Service struct {
	Store parley.Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SessionTTL is how long a sign-in lasts; zero means DefaultSessionTTL.
	SessionTTL time.Duration
	// Events carries live updates from the operation that made a change
	// to the subscribers of the talks (see Subscribe). Several instances
	// sharing one database need a broker that reaches all of them (package
	// postgres has one).
	Events parley.Broker
	// usernames holds the username of each account Authenticate found, by
	// ID, for the actor of audit records: a username never changes and an
	// account is never deleted, so it cannot go stale.
	usernames sync.Map

	pdfs   pdfExports // kept PDFs of tabled drafts (pdfexports.go)
	drafts draftCache // tabled drafts once read (draftcache.go)
	gaps   gapCache   // gap maps as built for one viewer (gapcache.go)
	// gapBuilds shares a build among the requests for one viewer's map at
	// one state of the log.
	gapBuilds singleflight.Group
	cers      ceremonies // passkey ceremonies under way (ceremonies.go)
}

// New returns a workspace on store, with an in-process broker.
func New(store parley.Store) *Service { return &Service{Store: store, Events: &inproc.Broker{}} }

// Time returns the time by the workspace's clock (Now, or the wall clock
// when Now is nil), in UTC: what callers stamp on the workspace's behalf
// agrees with what it stamps itself.
func (s *Service) Time() time.Time { return s.now() }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

type ctxKey int

const (
	accountKey ctxKey = iota
	systemKey
	methodKey
)

// WithSignInMethod returns a context that records how the caller's
// session signed in (parley.SignedInWithPassword or
// parley.SignedInWithPasskey), for talks that require a passkey.
func WithSignInMethod(ctx context.Context, method string) context.Context {
	return context.WithValue(ctx, methodKey, method)
}

// signedInWithPasskey reports whether the caller's session was made with
// a passkey.
func signedInWithPasskey(ctx context.Context) bool {
	m, _ := ctx.Value(methodKey).(string)
	return m == parley.SignedInWithPasskey
}

// WithAccount returns a context in which the workspace acts for the
// signed-in account with the given ID.
func WithAccount(ctx context.Context, accountID int64) context.Context {
	return context.WithValue(ctx, accountKey, accountID)
}

// AsOperator returns a context in which the workspace acts for the
// operator who holds the database itself, as the command line does: it may
// create accounts. It is never derived from a network request.
func AsOperator(ctx context.Context) context.Context {
	return context.WithValue(ctx, systemKey, true)
}

// AccountID returns the account the context acts for, or 0.
func AccountID(ctx context.Context) int64 {
	id, _ := ctx.Value(accountKey).(int64)
	return id
}

func isOperator(ctx context.Context) bool {
	b, _ := ctx.Value(systemKey).(bool)
	return b
}

func (s *Service) signedIn(ctx context.Context) (int64, error) {
	id := AccountID(ctx)
	if id == 0 {
		return 0, parley.Errorf(parley.EUNAUTHORIZED, "sign in first")
	}
	return id, nil
}

// failed wraps err with the operation that failed, when err is not a
// *parley.Error: a storage or sealing fault then reaches the log saying
// what failed. A *parley.Error, written for the user, passes as it is.
func failed(err error, format string, args ...any) error {
	var e *parley.Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// ---- accounts and sign-in

// AccountInput is a new account.
type AccountInput struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
	Admin       bool   `json:"admin"`
	// MayCreateTalks gives the account the right to open talks; nil
	// gives it too, as every account had it before administration came.
	MayCreateTalks *bool `json:"may_create_talks,omitempty"`
	// PasswordHash, a hash made by HashPassword, is used instead of
	// Password when set: the demo hashes its one known password once for
	// all its accounts. Never read from a request.
	PasswordHash string `json:"-"`
}

// MinPasswordLength is the shortest password an account may have
// (parley.ValidatePassword has the whole rule).
const MinPasswordLength = parley.MinPasswordLength

// CreateAccount creates an account. The operator and admin accounts may.
// The password must pass parley.ValidatePassword; with allowWeak (demo
// accounts) only its length in bytes is checked.
func (s *Service) CreateAccount(ctx context.Context, in AccountInput, allowWeak bool) (*parley.Account, error) {
	a, err := s.newAccount(in, allowWeak)
	if err != nil {
		return nil, err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if !isOperator(ctx) {
			id, err := s.signedIn(ctx)
			if err != nil {
				return err
			}
			caller, err := tx.AccountByID(ctx, id)
			if err != nil {
				return err
			}
			if !parley.CanAdminister(caller) {
				return parley.Errorf(parley.EFORBIDDEN, "only an administrator may create accounts")
			}
		}
		if err := tx.CreateAccount(ctx, a); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.create", object: "accounts/" + a.Username,
			details: map[string]any{"admin": a.Admin}})
	})
	if err != nil {
		return nil, failed(err, "creating account %q", in.Username)
	}
	return a, nil
}

// newAccount checks the input of a new account — the user name, the
// password's strength (unless allowWeak) and the display name — and
// returns the account to store, with its password hashed.
func (s *Service) newAccount(in AccountInput, allowWeak bool) (*parley.Account, error) {
	if err := parley.ValidateUsername(in.Username); err != nil {
		return nil, err
	}
	if in.PasswordHash != "" && (in.Password != "" || !strings.HasPrefix(in.PasswordHash, "$argon2id$")) {
		return nil, parley.Invalid("password", "give a password or its argon2id hash, not both")
	}
	if !allowWeak && in.PasswordHash == "" {
		if err := parley.ValidatePassword("password", in.Password, in.Username); err != nil {
			return nil, err
		}
	}
	if len(in.Password) > MaxPasswordBytes {
		return nil, parley.Invalid("password", "password is longer than %d bytes", MaxPasswordBytes)
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	if err := parley.CheckText("display_name", in.DisplayName, 1, 200); err != nil {
		return nil, err
	}
	hash := in.PasswordHash
	if hash == "" {
		var err error
		if hash, err = HashPassword(in.Password); err != nil {
			return nil, fmt.Errorf("hashing the password of %q: %w", in.Username, err)
		}
	}
	return &parley.Account{Username: in.Username, DisplayName: in.DisplayName, PasswordHash: hash, Admin: in.Admin,
		MayCreateTalks: in.MayCreateTalks == nil || *in.MayCreateTalks, CreatedAt: s.now()}, nil
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// Authenticate returns the account a bearer token stands for.
func (s *Service) Authenticate(ctx context.Context, token string) (*parley.Account, error) {
	a, _, err := s.AuthenticateSession(ctx, token)
	return a, err
}

// AuthenticateSession returns the account a bearer token stands for and
// how its session signed in (parley.SignedInWithPassword or
// parley.SignedInWithPasskey).
func (s *Service) AuthenticateSession(ctx context.Context, token string) (*parley.Account, string, error) {
	fail := parley.Errorf(parley.EUNAUTHORIZED, "the token is not valid; sign in again")
	token = strings.TrimSpace(token)
	if token == "" || len(token) > 200 {
		return nil, "", fail
	}
	var a *parley.Account
	method := parley.SignedInWithPassword
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		sess, err := tx.SessionByTokenHash(ctx, tokenHash(token))
		if err != nil {
			return err
		}
		if sess.Method != "" {
			method = sess.Method
		}
		if !s.now().Before(sess.ExpiresAt) {
			return parley.NotFound("session")
		}
		a, err = tx.AccountByID(ctx, sess.AccountID)
		if err == nil && a.Disabled() {
			return parley.NotFound("session") // its sessions ended when it was disabled
		}
		return err
	})
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return nil, "", fail
	}
	if err == nil {
		s.usernames.Store(a.ID, a.Username)
	}
	return a, method, failed(err, "authenticating a token")
}

// SignOut ends the session of a token.
func (s *Service) SignOut(ctx context.Context, token string) error {
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		return tx.DeleteSession(ctx, tokenHash(token))
	})
	return failed(err, "signing out")
}

// SignOutEverywhere ends every session of the calling account, on every
// device.
func (s *Service) SignOutEverywhere(ctx context.Context) error {
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := tx.DeleteSessionsOf(ctx, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.sign-out-everywhere", object: fmt.Sprintf("accounts/%d", id)})
	})
	return failed(err, "signing account %d out everywhere", id)
}

// Account returns the calling account.
func (s *Service) Account(ctx context.Context) (*parley.Account, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return nil, err
	}
	var a *parley.Account
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		a, err = tx.AccountByID(ctx, id)
		return err
	})
	return a, failed(err, "reading account %d", id)
}
