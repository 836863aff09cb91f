package parley

import (
	"strings"
	"time"
)

// AmendmentKind says what an amendment does to the point it targets.
type AmendmentKind string

// The kinds of amendments.
const (
	AmendReplace     AmendmentKind = "replace"      // the point's text becomes Text
	AmendInsertAfter AmendmentKind = "insert_after" // a new point with Text follows the point
	AmendDelete      AmendmentKind = "delete"       // the point (with its sub-points) goes
	AmendSplit       AmendmentKind = "split"        // the point becomes the Parts of Text
)

// Valid reports whether k is one of the four kinds.
func (k AmendmentKind) Valid() bool {
	return k == AmendReplace || k == AmendInsertAfter || k == AmendDelete || k == AmendSplit
}

// Removes reports whether an amendment of kind k takes its point away from
// the text under its identity (a delete) or into several (a split).
func (k AmendmentKind) Removes() bool { return k == AmendDelete || k == AmendSplit }

// AmendmentState is where an amendment stands.
type AmendmentState string

// The states of amendments. Proposed changes to one of the others:
// withdrawn (by its party), taken or declined (by a mediator), which are
// final, except that a take not yet tabled is undone (the amendment
// proposed again) when the working draft that took it is discarded or a
// draft is tabled from another text.
const (
	AmendmentProposed  AmendmentState = "proposed"
	AmendmentWithdrawn AmendmentState = "withdrawn"
	AmendmentTaken     AmendmentState = "taken"
	AmendmentDeclined  AmendmentState = "declined"
)

// Valid reports whether s is one of the four states.
func (s AmendmentState) Valid() bool {
	return s == AmendmentProposed || s == AmendmentWithdrawn || s == AmendmentTaken || s == AmendmentDeclined
}

// Extent says how much of an amendment a mediator took.
type Extent string

// The extents of a taken amendment.
const (
	TakenInFull Extent = "full"
	TakenInPart Extent = "part"
)

// Amendment is a party's (or the mediator's team's) proposal to change one
// point of a tabled draft, with its justification. It is the party's own
// business, shared as a stance is: see Viewer.CanSeeAmendment; the reason
// a mediator gave for declining it, Viewer.CanSeeAmendmentReason.
type Amendment struct {
	ID      int64 `json:"id"`
	TalksID int64 `json:"talks"`
	// Draft and PointID are the tabled draft and the point amended;
	// PointNumber the point's number there, as shown.
	Draft       int           `json:"draft"`
	PointID     int64         `json:"point"`
	PointNumber string        `json:"point_number"`
	PartyID     int64         `json:"party"`
	PartyName   string        `json:"party_name"`
	Kind        AmendmentKind `json:"kind"`
	// Language, if set, makes the amendment a correction to the point's
	// text in that language of the talks (a BCP 47 tag, not the draft's
	// drafting language): a replace whose Text, once taken, is the next
	// version of that translation on Draft. Empty: an amendment to the
	// source, the drafting-language text, which goes into the next draft.
	Language string `json:"language,omitempty"`
	// Text is the replacement, the inserted point or, for a split, the
	// parts separated by blank lines (see Parts); empty for a delete.
	Text          string `json:"text"`
	Justification string `json:"justification"`
	// ShareWithMediator lets the mediator's team see the amendment;
	// ReleasedToAll every member of the talks.
	ShareWithMediator bool           `json:"share_with_mediator"`
	ReleasedToAll     bool           `json:"released_to_all"`
	ProposedBy        string         `json:"proposed_by"`
	ProposedAt        time.Time      `json:"proposed_at"`
	State             AmendmentState `json:"state"`
	// Extent is how much of a taken amendment the mediator took.
	Extent Extent `json:"extent,omitempty"`
	// Reason is a mediator's reason for declining it.
	Reason    string     `json:"reason,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	// IntoDraft is the tabled draft a taken amendment went into (0 until
	// the working draft that took it is tabled).
	IntoDraft int `json:"into_draft,omitempty"`
}

// Correction reports whether the amendment corrects a translation (it
// names a language) rather than amends the source.
func (a *Amendment) Correction() bool { return a.Language != "" }

// Parts returns the points a split amendment makes of its point: its
// text's paragraphs, separated by blank lines.
func (a *Amendment) Parts() []string { return Paragraphs(a.Text) }

// Active reports whether the amendment still bears on the text: proposed,
// or taken.
func (a *Amendment) Active() bool { return a.State == AmendmentProposed || a.State == AmendmentTaken }

// Paragraphs splits text at blank lines, trimming each paragraph and
// dropping empty ones.
func Paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// AmendmentInput is an amendment as a party member proposes it. A nil
// ShareWithMediator takes the party's default.
type AmendmentInput struct {
	Kind AmendmentKind `json:"kind"`
	// Language, if set, proposes a correction to the point's text in that
	// language (see Amendment.Language).
	Language          string `json:"language,omitempty"`
	Text              string `json:"text"`
	Justification     string `json:"justification"`
	ShareWithMediator *bool  `json:"share_with_mediator"`
	ReleasedToAll     bool   `json:"released_to_all"`
}

// Validate checks the input's fields: a replacement or an inserted point
// needs text, a split at least two parts, a delete none; a correction
// (one naming a language, whose tag it canonicalises) is a replacement.
func (in *AmendmentInput) Validate() error {
	if !in.Kind.Valid() {
		return Invalid("kind", "kind must be replace, insert_after, delete or split")
	}
	if strings.TrimSpace(in.Language) != "" {
		tag, err := CanonicalTag("language", in.Language)
		if err != nil {
			return err
		}
		in.Language = tag
		if in.Kind != AmendReplace {
			return Invalid("kind", "a correction to a language's text replaces that text: its kind is replace")
		}
	} else {
		in.Language = ""
	}
	if err := CheckText("justification", in.Justification, 0, 20000); err != nil {
		return err
	}
	switch in.Kind {
	case AmendDelete:
		if strings.TrimSpace(in.Text) != "" {
			return Invalid("text", "a deletion has no text")
		}
		return nil
	case AmendSplit:
		if err := CheckText("text", in.Text, 1, MaxPointText); err != nil {
			return err
		}
		if len(Paragraphs(in.Text)) < 2 {
			return Invalid("text", "a split needs at least two parts, separated by a blank line")
		}
		return nil
	}
	if strings.TrimSpace(in.Text) == "" {
		return Invalid("text", "the amendment's text must not be empty")
	}
	return CheckText("text", in.Text, 1, MaxPointText)
}

// Decision on an amendment, as a mediator makes it.
type AmendmentDecision struct {
	// Take is true to take the amendment into the working draft, false to
	// decline it.
	Take   bool   `json:"take"`
	Extent Extent `json:"extent,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Validate checks the decision: a take in full or in part, a decline
// with its reason.
func (d *AmendmentDecision) Validate() error {
	if d.Take {
		if d.Extent == "" {
			d.Extent = TakenInFull
		}
		if d.Extent != TakenInFull && d.Extent != TakenInPart {
			return Invalid("extent", "extent must be full or part")
		}
		return CheckText("reason", d.Reason, 0, 20000)
	}
	d.Extent = ""
	if strings.TrimSpace(d.Reason) == "" {
		return Invalid("reason", "say why the amendment is declined")
	}
	return CheckText("reason", d.Reason, 1, 20000)
}
