package parley

import "slices"

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
