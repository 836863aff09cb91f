package workspace

import (
	"slices"
	"sync"

	"github.com/parley-talks/parley"
)

// draftCache keeps tabled drafts once read: a tabled draft never changes,
// and reading a 2,000-point draft from the store took most of the time of
// each stance saved on it. Only drafts read by a committed read (GetDraft)
// are kept, so a draft tabled in a transaction that then rolled back is
// never seen. Callers get copies they may change.
type draftCache struct {
	mu    sync.Mutex
	m     map[draftKey]*parley.Draft
	order []draftKey // oldest first
}

type draftKey struct {
	talks  int64
	number int
}

// maxCachedDrafts bounds the cache: at the largest draft size (5,000
// points of up to 10,000 characters) that is the size of the text of a few
// long drafts, usually a few megabytes.
const maxCachedDrafts = 32

func (c *draftCache) get(talks int64, number int) *parley.Draft {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d := c.m[draftKey{talks, number}]; d != nil {
		return copyDraft(d)
	}
	return nil
}

// peek returns the kept draft itself, nil if none: the caller must not
// change it.
func (c *draftCache) peek(talks int64, number int) *parley.Draft {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[draftKey{talks, number}]
}

// put keeps d if it is tabled.
func (c *draftCache) put(d *parley.Draft) {
	if d == nil || !d.Tabled || d.Number < 1 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[draftKey]*parley.Draft{}
	}
	k := draftKey{d.TalksID, d.Number}
	if _, ok := c.m[k]; ok {
		return
	}
	if len(c.order) >= maxCachedDrafts {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[k] = copyDraft(d)
	c.order = append(c.order, k)
}

func copyDraft(d *parley.Draft) *parley.Draft {
	cp := *d
	cp.Points = slices.Clone(d.Points)
	for i := range cp.Points {
		cp.Points[i].From = slices.Clone(cp.Points[i].From)
	}
	cp.Removed = slices.Clone(d.Removed)
	return &cp
}
