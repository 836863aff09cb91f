package parley

// Event says that something changed in some talks: a page showing them
// fetches again what its viewer may see. An event carries no content
// (no text, no rationale, no message): the Stance and Addressed fields
// say only whose business changed, so that members who may not see it do
// not hear of it at all (see Viewer.CanSeeStance).
type Event struct {
	Talks int64
	// Kind says what changed: "draft", "stance", "amendment", "comment",
	// "meeting", "statement" or "message".
	Kind string
	// Stance, for a "stance" event, holds only the talks, the party and
	// how the stance was shared, never its value, rationale or wording.
	Stance *Stance
	// Amendment, for an "amendment" event, holds as much: the talks, the
	// party and how the amendment is shared (see Viewer.CanSeeAmendment).
	Amendment *Amendment `json:",omitempty"`
	// Comment, for a "comment" event, holds the talks, the thread's party
	// and its visibility (see Viewer.CanSeeComment).
	Comment *Comment `json:",omitempty"`
	// Addressed lists the accounts a "message" event is for.
	Addressed []int64
	// Actor is the account that made the change; it already knows.
	Actor int64
}

// Broker carries events from the workspace that made a change to every
// subscriber of the talks changed. Implementations: package inproc, for
// one process, and package postgres, for every instance sharing one
// database.
//
// A Broker is safe for concurrent use. Delivery is best effort, since an
// event only prompts a fetch: Publish never waits for a subscriber, and a
// subscriber whose buffer is full misses the event (it hears of the next
// change and fetches everything then). A Broker passes events on as they
// are; deciding who may hear of one is the workspace's business.
type Broker interface {
	// Publish sends e to the subscribers of talks e.Talks without waiting
	// for them to receive it.
	Publish(e Event)
	// Subscribe returns a channel of the events of talks talksID and a
	// function that ends the subscription and closes the channel. The
	// function may be called more than once.
	Subscribe(talksID int64) (<-chan Event, func())
}
