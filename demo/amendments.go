package demo

import (
	"context"
	"fmt"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The amendments and comments of the scenario: before draft 5, the
// parties and the mediator's team discuss the territory point of draft 4
// in comment threads (which follow the point into draft 5), and Russia
// and Ukraine each propose new wording for it, shared with the mediator.
// The two collide; the mediator takes Russia's in part (the
// deadline for the presidents' talks, not the withdrawal) and declines
// Ukraine's with a reason only Ukraine and the mediator's team read. Draft
// 5 is then tabled from the working draft, and records that it took
// Russia's amendment.

// Amendments by party: the wording and the justification.
var territoryAmendments = []struct {
	who, text, justification string
}{
	{"russia-envoy",
		"Ukrainian forces withdraw from the Donetsk region, which comes under Russian administration; its final status is settled in direct talks between the presidents within one year.",
		"Russia: the Donetsk region is ours by our constitution; a deadline keeps the talks from dragging on for ever."},
	{"ukraine-negotiator",
		"Both sides withdraw from the line of contact in the Donetsk region, which is frozen pending direct talks between the presidents.",
		"Ukraine: we will not withdraw from territory we hold; a withdrawal must be mutual."},
}

// The mediator's reasons, seen by the proposing party and its own team.
const (
	TakenInPartReason = "Taken in part: the one-year deadline for the presidents' talks. The withdrawal and the buffer zone stay as in draft 4."
	DeclinedReason    = "Declined for draft 5: a withdrawal by both sides reopens the buffer zone drafts 2 to 4 were built on; the line of contact goes to the presidents' meeting instead."
)

// amendTerritory has Russia and Ukraine amend the territory point of
// tabled draft number, and the mediator take Russia's amendment in part
// and decline Ukraine's.
func amendTerritory(ws *workspace.Service, as func(string) context.Context, tid int64, number int, ids map[string]int64) error {
	share := true
	var proposed []*parley.Amendment
	for _, am := range territoryAmendments {
		a, err := ws.ProposeAmendment(as(am.who), tid, number, ids["territory"], parley.AmendmentInput{Kind: parley.AmendReplace,
			Text: am.text, Justification: am.justification, ShareWithMediator: &share})
		if err != nil {
			return fmt.Errorf("%s's amendment: %w", am.who, err)
		}
		proposed = append(proposed, a)
	}
	med := as("mediator")
	if _, err := ws.DecideAmendment(med, tid, proposed[0].ID, parley.AmendmentDecision{Take: true, Extent: parley.TakenInPart,
		Reason: TakenInPartReason}); err != nil {
		return fmt.Errorf("taking russia's amendment: %w", err)
	}
	if _, err := ws.DecideAmendment(med, tid, proposed[1].ID, parley.AmendmentDecision{Reason: DeclinedReason}); err != nil {
		return fmt.Errorf("declining ukraine's amendment: %w", err)
	}
	return nil
}

// tableDraft tables draft d (from 0) from in; the last after the parties
// amended the one before, through the working draft: in is saved over the
// working draft the amendments made (the mediator's edit of what it took)
// and tabled.
func tableDraft(ws *workspace.Service, as func(string) context.Context, tid int64, d int, in *parley.DraftInput, ids map[string]int64) (*parley.Draft, error) {
	med := as("mediator")
	if d < drafts-1 {
		return ws.TableDraft(med, tid, in)
	}
	if err := discussTerritory(ws, as, tid, d, ids); err != nil {
		return nil, fmt.Errorf("comments on draft %d: %w", d, err)
	}
	if err := amendTerritory(ws, as, tid, d, ids); err != nil {
		return nil, fmt.Errorf("amendments to draft %d: %w", d, err)
	}
	if _, err := ws.SaveWorkingDraft(med, tid, in); err != nil {
		return nil, err
	}
	return ws.TableWorkingDraft(med, tid)
}

// territoryThreads are the scenario's comment threads on the territory
// point of draft 4, which follow it into draft 5: who opens each, who it
// is for, what it quotes, and the replies.
var territoryThreads = []struct {
	who        string
	visibility parley.CommentVisibility
	quote      string
	text       string
	replies    [][2]string // who, text
	resolved   bool
}{
	{"russia-envoy", parley.VisibleToPartyMediator, "under international monitoring",
		"Whose monitors? We cannot accept monitors from states that arm Ukraine.",
		[][2]string{{"mediator", "We are sounding out monitors from states that have not supplied arms; a list follows before draft 5."}}, true},
	{"ukraine-negotiator", parley.VisibleToParty, "", "Internal: hold the line on no withdrawal; the buffer zone only if mutual.", nil, false},
	{"us-adviser", parley.VisibleToParty, "", "Team: both amendments reach for the presidents' meeting; a deadline may be the common ground.",
		[][2]string{{"mediator", "Agreed: take Russia's deadline, keep the zone."}}, false},
	{"mediator", parley.VisibleToAll, "its final status", "For all: the final status stays for the presidents to settle; draft 5 will say by when.", nil, false},
}

// discussTerritory opens the scenario's comment threads on the territory
// point of tabled draft number.
func discussTerritory(ws *workspace.Service, as func(string) context.Context, tid int64, number int, ids map[string]int64) error {
	for _, th := range territoryThreads {
		c, err := ws.AddComment(as(th.who), tid, number, ids["territory"], parley.CommentInput{Text: th.text, Quote: th.quote, Visibility: th.visibility})
		if err != nil {
			return fmt.Errorf("%s's thread: %w", th.who, err)
		}
		for _, r := range th.replies {
			if _, err := ws.AddComment(as(r[0]), tid, number, ids["territory"], parley.CommentInput{Text: r[1], ReplyTo: c.ID}); err != nil {
				return fmt.Errorf("%s's reply: %w", r[0], err)
			}
		}
		if th.resolved {
			if _, err := ws.ResolveThread(as(th.who), tid, c.ID, true); err != nil {
				return err
			}
		}
	}
	return nil
}
