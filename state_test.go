package parley_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parley-talks/parley"
)

// checkCode fails unless err's code is want: "" for nil, and EINTERNAL
// for an error that is not a *parley.Error.
func checkCode(tb testing.TB, what string, err error, want string) {
	tb.Helper()
	if got := parley.ErrorCode(err); got != want {
		tb.Errorf("%s: got %q (%v), want %q", what, got, err, want)
	}
}

func TestTalksCheckOpen(t *testing.T) {
	tests := []struct {
		state parley.TalksState
		want  string
	}{
		{parley.TalksOpen, ""},
		{parley.TalksSuspended, parley.ECONFLICT},
		{parley.TalksConcluded, parley.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			checkCode(t, "CheckOpen", (&parley.Talks{State: tt.state}).CheckOpen(), tt.want)
		})
	}
}

func TestTalksCheckMove(t *testing.T) {
	tests := []struct {
		name   string
		agreed int
		next   parley.TalksState
		want   string
	}{
		{"open talks suspend", 0, parley.TalksSuspended, ""},
		{"concluded talks reopen", 0, parley.TalksOpen, ""},
		{"agreed talks stay concluded", 3, parley.TalksConcluded, ""},
		{"agreed talks do not reopen", 3, parley.TalksOpen, parley.ECONFLICT},
		{"agreed talks do not suspend", 3, parley.TalksSuspended, parley.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			talks := &parley.Talks{State: parley.TalksConcluded, AgreedDraft: tt.agreed}
			checkCode(t, "CheckMove", talks.CheckMove(tt.next), tt.want)
		})
	}
}

func TestTalksCheckDisclosable(t *testing.T) {
	for c, want := range map[parley.Confidentiality]string{parley.ByConsent: "", parley.Strict: parley.ECONFLICT} {
		checkCode(t, string(c), (&parley.Talks{Confidentiality: c}).CheckDisclosable(), want)
	}
}

func TestTalksApply(t *testing.T) {
	tests := []struct {
		name        string
		decision    parley.Decision
		wantChanged bool
		want        parley.Talks
	}{
		{"approved sign-off concludes in agreement",
			parley.Decision{Kind: parley.SignOff, Draft: 4, Status: parley.DecisionApproved},
			true, parley.Talks{State: parley.TalksConcluded, AgreedDraft: 4, Confidentiality: parley.Strict}},
		{"approved confidentiality changes the setting",
			parley.Decision{Kind: parley.SetConfidentiality, Confidentiality: parley.ByConsent, Status: parley.DecisionApproved},
			true, parley.Talks{State: parley.TalksOpen, Confidentiality: parley.ByConsent}},
		{"approved disclosure leaves the talks",
			parley.Decision{Kind: parley.DiscloseDraft, Draft: 2, Status: parley.DecisionApproved},
			false, parley.Talks{State: parley.TalksOpen, Confidentiality: parley.Strict}},
		{"rejected sign-off leaves the talks",
			parley.Decision{Kind: parley.SignOff, Draft: 4, Status: parley.DecisionRejected},
			false, parley.Talks{State: parley.TalksOpen, Confidentiality: parley.Strict}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			talks := parley.Talks{State: parley.TalksOpen, Confidentiality: parley.Strict}
			if got := talks.Apply(&tt.decision); got != tt.wantChanged {
				t.Errorf("Apply reported a change: got %v, want %v", got, tt.wantChanged)
			}
			if talks != tt.want {
				t.Errorf("got talks %+v, want %+v", talks, tt.want)
			}
		})
	}
}

func TestCheckLatestDraft(t *testing.T) {
	checkCode(t, "the latest draft", parley.CheckLatestDraft(3, 3), "")
	checkCode(t, "a superseded draft", parley.CheckLatestDraft(2, 3), parley.ECONFLICT)
}

func TestDecisionCheckOpen(t *testing.T) {
	for status, want := range map[parley.DecisionStatus]string{
		parley.DecisionOpen: "", parley.DecisionApproved: parley.ECONFLICT,
		parley.DecisionRejected: parley.ECONFLICT, parley.DecisionWithdrawn: parley.ECONFLICT,
	} {
		checkCode(t, string(status), (&parley.Decision{Status: status}).CheckOpen(), want)
	}
}

func TestDecisionTally(t *testing.T) {
	yes := func(party int64) parley.Answer { return parley.Answer{PartyID: party, Yes: true} }
	no := func(party int64) parley.Answer { return parley.Answer{PartyID: party} }
	tests := []struct {
		name    string
		status  parley.DecisionStatus
		answers []parley.Answer
		want    parley.DecisionStatus
	}{
		{"no answers yet", parley.DecisionOpen, nil, parley.DecisionOpen},
		{"one yes of two", parley.DecisionOpen, []parley.Answer{yes(1)}, parley.DecisionOpen},
		{"every party yes", parley.DecisionOpen, []parley.Answer{yes(1), yes(2)}, parley.DecisionApproved},
		{"one no", parley.DecisionOpen, []parley.Answer{yes(1), no(2)}, parley.DecisionRejected},
		{"a yes from a party not asked does not count", parley.DecisionOpen, []parley.Answer{yes(1), yes(9)}, parley.DecisionOpen},
		{"a closed decision stays closed", parley.DecisionWithdrawn, []parley.Answer{yes(1), yes(2)}, parley.DecisionWithdrawn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &parley.Decision{Status: tt.status, Parties: []int64{1, 2}, Answers: tt.answers}
			d.Tally()
			if d.Status != tt.want {
				t.Errorf("got %s, want %s", d.Status, tt.want)
			}
		})
	}
}

func TestAskedParties(t *testing.T) {
	parties := []parley.Party{
		{ID: 1, Name: "Mediator", Kind: parley.PartyMediator},
		{ID: 2, Name: "Egypt", Kind: parley.PartyParty},
		{ID: 3, Name: "Ethiopia", Kind: parley.PartyParty},
		{ID: 4, Name: "AU", Kind: parley.PartyObserver},
	}
	principal := func(party int64) parley.Member { return parley.Member{PartyID: party, Role: parley.RolePrincipal} }
	tests := []struct {
		name    string
		parties []parley.Party
		members []parley.Member
		want    string // the asked parties, or the error code
		names   string // a party the error message must name
	}{
		{"every party has a principal", parties, []parley.Member{principal(1), principal(2), principal(3)}, "[2 3]", ""},
		{"Ethiopia a negotiator only", parties, []parley.Member{principal(2), {PartyID: 3, Role: parley.RoleNegotiator}}, parley.ECONFLICT, "Ethiopia"},
		{"no principal at all", parties, nil, parley.ECONFLICT, "Egypt, Ethiopia"},
		{"no negotiating party", parties[:1], []parley.Member{principal(1)}, parley.ECONFLICT, ""},
		{"an observer needs no principal", parties[1:], []parley.Member{principal(2), principal(3)}, "[2 3]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked, err := parley.AskedParties(tt.parties, tt.members)
			got := fmt.Sprint(asked)
			if err != nil {
				got = parley.ErrorCode(err)
			}
			if got != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
			if msg := parley.ErrorMessage(err); !strings.Contains(msg, tt.names) {
				t.Errorf("message %q does not name %s", msg, tt.names)
			}
		})
	}
}

func TestCheckPartyName(t *testing.T) {
	parties := []parley.Party{{ID: 1, Name: "Egypt"}, {ID: 2, Name: "Ethiopia"}}
	tests := []struct {
		name string
		want string
	}{
		{"Sudan", ""},
		{"Egypt", parley.ECONFLICT},
		{"egypt", parley.ECONFLICT},
		{"  ETHIOPIA\t", parley.ECONFLICT},
		{"Egypt 2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCode(t, "CheckPartyName", parley.CheckPartyName(parties, tt.name), tt.want)
		})
	}
}

func TestDecisionWithdraw(t *testing.T) {
	for _, status := range []parley.DecisionStatus{parley.DecisionOpen, parley.DecisionApproved, parley.DecisionRejected, parley.DecisionWithdrawn} {
		d := &parley.Decision{Status: status}
		was := d.Withdraw()
		if was != (status == parley.DecisionOpen) {
			t.Errorf("Withdraw of a %s decision: got %v, want %v", status, was, status == parley.DecisionOpen)
		}
		if want := map[bool]parley.DecisionStatus{true: parley.DecisionWithdrawn, false: status}[was]; d.Status != want {
			t.Errorf("a %s decision withdrawn: got %s, want %s", status, d.Status, want)
		}
	}
}
