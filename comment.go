package parley

import (
	"strings"
	"time"
)

// CommentVisibility says who sees a comment thread.
type CommentVisibility string

// The visibilities of comment threads. A thread the mediator's team opens
// as VisibleToParty is its internal thread.
const (
	VisibleToParty         CommentVisibility = "party"          // the party that opened the thread
	VisibleToPartyMediator CommentVisibility = "party_mediator" // and the mediator's team
	VisibleToAll           CommentVisibility = "all"            // every member of the talks
)

// Valid reports whether v is one of the three visibilities.
func (v CommentVisibility) Valid() bool {
	return v == VisibleToParty || v == VisibleToPartyMediator || v == VisibleToAll
}

// Comment is one comment of a thread anchored to a point by its identity
// (and optionally to a quoted passage of its text), so that the thread
// follows the point through later drafts, split or merged. A thread's
// first comment has no Parent; its replies name it. Every comment of a
// thread is seen as the thread is: see Viewer.CanSeeComment.
type Comment struct {
	ID      int64 `json:"id"`
	TalksID int64 `json:"talks"`
	// Draft is the tabled draft the comment was made on; PointID the
	// point's identity.
	Draft   int   `json:"draft"`
	PointID int64 `json:"point"`
	Parent  int64 `json:"parent,omitempty"`
	// PartyID is the author's party; ThreadParty the party that opened
	// the thread, whose Visibility the thread has.
	PartyID     int64             `json:"party"`
	PartyName   string            `json:"party_name"`
	ThreadParty int64             `json:"thread_party"`
	Visibility  CommentVisibility `json:"visibility"`
	Quote       string            `json:"quote,omitempty"`
	Text        string            `json:"text"`
	Author      string            `json:"author"`
	CreatedAt   time.Time         `json:"created_at"`
	// Resolved is set on a thread's first comment when the thread is
	// resolved.
	Resolved bool `json:"resolved,omitempty"`
}

// Thread returns the ID of the comment's thread: its own for a first
// comment, its parent's for a reply.
func (c *Comment) Thread() int64 {
	if c.Parent != 0 {
		return c.Parent
	}
	return c.ID
}

// CommentInput is a comment as a member writes it: a new thread (with
// its visibility and, optionally, a quoted passage of the point), or a
// reply to thread ReplyTo, which takes the thread's visibility.
type CommentInput struct {
	Text       string            `json:"text"`
	Quote      string            `json:"quote,omitempty"`
	Visibility CommentVisibility `json:"visibility,omitempty"`
	ReplyTo    int64             `json:"reply_to,omitempty"`
}

// Validate checks the input's fields; a new thread with no visibility is
// its party's and the mediator's.
func (in *CommentInput) Validate() error {
	if strings.TrimSpace(in.Text) == "" {
		return Invalid("text", "the comment must not be empty")
	}
	if err := CheckText("text", in.Text, 1, 20000); err != nil {
		return err
	}
	if err := CheckText("quote", in.Quote, 0, MaxPointText); err != nil {
		return err
	}
	if in.ReplyTo < 0 {
		return Invalid("reply_to", "reply_to must name a thread")
	}
	if in.ReplyTo != 0 {
		if in.Quote != "" {
			return Invalid("quote", "a reply quotes nothing: the thread does")
		}
		return nil
	}
	if in.Visibility == "" {
		in.Visibility = VisibleToPartyMediator
	}
	if !in.Visibility.Valid() {
		return Invalid("visibility", "visibility must be party, party_mediator or all")
	}
	return nil
}
