package parley

import (
	"slices"
	"strings"
)

// The state rules: what the talks' and decisions' states allow. Like the
// policy (policy.go), the workspace asks these and decides nothing of its
// own; each returns nil or an ECONFLICT *Error saying why not.

// CheckOpen returns nil while the talks are open, the only state in which
// their text, stances, decisions, analysis and messages change.
func (t *Talks) CheckOpen() error {
	if t.State != TalksOpen {
		return Errorf(ECONFLICT, "the talks are %s; their text, stances, decisions, analysis and messages change only while they are open", t.State)
	}
	return nil
}

// CheckMove returns nil if the talks may move to state next: any state
// may follow any other, except that talks concluded in agreement stay
// concluded. Whether next is a state at all is Validate's to say.
func (t *Talks) CheckMove(next TalksState) error {
	if t.AgreedDraft != 0 && next != TalksConcluded {
		return Errorf(ECONFLICT, "the talks concluded in agreement on draft %d; they cannot reopen", t.AgreedDraft)
	}
	return nil
}

// CheckDisclosable returns nil if a draft of the talks may be made
// public: only when the parties agreed on confidentiality by consent.
func (t *Talks) CheckDisclosable() error {
	if t.Confidentiality != ByConsent {
		return Errorf(ECONFLICT, "the parties agreed on strict confidentiality: nothing of these talks is made public")
	}
	return nil
}

// Apply takes the effect of decision d, once approved, on the talks: a
// sign-off concludes them in agreement on its draft; a confidentiality
// decision changes their setting. It reports whether the talks changed
// (a disclosure changes nothing of the talks themselves).
func (t *Talks) Apply(d *Decision) bool {
	if d.Status != DecisionApproved {
		return false
	}
	switch d.Kind {
	case SignOff:
		t.State, t.AgreedDraft = TalksConcluded, d.Draft
		return true
	case SetConfidentiality:
		t.Confidentiality = d.Confidentiality
		return true
	}
	return false
}

// CheckLatestDraft returns nil if draft number is the latest tabled draft,
// latest: stances and sign-offs are on the latest draft only.
func CheckLatestDraft(number, latest int) error {
	if number != latest {
		return Errorf(ECONFLICT, "draft %d has been superseded by draft %d; only the latest draft takes stances and sign-offs", number, latest)
	}
	return nil
}

// CheckOpen returns nil while the decision is open to answers.
func (d *Decision) CheckOpen() error {
	if d.Status != DecisionOpen {
		return Errorf(ECONFLICT, "the decision is %s", d.Status)
	}
	return nil
}

// Tally sets the status of an open decision from its answers: one no
// rejects it; a yes from every party asked approves it; otherwise it stays
// open. Answers from parties not asked do not count.
func (d *Decision) Tally() {
	if d.Status != DecisionOpen {
		return
	}
	yes := 0
	for _, a := range d.Answers {
		switch {
		case !a.Yes:
			d.Status = DecisionRejected
			return
		case slices.Contains(d.Parties, a.PartyID):
			yes++
		}
	}
	if yes == len(d.Parties) {
		d.Status = DecisionApproved
	}
}

// AskedParties returns the parties a decision is put to: every negotiating
// party, whose yes every decision needs. Each must have a principal member
// to answer; while one has none, no decision may be put, and it returns an
// ECONFLICT *Error naming the parties without one (or saying there is no
// negotiating party at all).
func AskedParties(parties []Party, members []Member) ([]int64, error) {
	var asked []int64
	var without []string
	for _, p := range parties {
		if p.Kind != PartyParty {
			continue
		}
		asked = append(asked, p.ID)
		if !slices.ContainsFunc(members, func(m Member) bool { return m.PartyID == p.ID && m.Role == RolePrincipal }) {
			without = append(without, p.Name)
		}
	}
	switch {
	case len(without) > 0:
		return nil, Errorf(ECONFLICT, "every negotiating party answers a decision through a principal, and these have none yet: %s", strings.Join(without, ", "))
	case len(asked) == 0:
		return nil, Errorf(ECONFLICT, "no negotiating party has a principal to decide")
	}
	return asked, nil
}

// SamePartyName reports whether a and b name the same party: party names
// are compared regardless of case and of surrounding space.
func SamePartyName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// CheckPartyName returns nil if no party of parties (those of one talks)
// has name, as SamePartyName compares them; otherwise an ECONFLICT *Error.
func CheckPartyName(parties []Party, name string) error {
	for _, p := range parties {
		if SamePartyName(p.Name, name) {
			return Errorf(ECONFLICT, "the talks have a party named %q already", p.Name)
		}
	}
	return nil
}

// Withdraw withdraws an open decision that can no longer be answered as it
// was put: a sign-off on a superseded draft, or any decision once a
// negotiating party it did not ask has joined the talks. It reports whether
// the decision was open.
func (d *Decision) Withdraw() bool {
	if d.Status != DecisionOpen {
		return false
	}
	d.Status = DecisionWithdrawn
	return true
}
