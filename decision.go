package parley

import "time"

// DecisionKind is what a decision settles. Each is put to every principal
// party — a negotiating party with a principal member — and takes effect
// only when every one of them says yes.
type DecisionKind string

// The kinds of decision.
const (
	// SignOff asks each party to accept a tabled draft as a whole; when all
	// do, the talks conclude in agreement on it. Nothing is agreed until
	// everything is agreed.
	SignOff DecisionKind = "sign_off"
	// DiscloseDraft asks whether a tabled draft may be made public.
	DiscloseDraft DecisionKind = "disclose_draft"
	// SetConfidentiality asks the parties to agree on the talks'
	// confidentiality setting.
	SetConfidentiality DecisionKind = "set_confidentiality"
)

// Confidentiality is the setting the parties agree on for their talks.
type Confidentiality string

// The confidentiality settings.
const (
	// Strict: nothing of the talks may be made public; disclosure
	// decisions are refused.
	Strict Confidentiality = "strict"
	// ByConsent: content may be made public when every principal party
	// consents to each disclosure.
	ByConsent Confidentiality = "by_consent"
)

// Valid reports whether c is a known setting.
func (c Confidentiality) Valid() bool { return c == Strict || c == ByConsent }

// DecisionStatus is where a decision stands.
type DecisionStatus string

// The statuses of a decision.
const (
	DecisionOpen     DecisionStatus = "open"
	DecisionApproved DecisionStatus = "approved" // every principal party said yes
	DecisionRejected DecisionStatus = "rejected" // some principal party said no
	// DecisionWithdrawn: a sign-off on a draft that a new draft superseded,
	// or any decision open when a negotiating party joined the talks.
	DecisionWithdrawn DecisionStatus = "withdrawn"
)

// Decision is a question put to every principal party of the talks.
type Decision struct {
	ID              int64           `json:"id"`
	TalksID         int64           `json:"talks"`
	Kind            DecisionKind    `json:"kind"`
	Draft           int             `json:"draft,omitempty"`
	Confidentiality Confidentiality `json:"confidentiality,omitempty"`
	ProposedBy      string          `json:"proposed_by"`
	ProposedAt      time.Time       `json:"proposed_at"`
	Status          DecisionStatus  `json:"status"`
	ClosedAt        time.Time       `json:"closed_at,omitzero"`
	// Parties are the principal parties asked, when the decision was put.
	Parties []int64  `json:"parties"`
	Answers []Answer `json:"answers"`
}

// Answer is one principal party's yes or no. Reasons are seen by the party
// and the mediator's team only.
type Answer struct {
	PartyID    int64     `json:"party"`
	PartyName  string    `json:"party_name"`
	Yes        bool      `json:"yes"`
	Reasons    string    `json:"reasons,omitempty"`
	AnsweredBy string    `json:"answered_by"`
	AnsweredAt time.Time `json:"answered_at"`
}

// DecisionInput puts a question to the parties.
type DecisionInput struct {
	Kind            DecisionKind    `json:"kind"`
	Draft           int             `json:"draft,omitempty"`
	Confidentiality Confidentiality `json:"confidentiality,omitempty"`
}

// AnswerInput is a principal's answer for its party.
type AnswerInput struct {
	Yes     *bool  `json:"yes"`
	Reasons string `json:"reasons"`
}
