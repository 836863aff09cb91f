package analysis

import "context"

// poller tells the merge's long loops, cheaply, whether its context is
// done, so that a step of a huge issue stops soon after an interrupt.
type poller struct {
	ctx  context.Context
	work int
	done bool
}

// pollWork is the number of units of work (candidates read, vectors
// compared) between two looks at the context.
const pollWork = 1 << 12

// stop reports whether the merge's context is done, looking at it once
// every pollWork units of work, of which the caller has just done one.
// Once it has reported true, it keeps doing so.
func (mg *merger) stop() bool { return mg.stopAfter(1) }

// stopAfter is stop after work units of work.
func (mg *merger) stopAfter(work int) bool {
	p := &mg.poll
	if p.done {
		return true
	}
	p.work += work
	if p.work < pollWork {
		return false
	}
	p.work = 0
	p.done = p.cancelled()
	return p.done
}

// cancelled reports whether the context is done; the query goroutines
// call it directly, as it changes nothing.
func (p *poller) cancelled() bool {
	return p.ctx != nil && p.ctx.Err() != nil
}

// stopped reports whether the merge's context is done, looking at it
// now: the steps call it between their stages, and return an empty layer
// when it is, which the merge drops.
func (mg *merger) stopped() bool {
	if !mg.poll.done && mg.poll.cancelled() {
		mg.poll.done = true
	}
	return mg.poll.done
}

// queryPoll is the number of dominance queries between two looks at the
// context: on a large antichain one query can take a millisecond.
const queryPoll = 64
