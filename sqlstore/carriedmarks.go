package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/parley-talks/parley"
)

// The marks a draft's stances carried by reference stand for never change
// once the draft is tabled: its carried_stances rows are written in the
// transaction that tables it and never again, the stances rows they refer
// to are versions that are never rewritten (a later version is a new
// row), and the parties whose names they show are never renamed. A
// backend keeps them resolved (carriedMarks), so that a gap map rebuilt
// after every stance write reads only the stances written on the draft
// itself: before, it read each party's list and, per party, the stances
// its list refers to — 2 + parties round trips more on PostgreSQL.

// carriedMarks keeps, by talks and draft, every stance carried by
// reference to the draft as its mark (no rationale or wording), sorted by
// point and party.
type carriedMarks struct {
	mu    sync.Mutex
	m     map[[2]int64][]parley.Stance
	count int // stances kept, at most maxCarriedMarks
}

// maxCarriedMarks bounds the marks kept: ten drafts of 2,000 points and
// five parties.
const maxCarriedMarks = 100_000

// get returns the marks kept for draft of talks talksID, which the caller
// must not change.
func (c *carriedMarks) get(talksID int64, draft int) ([]parley.Stance, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	marks, ok := c.m[[2]int64{talksID, int64(draft)}]
	return marks, ok
}

// put keeps marks for draft of talks talksID, forgetting every other
// draft's if they would be more than maxCarriedMarks.
func (c *carriedMarks) put(talksID int64, draft int, marks []parley.Stance) {
	if len(marks) > maxCarriedMarks {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := [2]int64{talksID, int64(draft)}
	if _, ok := c.m[key]; ok {
		return
	}
	if c.m == nil || c.count+len(marks) > maxCarriedMarks {
		c.m, c.count = map[[2]int64][]parley.Stance{}, 0
	}
	c.m[key], c.count = marks, c.count+len(marks)
}

// carriedMarks returns the marks m keeps for draft of talks talksID (see
// carriedMarks, the type).
func (m *memory) carriedMarks(talksID int64, draft int) ([]parley.Stance, bool) {
	if m == nil {
		return nil, false
	}
	return m.carried.get(talksID, draft)
}

// learnedMarks are a draft's carried marks a transaction resolved, kept
// by the backend once it ends well (memory.learn).
type learnedMarks struct {
	talks int64
	draft int
	marks []parley.Stance
}

// allCarriedMarks returns every stance carried by reference to draft as
// its mark, sorted by point and party: from the backend's memory, or
// resolved and noted for it.
func (t *Tx) allCarriedMarks(ctx context.Context, talksID int64, draft int) ([]parley.Stance, error) {
	if marks, ok := t.mem.carriedMarks(talksID, draft); ok {
		return marks, nil
	}
	on, err := t.carriedOn(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	cs := make([]carried, 0, len(on))
	for _, c := range on {
		cs = append(cs, c)
	}
	sortCarried(cs)
	marks, err := t.resolveCarried(ctx, talksID, draft, cs, 0, false)
	if err != nil {
		return nil, err
	}
	// Kept only if they are final: the draft is tabled in what this
	// transaction sees (a snapshot taken before its tabling sees no
	// carried stances at all), and the transaction carried no stance
	// itself.
	if !t.learned.carriedWritten {
		tabled, err := t.tabledIn(ctx, talksID, draft)
		if err != nil {
			return nil, err
		}
		if tabled {
			t.learned.carried = append(t.learned.carried, learnedMarks{talksID, draft, marks})
		}
	}
	return marks, nil
}

// tabledIn reports whether draft of talks talksID is tabled in what the
// transaction sees (Drafts: most often from what the instance keeps of
// the transaction's generation).
func (t *Tx) tabledIn(ctx context.Context, talksID int64, draft int) (bool, error) {
	drafts, err := t.Drafts(ctx, talksID)
	if err != nil {
		return false, err
	}
	for _, d := range drafts {
		if d.Number == draft {
			return d.Tabled, nil
		}
	}
	return false, nil
}

// pickCarried returns copies of the marks that keep says and no stance
// stored on the draft (have) replaces, in their order.
func pickCarried(marks []parley.Stance, have map[carriedKey]bool, keep func(carriedKey) bool) []parley.Stance {
	var out []parley.Stance
	for _, s := range marks {
		k := carriedKey{s.PointID, s.PartyID}
		if have[k] || !keep(k) {
			continue
		}
		if s.CarriedFrom != nil {
			origin := *s.CarriedFrom
			s.CarriedFrom = &origin
		}
		out = append(out, s)
	}
	return out
}

// keysOf returns the point and party of each of stances.
func keysOf(stances []parley.Stance) map[carriedKey]bool {
	keys := make(map[carriedKey]bool, len(stances))
	for _, s := range stances {
		keys[carriedKey{s.PointID, s.PartyID}] = true
	}
	return keys
}

// mergeStances merges two lists of stances sorted by point and party into
// one (sorting 10,000 stances moved more memory than reading them).
func mergeStances(stored, more []parley.Stance) []parley.Stance {
	if len(more) == 0 {
		return stored
	}
	out := make([]parley.Stance, 0, len(stored)+len(more))
	for len(stored) > 0 && len(more) > 0 {
		a, b := &stored[0], &more[0]
		if a.PointID < b.PointID || a.PointID == b.PointID && a.PartyID < b.PartyID {
			out, stored = append(out, *a), stored[1:]
		} else {
			out, more = append(out, *b), more[1:]
		}
	}
	return append(append(out, stored...), more...)
}

// sortCarried sorts cs by point and party.
func sortCarried(cs []carried) {
	slices.SortFunc(cs, func(a, b carried) int {
		if a.point != b.point {
			return cmp.Compare(a.point, b.point)
		}
		return cmp.Compare(a.party, b.party)
	})
}
