package demo_test

import (
	"testing"

	"github.com/parley-talks/parley"
)

// TestDemoShowsCarriedOverStances checks that on the demo's last draft
// Russia has left the stances carried over to its unchanged points
// unconfirmed, and the mediator sees those it shares as carried over,
// while Ukraine has confirmed its own.
func TestDemoShowsCarriedOverStances(t *testing.T) {
	ws, tid, as := loadDemo(t)
	carried := func(user, party string) (n int) {
		t.Helper()
		ss, err := ws.ListStances(as(user), tid, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ss {
			if s.PartyName == party && s.CarriedFrom != nil {
				if s.CarriedFrom.Draft < 1 || s.CarriedFrom.Draft > 4 || s.CarriedFrom.Number == "" {
					t.Errorf("%s's stance on point %d carried from %+v", party, s.PointID, s.CarriedFrom)
				}
				n++
			}
		}
		return n
	}
	ru := carried("russia", "Russia")
	if ru < 5 {
		t.Errorf("russia's stances carried over to draft 5: got %d, want several", ru)
	}
	if m, err := ws.MarkingOf(as("russia"), tid, 5); err != nil || m.Carried != ru || m.Marked != m.Points {
		t.Errorf("russia's marking of draft 5: got %+v, %v, want every point marked, %d carried", m, err, ru)
	}
	if got := carried("mediator", "Russia"); got == 0 || got > ru {
		t.Errorf("the mediator sees %d of russia's %d carried stances, want those shared", got, ru)
	}
	if got := carried("ukraine", "Ukraine"); got != 0 {
		t.Errorf("ukraine's stances carried over to draft 5 and not confirmed: got %d, want none", got)
	}
	// Ukraine's history on a point kept since draft 1 shows the carried
	// stance, then its confirmation.
	d, err := ws.GetDraft(as("ukraine"), tid, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Markable() {
		if p.Change != parley.ChangeUnchanged {
			continue
		}
		h, err := ws.StanceHistory(as("ukraine"), tid, 5, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) == 2 && h[0].CarriedFrom != nil && h[1].CarriedFrom == nil {
			return
		}
	}
	t.Error("no unchanged point of draft 5 has ukraine's carried stance, then its confirmation, in its history")
}
