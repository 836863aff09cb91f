package workspace

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/parley-talks/parley"
)

// TimelineEntry is one event of the talks' timeline.
type TimelineEntry struct {
	At    time.Time `json:"at"`
	Kind  string    `json:"kind"`
	Title string    `json:"title"`
	Ref   string    `json:"ref"`

	format string // Title's English format and its arguments (TitleIn)
	args   []any
}

// timelineEntry makes an entry whose title is format with args.
func timelineEntry(at time.Time, kind, ref, format string, args ...any) TimelineEntry {
	return TimelineEntry{At: at, Kind: kind, Title: fmt.Sprintf(format, args...), Ref: ref, format: format, args: args}
}

// TitleIn is the entry's title in the language of sprintf, a translating
// Sprintf whose formats are the English texts.
func (e TimelineEntry) TitleIn(sprintf func(string, ...any) string) string {
	if e.format == "" {
		return e.Title
	}
	return sprintf(e.format, e.args...)
}

// Timeline lists the talks' events in time order, as far as the caller may
// see them: drafts tabled, meetings, sealed messages sent (envelopes the
// caller may see), statements, decisions, and travel legs.
func (s *Service) Timeline(ctx context.Context, talksID int64) ([]TimelineEntry, error) {
	out := []TimelineEntry{}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, seeTalks)
		if err != nil {
			return err
		}
		for _, entries := range timelineSources {
			es, err := entries(ctx, tx, v, talksID)
			if err != nil {
				return err
			}
			out = append(out, es...)
		}
		return nil
	})
	if err != nil {
		return nil, failed(err, "reading the timeline of talks %d", talksID)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// A timelineSource lists the timeline's entries of one kind of record, as
// viewer v may see them.
type timelineSource func(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64) ([]TimelineEntry, error)

// timelineSources are the kinds of record the timeline shows.
var timelineSources = []timelineSource{
	source(parley.Tx.Drafts, nil, func(d *parley.Draft) []TimelineEntry {
		return []TimelineEntry{timelineEntry(d.TabledAt, "draft", fmt.Sprintf("drafts/%d", d.Number), "Draft %d tabled: %s", d.Number, d.Title)}
	}),
	source(parley.Tx.Meetings, nil, func(m *parley.Meeting) []TimelineEntry {
		return []TimelineEntry{timelineEntry(m.StartsAt, "meeting", fmt.Sprintf("meetings/%d", m.ID), "%s, %s (%d min)", m.Title, m.Place, m.Minutes)}
	}),
	source(parley.Tx.Messages, parley.Viewer.CanSeeMessage, func(m *parley.Message) []TimelineEntry {
		return []TimelineEntry{timelineEntry(m.SentAt, "message", fmt.Sprintf("messages/%d", m.ID), "Sealed message from %s, carried by %s", m.Sender, m.Envoy)}
	}),
	source(parley.Tx.Statements, nil, func(st *parley.Statement) []TimelineEntry {
		return []TimelineEntry{timelineEntry(st.MadeAt, "statement", fmt.Sprintf("statements/%d", st.ID), "%s (%s): statement on %s", st.Speaker, st.PartyName, st.Channel)}
	}),
	source(parley.Tx.Decisions, nil, func(d *parley.Decision) []TimelineEntry {
		ref := fmt.Sprintf("decisions/%d", d.ID)
		es := []TimelineEntry{timelineEntry(d.ProposedAt, "decision", ref, "Decision put: %s", decisionQuestion(d))}
		if !d.ClosedAt.IsZero() {
			es = append(es, closedDecision(d, ref))
		}
		return es
	}),
	source(parley.Tx.Legs, parley.Viewer.CanSeeLeg, func(l *parley.Leg) []TimelineEntry {
		return []TimelineEntry{timelineEntry(l.DepartAt, "travel", fmt.Sprintf("legs/%d", l.ID), "%s → %s", l.From, l.To)}
	}),
}

// source is the timeline source of one kind of record: list reads the
// talks' records, visible says which a viewer may see (nil: every one),
// and entries makes a record's entries.
func source[T any](list func(parley.Tx, context.Context, int64) ([]T, error), visible func(parley.Viewer, *T) bool,
	entries func(*T) []TimelineEntry) timelineSource {
	return func(ctx context.Context, tx parley.Tx, v parley.Viewer, talksID int64) ([]TimelineEntry, error) {
		records, err := list(tx, ctx, talksID)
		if err != nil {
			return nil, err
		}
		var out []TimelineEntry
		for i := range records {
			if visible == nil || visible(v, &records[i]) {
				out = append(out, entries(&records[i])...)
			}
		}
		return out, nil
	}
}

// decisionQuestion says in words what a decision asks.
func decisionQuestion(d *parley.Decision) string {
	switch d.Kind {
	case parley.SignOff:
		return fmt.Sprintf("sign-off on draft %d", d.Draft)
	case parley.DiscloseDraft:
		return fmt.Sprintf("disclosure of draft %d", d.Draft)
	case parley.SetConfidentiality:
		return "confidentiality " + strings.ReplaceAll(string(d.Confidentiality), "_", " ")
	}
	return string(d.Kind)
}

// closedDecision is the timeline's entry of a decision closed: its
// outcome in words, one format each, so that every language says it.
func closedDecision(d *parley.Decision, ref string) TimelineEntry {
	q := decisionQuestion(d)
	switch d.Status {
	case parley.DecisionApproved:
		return timelineEntry(d.ClosedAt, "decision", ref, "Decision approved: %s", q)
	case parley.DecisionRejected:
		return timelineEntry(d.ClosedAt, "decision", ref, "Decision rejected: %s", q)
	case parley.DecisionWithdrawn:
		return timelineEntry(d.ClosedAt, "decision", ref, "Decision withdrawn: %s", q)
	}
	return timelineEntry(d.ClosedAt, "decision", ref, "Decision %s: %s", d.Status, q)
}
