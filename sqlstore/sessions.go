package sqlstore

import (
	"context"
	"strings"
	"sync"

	"github.com/parley-talks/parley"
)

// sessionCache keeps the sessions, with their accounts, that read-only
// transactions found by token, so that checking a request's token makes no
// round trip — but only while the backend is told of every change to
// sessions and accounts, its own and other processes' alike (see
// Backend.TrustSessions): PostgreSQL's event broker turns it on while it
// listens for the changes other instances announce, and nothing does on
// SQLite, whose reads make no round trip anyway.
//
// A write transaction that changes sessions, session methods, accounts or
// account standing (a sign-out, a password set, an account disabled …)
// empties the cache once it ends, committed or not, and announces the
// change to the other instances in the same transaction
// (Dialect.Announce); a session is kept only if no change ended
// since the transaction that read it began (gen), so that a read that
// began before a sign-out committed never keeps the session it saw.
type sessionCache struct {
	mu  sync.Mutex
	on  bool
	gen uint64
	m   map[string]cachedSession
}

type cachedSession struct {
	s parley.Session
	a parley.Account
}

// maxCachedSessions bounds the cache; when full, it starts again empty.
const maxCachedSessions = 10000

// TrustSessions turns the session cache on or off, emptying it either
// way. Turn it on only while every change to sessions and accounts made
// elsewhere is heard (then call SessionsChanged for each).
func (b *Backend) TrustSessions(on bool) {
	c := &b.sessions
	c.mu.Lock()
	defer c.mu.Unlock()
	c.on = on
	c.clear()
}

// SessionsChanged empties the session cache: another process changed
// sessions or accounts.
func (b *Backend) SessionsChanged() {
	c := &b.sessions
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clear()
}

func (c *sessionCache) clear() {
	c.gen++
	c.m = nil
}

func (c *sessionCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *sessionCache) get(hash []byte) (cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on {
		return cachedSession{}, false
	}
	v, ok := c.m[string(hash)]
	return v, ok
}

// changesSessions reports whether the statement q writes a table a
// cached session depends on. Adding a session or an account changes none
// that could be kept, and the sessions sign-ins delete for having expired
// are refused by the caller anyway (it checks the expiry it is given).
func changesSessions(q string) bool {
	q = strings.TrimSpace(q)
	if strings.HasPrefix(q, "SELECT") || !strings.Contains(q, "session") && !strings.Contains(q, "accounts") && !strings.Contains(q, "account_standing") {
		return false
	}
	for _, p := range []string{"INSERT INTO sessions ", "INSERT INTO session_methods ", "INSERT INTO accounts ", "DELETE FROM sessions WHERE expires_at < "} {
		if strings.HasPrefix(q, p) && !strings.Contains(q, "ON CONFLICT") {
			return false
		}
	}
	return true
}

// announce raises the database's generation within t if t changes
// sessions, accounts or members, and tells the other instances if t
// changes sessions or accounts (a tabling or a new member leaves every
// instance's sessions kept).
func (c *sessionCache) announce(ctx context.Context, t *Tx) error {
	q := t.d.Renew
	if t.learned.sessionsChanged {
		q = t.d.Announce
	}
	if !t.learned.cachesChanged || q == "" {
		return nil
	}
	sessions := t.learned.sessionsChanged
	_, err := t.exec(ctx, q)
	t.learned.sessionsChanged = sessions // the statement names the sessions' channel
	return err
}

// after empties the cache if t, which ended, changed sessions.
func (c *sessionCache) after(t *Tx) {
	if t.learned.sessionsChanged {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.clear()
	}
}

// learn keeps the session t read, unless sessions changed since t began.
func (c *sessionCache) learn(t *Tx) {
	s := t.learned.session
	if s == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.on || c.gen != t.sessionGen {
		return
	}
	if c.m == nil || len(c.m) >= maxCachedSessions {
		c.m = map[string]cachedSession{}
	}
	c.m[string(s.s.TokenHash)] = *s
}

// cachedSession returns the session of hash if a read-only transaction
// may take it from the cache, and makes the transaction's next
// AccountByID answer with its account (see standing).
func (t *Tx) cachedSession(hash []byte) (*parley.Session, bool) {
	if !t.readOnly || t.sessions == nil {
		return nil, false
	}
	v, ok := t.sessions.get(hash)
	if !ok {
		return nil, false
	}
	s, a := v.s, v.a
	s.TokenHash = append([]byte(nil), s.TokenHash...)
	if t.standing == nil {
		t.standing = &standing{}
	}
	t.standing.account = &a
	return &s, true
}

// readSession notes the session a read-only transaction read, for the
// cache once it ends.
func (t *Tx) readSession(s *parley.Session, a *parley.Account) {
	if t.readOnly && t.sessions != nil {
		v := cachedSession{s: *s, a: *a}
		v.s.TokenHash = append([]byte(nil), s.TokenHash...)
		t.learned.session = &v
	}
}
