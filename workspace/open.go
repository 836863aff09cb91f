package workspace

import (
	"context"

	"github.com/parley-talks/parley"
)

// An action is what an operation asks to do in some talks, as the opening
// of every operation (Service.open) checks it.
type action struct {
	// may is the policy's question (nil: every member may).
	may func(parley.Viewer) bool
	// refusal is the EFORBIDDEN message for a member who may not.
	refusal string
	// whileOpen is set for actions taken only while the talks are open:
	// those that change the text, stances, decisions, analysis or messages.
	whileOpen bool
}

// The actions, with who may take them (see parley.Viewer).
var (
	seeTalks        = action{}
	manageTalks     = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator may change the talks"}
	addParty        = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator may add parties"}
	recordMeeting   = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator records meetings"}
	recordStatement = action{may: parley.Viewer.CanSpeakForParty, refusal: "observers do not record statements"}
	recordLeg       = action{may: parley.Viewer.CanSpeakForParty, refusal: "observers keep no itinerary here"}
	draftText       = action{may: parley.Viewer.CanDraft, refusal: "only a mediator may write and table drafts", whileOpen: true}
	markStance      = action{may: parley.Viewer.CanMark, refusal: "only a principal, negotiator or adviser of a negotiating party may record stances", whileOpen: true}
	putQuestion     = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator puts questions to the parties", whileOpen: true}
	answerDecision  = action{may: parley.Viewer.CanAnswer, refusal: answerRefusal, whileOpen: true}
	defineIssues    = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator defines the issues", whileOpen: true}
	enterProfile    = action{may: parley.Viewer.CanMark, refusal: "only a principal, negotiator or adviser of a negotiating party enters its profile", whileOpen: true}
	runAnalysis     = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator runs the analysis"}
	sharePackage    = action{may: parley.Viewer.CanManageTalks, refusal: "only a mediator shares packages", whileOpen: true}
	// Improvements are shared after an agreement too, when the talks may
	// have concluded: that is when a post-settlement settlement is sought.
	shareImprovements = action{may: parley.Viewer.CanShareImprovements, refusal: "only a mediator shares improvements"}
	wordOptions       = action{may: parley.Viewer.CanWordOptions, refusal: "only a mediator words the options and makes drafts of packages", whileOpen: true}
	sendMessage       = action{may: parley.Viewer.CanSendMessage, refusal: "only principals send sealed messages", whileOpen: true}
)

// answerRefusal refuses an answer to a member who is not the principal of
// a party the decision asks.
const answerRefusal = "only the principal of a party asked answers"

// open is the opening of every operation on some talks: it finds the
// caller's standing there (talks it is not a member of are not found),
// asks the policy whether it may take action a, and, for an action taken
// only while the talks are open, checks that they are. It returns the
// caller as the policy sees it and the talks.
func (s *Service) open(ctx context.Context, tx parley.Tx, talksID int64, a action) (parley.Viewer, *parley.Talks, error) {
	v, t, err := s.viewer(ctx, tx, talksID)
	if err != nil {
		return v, nil, err
	}
	if a.may != nil && !a.may(v) {
		return v, nil, parley.Errorf(parley.EFORBIDDEN, "%s", a.refusal)
	}
	if a.whileOpen {
		if err := t.CheckOpen(); err != nil {
			return v, nil, err
		}
	}
	return v, t, nil
}

// viewer looks up the caller's standing in the talks. Talks the caller is
// not a member of are reported as not found.
func (s *Service) viewer(ctx context.Context, tx parley.Tx, talksID int64) (parley.Viewer, *parley.Talks, error) {
	accountID, err := s.signedIn(ctx)
	if err != nil {
		return parley.Viewer{}, nil, err
	}
	v := parley.Viewer{AccountID: accountID}
	m, err := tx.MemberOf(ctx, talksID, accountID)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		return v, nil, parley.NotFound("talks")
	} else if err != nil {
		return v, nil, err
	}
	if err := checkPasskeyRequired(ctx, tx, talksID); err != nil {
		return v, nil, err
	}
	talks, err := tx.Talks(ctx, talksID)
	if err != nil {
		return v, nil, err
	}
	parties, err := tx.Parties(ctx, talksID)
	if err != nil {
		return v, nil, err
	}
	v.Member = m
	for i := range parties {
		if parties[i].ID == m.PartyID {
			v.Party = &parties[i]
		}
	}
	if v.Party == nil {
		return v, nil, parley.NotFound("party")
	}
	return v, talks, nil
}

// visible returns the records, read with error err, that v may see as may
// says; never nil without an error.
func visible[T any](records []T, err error, v parley.Viewer, may func(parley.Viewer, *T) bool) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := []T{}
	for i := range records {
		if may(v, &records[i]) {
			out = append(out, records[i])
		}
	}
	return out, nil
}
