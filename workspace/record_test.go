package workspace_test

import (
	"strings"
	"testing"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

func TestMeetingsStatementsItineraries(t *testing.T) {
	f := newFixture(t)
	ws := f.ws
	d := must[*parley.Draft](t)(ws.TableDraft(f.mediator, f.talks, draft1()))
	at := time.Date(2025, 12, 2, 14, 0, 0, 0, time.UTC)
	in := parley.MeetingInput{Title: "Moscow meeting", Place: "Moscow", StartsAt: at, Minutes: 300, Attendees: []string{"mediator", "russia"},
		Points: []int64{d.Points[3].ID}, Outcome: "Constructive.", Disclosure: "Nothing of the essence.", Notes: "MEETING-NOTES-SECRET territory was the core"}
	if _, err := ws.RecordMeeting(f.ru, f.talks, in); code(err) != parley.EFORBIDDEN {
		t.Errorf("a party recording a meeting: got %v, want forbidden", err)
	}
	must[*parley.Meeting](t)(ws.RecordMeeting(f.mediator, f.talks, in))
	for name, tc := range map[string]struct {
		ctx  contextOf
		sees bool
	}{"mediator": {f.mediator, true}, "russia": {f.ru, true}, "russia's adviser": {f.ruAdviser, true}, "ukraine": {f.ua, false}, "observer": {f.obs, false}} {
		ms := must[[]parley.Meeting](t)(ws.ListMeetings(tc.ctx, f.talks))
		if len(ms) != 1 || (ms[0].Notes != "") != tc.sees || ms[0].Outcome != "Constructive." {
			t.Errorf("%s: got %+v, want the meeting with notes=%v", name, ms, tc.sees)
		}
	}

	// The disclosure guard: Russia's aide quoting Russia's own confidential
	// rationale is stopped; a statement of generalities is not.
	must[*parley.Stance](t)(ws.SetStance(f.ru, f.talks, 1, d.Points[3].ID, parley.StanceInput{Value: parley.Unsuitable,
		Rationale: "The whole of the Donetsk region is ours under our constitution and we will not accept a neutral zone there."}))
	leak := parley.StatementInput{Speaker: "Aide", Channel: "briefing", MadeAt: at.Add(24 * time.Hour),
		Text: "We told them plainly: the whole of the Donetsk region is ours under our constitution and we will not accept a neutral zone."}
	found := must[[]workspace.Disclosure](t)(ws.CheckStatement(f.ruAdviser, f.talks, leak.Text))
	if len(found) == 0 || found[0].Kind != "rationale" {
		t.Fatalf("the guard found %+v, want the rationale", found)
	}
	if _, _, err := ws.RecordStatement(f.ruAdviser, f.talks, leak); code(err) != parley.ECONFLICT {
		t.Errorf("recording a leaking statement: got %v, want conflict", err)
	}
	if got := must[[]workspace.Disclosure](t)(ws.CheckStatement(f.ua, f.talks, leak.Text)); len(got) != 0 {
		t.Errorf("ukraine cannot see Russia's rationale, yet the guard matched it for ukraine: %+v", got)
	}
	ok := parley.StatementInput{Speaker: "Aide", Channel: "briefing", MadeAt: at.Add(25 * time.Hour), Text: "The meeting was constructive and work will continue."}
	st, _, err := ws.RecordStatement(f.ruAdviser, f.talks, ok)
	if err != nil {
		t.Fatal(err)
	}
	leak.Acknowledge = true
	if _, acknowledged, err := ws.RecordStatement(f.ruAdviser, f.talks, leak); err != nil || len(acknowledged) == 0 {
		t.Errorf("recording with the disclosure acknowledged: got %v, %d passages", err, len(acknowledged))
	}
	dg := must[*workspace.Digest](t)(ws.StatementDigest(f.obs, f.talks))
	if len(dg.Parties) != 1 || dg.Parties[0].Party != "Russia" || len(dg.Parties[0].Statements) != 2 || dg.Parties[0].Statements[1].ID != st.ID {
		t.Errorf("digest: got %+v", dg)
	}

	// Itineraries: the own party and the mediator's team only.
	leg := workspace.LegInput{From: "Kyiv", To: "Geneva", DepartAt: at, ArriveAt: at.Add(3 * time.Hour), Notes: "LEG-SECRET route"}
	must[*parley.Leg](t)(ws.RecordLeg(f.ua, f.talks, leg))
	bad := leg
	bad.ArriveAt = at.Add(-time.Hour)
	if _, err := ws.RecordLeg(f.ua, f.talks, bad); code(err) != parley.EINVALID {
		t.Errorf("arrival before departure: got %v, want invalid", err)
	}
	for name, tc := range map[string]struct {
		ctx  contextOf
		sees bool
	}{"ukraine": {f.ua, true}, "mediator": {f.mediator, true}, "russia": {f.ru, false}, "observer": {f.obs, false}} {
		legs := must[[]parley.Leg](t)(ws.ListLegs(tc.ctx, f.talks))
		if (len(legs) == 1) != tc.sees {
			t.Errorf("%s sees %d legs, want %v", name, len(legs), tc.sees)
		}
		tl := must[[]workspace.TimelineEntry](t)(ws.Timeline(tc.ctx, f.talks))
		hasTravel := false
		for i, e := range tl {
			hasTravel = hasTravel || e.Kind == "travel"
			if i > 0 && e.At.Before(tl[i-1].At) {
				t.Errorf("%s's timeline is out of order at %d", name, i)
			}
		}
		if hasTravel != tc.sees {
			t.Errorf("%s's timeline shows travel: %v, want %v", name, hasTravel, tc.sees)
		}
		if !strings.Contains(strings.Join(kinds(tl), ","), "meeting") {
			t.Errorf("%s's timeline lacks the meeting", name)
		}
	}
}

func kinds(tl []workspace.TimelineEntry) []string {
	var out []string
	for _, e := range tl {
		out = append(out, e.Kind)
	}
	return out
}
