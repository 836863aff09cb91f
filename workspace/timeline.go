package workspace

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/parley-talks/parley"
)

// TimelineEntry is one event of the talks' timeline.
type TimelineEntry struct {
	At    time.Time `json:"at"`
	Kind  string    `json:"kind"`
	Title string    `json:"title"`
	Ref   string    `json:"ref"`
}

// Timeline lists the talks' events in time order, as far as the caller may
// see them: drafts tabled, meetings, sealed messages sent (envelopes the
// caller may see), statements, decisions, and travel legs.
func (s *Service) Timeline(ctx context.Context, talksID int64) ([]TimelineEntry, error) {
	var out []TimelineEntry
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		drafts, err := tx.Drafts(ctx, talksID)
		if err != nil {
			return err
		}
		for _, d := range drafts {
			out = append(out, TimelineEntry{d.TabledAt, "draft", fmt.Sprintf("Draft %d tabled: %s", d.Number, d.Title), fmt.Sprintf("drafts/%d", d.Number)})
		}
		meetings, err := tx.Meetings(ctx, talksID)
		if err != nil {
			return err
		}
		for _, m := range meetings {
			out = append(out, TimelineEntry{m.StartsAt, "meeting", fmt.Sprintf("%s, %s (%d min)", m.Title, m.Place, m.Minutes), fmt.Sprintf("meetings/%d", m.ID)})
		}
		msgs, err := tx.Messages(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range msgs {
			if v.CanSeeMessage(&msgs[i]) {
				out = append(out, TimelineEntry{msgs[i].SentAt, "message", fmt.Sprintf("Sealed message from %s, carried by %s", msgs[i].Sender, msgs[i].Envoy), fmt.Sprintf("messages/%d", msgs[i].ID)})
			}
		}
		sts, err := tx.Statements(ctx, talksID)
		if err != nil {
			return err
		}
		for _, st := range sts {
			out = append(out, TimelineEntry{st.MadeAt, "statement", fmt.Sprintf("%s (%s): statement on %s", st.Speaker, st.PartyName, st.Channel), fmt.Sprintf("statements/%d", st.ID)})
		}
		decs, err := tx.Decisions(ctx, talksID)
		if err != nil {
			return err
		}
		for _, d := range decs {
			out = append(out, TimelineEntry{d.ProposedAt, "decision", fmt.Sprintf("Decision put: %s", d.Kind), fmt.Sprintf("decisions/%d", d.ID)})
			if !d.ClosedAt.IsZero() {
				out = append(out, TimelineEntry{d.ClosedAt, "decision", fmt.Sprintf("Decision %s: %s", d.Status, d.Kind), fmt.Sprintf("decisions/%d", d.ID)})
			}
		}
		legs, err := tx.Legs(ctx, talksID)
		if err != nil {
			return err
		}
		for i := range legs {
			if v.CanSeeLeg(&legs[i]) {
				out = append(out, TimelineEntry{legs[i].DepartAt, "travel", fmt.Sprintf("%s → %s", legs[i].From, legs[i].To), fmt.Sprintf("legs/%d", legs[i].ID)})
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if out == nil {
		out = []TimelineEntry{}
	}
	return out, err
}
