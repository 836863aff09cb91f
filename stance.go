package parley

import "time"

// StanceValue is a party's mark on one point of a tabled draft.
type StanceValue string

// The three marks. A point a party has not marked has no stance.
const (
	Acceptable      StanceValue = "acceptable"
	NeedsDiscussion StanceValue = "needs_discussion"
	Unsuitable      StanceValue = "unsuitable"
)

// Valid reports whether v is one of the three marks.
func (v StanceValue) Valid() bool {
	return v == Acceptable || v == NeedsDiscussion || v == Unsuitable
}

// Stance is one party's current mark on one point of one tabled draft, with
// its reasons. It is the party's own: see Viewer.CanSeeStance.
type Stance struct {
	TalksID   int64       `json:"talks"`
	Draft     int         `json:"draft"`
	PointID   int64       `json:"point"`
	PartyID   int64       `json:"party"`
	PartyName string      `json:"party_name"`
	Value     StanceValue `json:"stance"`
	Rationale string      `json:"rationale"`
	// ProposedWording is history: the wording a party proposed with its
	// stance before proposed wording became an amendment. It is empty on
	// every stance recorded since, and on the latest draft's (converted
	// into amendments at start-up: see
	// workspace.Service.ConvertStanceWordings);
	// earlier drafts' stances keep theirs.
	ProposedWording string `json:"proposed_wording"`
	// ShareWithMediator lets the mediator party see the stance.
	ShareWithMediator bool `json:"share_with_mediator"`
	// ReleasedToAll lets every member of the talks see the stance.
	ReleasedToAll bool      `json:"released_to_all"`
	Version       int       `json:"version"`
	RecordedBy    string    `json:"recorded_by"`
	RecordedAt    time.Time `json:"recorded_at"`
	// CarriedFrom is set on a stance carried over, at tabling, from the
	// party's stance on the same, unchanged point of an earlier draft. It
	// stands, seen as its origin was, until the party confirms or changes
	// it.
	CarriedFrom *StanceOrigin `json:"carried_from,omitempty"`
	// Follows, when a stance is stored, is the version the writer read as
	// the party's current one on the point and took details from (its
	// rationale, its sharing): the store refuses to store the stance over
	// a later version written meanwhile, and the write runs again on what
	// that one says. 0: the writer took nothing from an earlier version.
	Follows int `json:"-"`
}

// StanceOrigin is where a carried-over stance came from: the party's
// stance on point Point of draft Draft, numbered Number there. A stance
// carried over twice names the draft the party last marked the point in.
type StanceOrigin struct {
	Draft  int    `json:"draft"`
	Point  int64  `json:"point"`
	Number string `json:"number"`
}

// Carries reports whether a point of a new draft, which changed as c from
// the previous one, takes its parties' stances on it with it: only an
// unchanged point does, moved or not. An amended, split or merged point
// asks for a new mark.
func Carries(c Change) bool { return c == ChangeUnchanged || c == ChangeMoved }

// StanceInput is a stance as a party member records it. A nil
// ShareWithMediator takes the party's default.
type StanceInput struct {
	Value     StanceValue `json:"stance"`
	Rationale string      `json:"rationale"`
	// ProposedWording is no longer taken: new wording is an amendment
	// (a replacement of the point). It must be empty; it is accepted, empty,
	// for clients that still send it.
	ProposedWording   string `json:"proposed_wording"`
	ShareWithMediator *bool  `json:"share_with_mediator"`
	ReleasedToAll     bool   `json:"released_to_all"`
	// KeepDetails changes the mark alone: the rationale and sharing
	// stay those of the party's stance on the point, if it has
	// one (the compact form of a long draft sends only the mark).
	KeepDetails bool `json:"-"`
}

// Validate checks the input's fields.
func (in *StanceInput) Validate() error {
	if !in.Value.Valid() {
		return Invalid("stance", "stance must be acceptable, needs_discussion or unsuitable")
	}
	if err := CheckText("rationale", in.Rationale, 0, 20000); err != nil {
		return err
	}
	if in.ProposedWording != "" {
		return Invalid("proposed_wording", "a stance no longer carries proposed wording: propose it as an amendment replacing the point's text "+
			"(POST /api/v1/talks/{talks}/drafts/{n}/points/{point}/amendments with kind replace)")
	}
	return nil
}
