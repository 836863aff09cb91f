package sqlstore

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/parley-talks/parley"
)

// TestStanceAADMatchesFmt checks stanceAAD against the additional data
// every stance already stored was sealed with: a byte of difference and
// none of them would open.
func TestStanceAADMatchesFmt(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		s := &parley.Stance{TalksID: r.Int64() - r.Int64(), Draft: r.IntN(1 << 20), PointID: r.Int64N(1 << 40), PartyID: -r.Int64N(9),
			Version: r.IntN(100) - 1}
		field := []string{"rationale", "proposed_wording", ""}[r.IntN(3)]
		want := fmt.Sprintf("stance talks=%d draft=%d point=%d party=%d version=%d field=%s",
			s.TalksID, s.Draft, s.PointID, s.PartyID, s.Version, field)
		if got := string(stanceAAD(s, field)); got != want {
			t.Fatalf("stanceAAD = %q, want %q", got, want)
		}
	}
}
