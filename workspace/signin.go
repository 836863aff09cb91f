package workspace

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/parley-talks/parley"
)

// Sign-in limits. Failed sign-ins are counted in windows of SignInWindow
// under three keys: an account from one client address, an account from
// anywhere, and an address. An attempt is counted before its password is
// checked, in one transaction with the check of the limits, so that
// attempts made at once cannot all pass them; a refused attempt is not
// counted. Past a limit, sign-in is refused with ETOOMANY and the time to
// wait (RetryAfter) until that key's window has passed:
//
//   - an address that failed MaxFailuresPerAccount times for an account
//     may not try that account again;
//   - an address that failed MaxFailuresPerAddress times may not try any
//     account;
//   - once an account has failed MaxFailuresAnywhere times from anywhere,
//     only addresses that have not failed on it in the window may try it.
//
// No limit locks an account: its member, signing in from an address that
// has not failed, is let in whatever others have tried.
const (
	SignInWindow          = 15 * time.Minute
	MaxFailuresPerAccount = 5
	MaxFailuresPerAddress = 30
	MaxFailuresAnywhere   = 20
)

// The work done before authentication is bounded: at most
// MaxConcurrentHashes password hashes (19 MiB of argon2id each) run at
// once in one process; an attempt that finds none free within HashWait is
// refused with ETOOMANY, so memory stays bounded however many arrive.
const (
	MaxConcurrentHashes = 4
	HashWait            = 2 * time.Second
)

// MaxPasswordBytes is the longest password accepted, at sign-in as when
// it is set.
const MaxPasswordBytes = parley.MaxPasswordBytes

var hashSlots = make(chan struct{}, MaxConcurrentHashes)

// withHashSlot runs fn once a hash slot is free, or fails with ETOOMANY
// after HashWait.
func withHashSlot(ctx context.Context, fn func()) error {
	timer := time.NewTimer(HashWait)
	defer timer.Stop()
	select {
	case hashSlots <- struct{}{}:
	case <-timer.C:
		return &throttled{parley.Errorf(parley.ETOOMANY, "the server is busy; try again in a moment"), time.Second}
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-hashSlots }()
	fn()
	return nil
}

// throttled is an ETOOMANY refusal that knows when to try again.
type throttled struct {
	err   *parley.Error
	after time.Duration
}

func (e *throttled) Error() string { return e.err.Error() }
func (e *throttled) Unwrap() error { return e.err }

// RetryAfter returns how long a caller refused with ETOOMANY should wait
// before trying again, or 0 when err does not say.
func RetryAfter(err error) time.Duration {
	var t *throttled
	if errors.As(err, &t) {
		return t.after
	}
	return 0
}

// signInKey is one count a sign-in attempt is made under.
type signInKey struct {
	key   string
	limit int
	// pairFailed: past the limit, only an attempt from an address that
	// has failed on the account before is refused.
	pairFailed bool
}

// signInKeys are the counts an attempt as username from the address from
// is made under: the pair first. A user name that no account can have is
// counted under the address alone, and stores nothing of the name.
func signInKeys(username, from string, validName bool) []signInKey {
	var keys []signInKey
	if validName {
		keys = append(keys,
			signInKey{"account:" + username + " from:" + from, MaxFailuresPerAccount, false},
			signInKey{"account:" + username, MaxFailuresAnywhere, true})
	}
	if from != "" {
		keys = append(keys, signInKey{"address:" + from, MaxFailuresPerAddress, false})
	}
	return keys
}

// SignIn checks a user name and password and returns a new bearer token.
// from is the client's address, for the limits. A wrong name and a wrong
// password fail alike, after the same work.
func (s *Service) SignIn(ctx context.Context, username, password, from string) (string, *parley.Account, error) {
	fail := parley.Errorf(parley.EUNAUTHORIZED, "wrong user name or password")
	now := s.now()
	validName := parley.ValidateUsername(username) == nil
	keys := signInKeys(username, from, validName)
	if err := s.countSignIn(ctx, keys, now); err != nil {
		return "", nil, failed(err, "counting a sign-in")
	}
	if !validName || len(password) > MaxPasswordBytes {
		return "", nil, fail
	}
	a, ok, err := s.checkSignIn(ctx, username, password)
	if err != nil {
		return "", nil, failed(s.uncountSignIn(ctx, keys, err), "signing in as %q", username)
	}
	if !ok {
		return "", nil, fail
	}
	token, err := s.startSession(ctx, a, keys, now)
	if err != nil {
		return "", nil, failed(err, "starting a session for %q", username)
	}
	return token, a, nil
}

// countSignIn counts an attempt under each key, unless a limit refuses
// it: then nothing is counted. It also forgets counts whose window has
// passed.
func (s *Service) countSignIn(ctx context.Context, keys []signInKey, now time.Time) error {
	since := now.Add(-SignInWindow)
	return s.Store.Update(ctx, func(tx parley.Tx) error {
		if err := tx.PruneSignInAttempts(ctx, since); err != nil {
			return err
		}
		counts := make([]int, len(keys))
		for i, k := range keys {
			n, start, err := tx.CountSignInAttempt(ctx, k.key, now, since)
			if err != nil {
				return err
			}
			counts[i] = n
			// An account failed too often from anywhere refuses only the
			// addresses that have failed on it (the pair's count, first,
			// holds this attempt and earlier ones).
			over := n > k.limit
			if k.pairFailed {
				over = over && counts[0] > 1
			}
			if over {
				wait := start.Add(SignInWindow).Sub(now).Round(time.Second)
				return &throttled{parley.Errorf(parley.ETOOMANY, "too many failed sign-ins; try again in %s", wait), wait}
			}
		}
		return nil
	})
}

// uncountSignIn takes back the attempt counted under keys, for a sign-in
// that failed for another reason than its password; it returns cause.
func (s *Service) uncountSignIn(ctx context.Context, keys []signInKey, cause error) error {
	err := s.Store.Update(context.WithoutCancel(ctx), func(tx parley.Tx) error {
		for _, k := range keys {
			if err := tx.UncountSignInAttempt(ctx, k.key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%w (and taking the attempt back: %v)", cause, err)
	}
	return cause
}

// checkSignIn looks the account up and checks the password, against a
// dummy hash when there is no such account, in a hash slot.
func (s *Service) checkSignIn(ctx context.Context, username, password string) (*parley.Account, bool, error) {
	// The dummy hash is made before the lookup, whatever it finds, so that
	// the first sign-in with an unknown name does not take longer than one
	// with a known name.
	hash := dummyHash()
	var a *parley.Account
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		var err error
		a, err = tx.AccountByUsername(ctx, username)
		return err
	})
	switch {
	case parley.ErrorCode(err) == parley.ENOTFOUND:
		a = nil
	case err != nil:
		return nil, false, err
	default:
		hash = a.PasswordHash
	}
	ok := false
	if err := withHashSlot(ctx, func() { ok = CheckPassword(hash, password) }); err != nil {
		return nil, false, err
	}
	// A disabled account fails as a wrong password does, after the same
	// work.
	return a, ok && a != nil && !a.Disabled(), nil
}

// startSession makes a session for a, which has just signed in: the
// pair's failures are forgotten and the attempt taken back from the other
// counts.
func (s *Service) startSession(ctx context.Context, a *parley.Account, keys []signInKey, now time.Time) (string, error) {
	token, hash := newSessionToken()
	ttl := s.sessionTTL()
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		only, err := accountPasskeyOnly(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if only {
			return parley.Errorf(parley.EFORBIDDEN, "this account signs in with a passkey only: use \"Sign in with a passkey\"")
		}
		if err := tx.DeleteExpiredSessions(ctx, now); err != nil {
			return err
		}
		if err := forgetFailures(ctx, tx, keys); err != nil {
			return err
		}
		if err := tx.SetLastSignIn(ctx, a.ID, now); err != nil {
			return err
		}
		return tx.CreateSession(ctx, &parley.Session{TokenHash: hash, AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(ttl)})
	})
	return token, err
}

// newSessionToken makes a random session token and its stored hash.
func newSessionToken() (string, []byte) {
	raw := make([]byte, 32)
	rand.Read(raw) // crypto/rand.Read does not fail (Go 1.24)
	token := base64.RawURLEncoding.EncodeToString(raw)
	return token, tokenHash(token)
}

// sessionTTL is how long a sign-in lasts.
func (s *Service) sessionTTL() time.Duration {
	if s.SessionTTL == 0 {
		return DefaultSessionTTL
	}
	return s.SessionTTL
}

// forgetFailures is what a right password does to the counts of keys:
// the pair's failures are forgotten and the attempt taken back from the
// other counts.
func forgetFailures(ctx context.Context, tx parley.Tx, keys []signInKey) error {
	if err := tx.ClearSignInAttempts(ctx, keys[0].key); err != nil {
		return err
	}
	for _, k := range keys[1:] {
		if err := tx.UncountSignInAttempt(ctx, k.key); err != nil {
			return err
		}
	}
	return nil
}
