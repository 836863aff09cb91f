package http_test

import (
	"fmt"
	"testing"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/demo"
)

// TestCarriedStancesRevealNothing reads the demo's last draft over the
// API as every demo account: each carried-over stance it gets is one whose
// origin, the party's stance on the earlier draft, it could read there;
// and each account's earlier stances are its own party's.
func TestCarriedStancesRevealNothing(t *testing.T) {
	t.Parallel()
	base, _, tid := newDemoServer(t)
	carried := 0
	for _, a := range demo.Accounts {
		c := signIn(t, base, a.Username, demo.Password)
		seen := map[int]map[[2]int64]bool{} // draft -> (party, point) the account sees there
		seenOn := func(n int) map[[2]int64]bool {
			if seen[n] == nil {
				var ss []parley.Stance
				c.call("GET", fmt.Sprintf("/api/v1/talks/%d/drafts/%d/stances", tid, n), nil, 200, &ss)
				seen[n] = map[[2]int64]bool{}
				for _, s := range ss {
					seen[n][[2]int64{s.PartyID, s.PointID}] = true
				}
			}
			return seen[n]
		}
		var ss []parley.Stance
		c.call("GET", fmt.Sprintf("/api/v1/talks/%d/drafts/5/stances", tid), nil, 200, &ss)
		for _, s := range ss {
			if from := s.CarriedFrom; from != nil {
				carried++
				if !seenOn(from.Draft)[[2]int64{s.PartyID, from.Point}] {
					t.Errorf("%s sees %s's stance on point %d carried from draft %d, where it could not see it", a.Username, s.PartyName, s.PointID, from.Draft)
				}
			}
		}
		var earlier []struct {
			Stance parley.Stance `json:"stance"`
		}
		c.call("GET", fmt.Sprintf("/api/v1/talks/%d/drafts/5/stances/earlier", tid), nil, 200, &earlier)
		for _, e := range earlier {
			if e.Stance.PartyName != a.Party {
				t.Errorf("%s of %s is shown %s's earlier stance", a.Username, a.Party, e.Stance.PartyName)
			}
		}
	}
	if carried == 0 {
		t.Fatal("no account sees a carried-over stance on the demo's last draft; the test checks nothing")
	}
}
