package workspace

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/parley-talks/parley"
)

// Passkey ceremonies keep their challenge on the server, in memory, for
// CeremonyTTL: a registration under the account that began it, a sign-in
// under a random ceremony ID given to the browser. Each is taken once: a
// finish, right or wrong, ends the ceremony. At most MaxCeremonies wait
// at once, so that sign-ins begun and never finished bound the memory.
const (
	CeremonyTTL   = 5 * time.Minute
	MaxCeremonies = 10000
)

type ceremony struct {
	data    webauthn.SessionData
	rp      PasskeyRP
	expires time.Time
}

type ceremonies struct {
	mu sync.Mutex
	m  map[string]ceremony
}

// put keeps a ceremony under key, replacing one there.
func (c *ceremonies) put(key string, cer ceremony, now time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]ceremony{}
	}
	if len(c.m) >= MaxCeremonies {
		for k, v := range c.m {
			if !now.Before(v.expires) {
				delete(c.m, k)
			}
		}
	}
	if _, ok := c.m[key]; !ok && len(c.m) >= MaxCeremonies {
		return &throttled{parley.Errorf(parley.ETOOMANY, "the server is busy; try again in a moment"), time.Minute}
	}
	c.m[key] = cer
	return nil
}

// take removes and returns the ceremony under key, if it has not expired.
func (c *ceremonies) take(key string, now time.Time) (ceremony, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cer, ok := c.m[key]
	delete(c.m, key)
	if !ok || !now.Before(cer.expires) {
		return ceremony{}, false
	}
	return cer, true
}

func newCeremonyID() string {
	raw := make([]byte, 24)
	rand.Read(raw) // crypto/rand.Read does not fail (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(raw)
}
