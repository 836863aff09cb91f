package parley

import (
	"slices"

	"github.com/parley-talks/parley/auditlog"
)

// Viewer is the caller as the authorization policy sees it within one set
// of talks: the account, and its membership there if it has one.
//
// Every decision about who may see or do what is a method of Viewer; the
// workspace asks these and nothing else. What a viewer may not see is
// reported as not found, so that its existence does not leak either.
type Viewer struct {
	AccountID int64
	Member    *Member // nil when the account is not a member of the talks
	Party     *Party  // the member's party; nil with Member
}

// IsMember reports whether the viewer belongs to the talks at all.
func (v Viewer) IsMember() bool { return v.Member != nil }

// InMediatorParty reports whether the viewer is on the mediator's team.
func (v Viewer) InMediatorParty() bool {
	return v.Member != nil && v.Party != nil && v.Party.Kind == PartyMediator
}

// IsMediator reports whether the viewer is a mediator: a member of the
// mediator party with the mediator role. Mediators own the text and run
// the talks.
func (v Viewer) IsMediator() bool {
	return v.InMediatorParty() && v.Member.Role == RoleMediator
}

// CanSeeTalks reports whether the viewer may see that the talks exist, their
// parties, members and tabled drafts.
func (v Viewer) CanSeeTalks() bool { return v.IsMember() }

// CanManageTalks reports whether the viewer may change the talks' details
// and state and add parties.
func (v Viewer) CanManageTalks() bool { return v.IsMediator() }

// CanAddMember reports whether the viewer may add members to party p: a
// mediator to any party, a principal to its own.
func (v Viewer) CanAddMember(p *Party) bool {
	if v.IsMediator() {
		return true
	}
	return v.Member != nil && v.Member.PartyID == p.ID && v.Member.Role == RolePrincipal
}

// CanManageMember reports whether the viewer may change the role of
// member m of party p or remove it: a mediator any member; a principal the
// members of its own party who are not principals (the policy of
// CanAddMember, but a principal does not unseat another).
func (v Viewer) CanManageMember(p *Party, m *Member) bool {
	if v.IsMediator() {
		return true
	}
	return v.CanAddMember(p) && m.PartyID == p.ID && m.Role != RolePrincipal
}

// CanSeeWorkingDraft reports whether the viewer may read the mediator's
// untabled working draft.
func (v Viewer) CanSeeWorkingDraft() bool { return v.InMediatorParty() }

// CanDraft reports whether the viewer may write and table drafts.
func (v Viewer) CanDraft() bool { return v.IsMediator() }

// CanMarkFor reports whether the viewer may record stances for party p: a
// principal, negotiator or adviser of p, when p is a negotiating party.
func (v Viewer) CanMarkFor(p *Party) bool {
	if v.Member == nil || v.Member.PartyID != p.ID || p.Kind != PartyParty {
		return false
	}
	switch v.Member.Role {
	case RolePrincipal, RoleNegotiator, RoleAdviser:
		return true
	}
	return false
}

// CanMark reports whether the viewer may record stances and enter a
// profile for its own party (see CanMarkFor).
func (v Viewer) CanMark() bool { return v.Party != nil && v.CanMarkFor(v.Party) }

// CanSpeakForParty reports whether the viewer may record its party's
// public statements and travel legs: a member of any party but an
// observer party.
func (v Viewer) CanSpeakForParty() bool {
	return v.Member != nil && v.Party != nil && v.Party.Kind != PartyObserver
}

// CanSeeStance reports whether the viewer may see stance s (and its
// rationale and wording): its own party always; the mediator's team when
// the party shared it; everyone in the talks when the party released it.
func (v Viewer) CanSeeStance(s *Stance) bool {
	switch {
	case v.Member == nil || v.Member.TalksID != s.TalksID:
		return false
	case v.Member.PartyID == s.PartyID, s.ReleasedToAll:
		return true
	case v.InMediatorParty():
		return s.ShareWithMediator
	}
	return false
}

// SeesAllStancesOf reports whether the viewer sees every stance of the party,
// so that a point without a visible stance is truly unmarked rather than
// withheld. Only the party's own members do.
func (v Viewer) SeesAllStancesOf(partyID int64) bool {
	return v.Member != nil && v.Member.PartyID == partyID
}

// CanSeeMarkingOf reports whether the viewer may know which points party
// partyID has marked and whether it has declared its marking finished —
// not how it marked them: the party's own members and the mediator's team,
// who must know who still has to mark.
func (v Viewer) CanSeeMarkingOf(partyID int64) bool {
	return v.SeesAllStancesOf(partyID) || v.InMediatorParty()
}

// CanSeeHistoryOf reports whether the viewer may see the history of party
// partyID's stances: its own members only, since earlier versions may have
// been shared differently.
func (v Viewer) CanSeeHistoryOf(partyID int64) bool { return v.SeesAllStancesOf(partyID) }

// CanSeeAuditRecord reports whether the viewer may see an audit record
// about its talks: every member, unless the record is one party's
// confidential business, which only that party's members see, or the
// business of several parties (an analysis run on their profiles), which
// those parties' members and the mediator's team see.
func (v Viewer) CanSeeAuditRecord(r *auditlog.Record) bool {
	switch {
	case v.Member == nil || v.Member.TalksID != r.Talks:
		return false
	case r.Party != 0:
		return r.Party == v.Member.PartyID
	case len(r.Parties) > 0:
		return v.InMediatorParty() || slices.Contains(r.Parties, v.Member.PartyID)
	}
	return true
}

// CanSeeAnalysisRun reports whether the viewer may know that an analysis
// ran on the parties' profiles (what ran, on which version of the issue
// space, with whose profiles; never its result): the mediator's team, and
// the members of the parties whose profiles it used.
func (v Viewer) CanSeeAnalysisRun(r *AnalysisRun) bool {
	return v.InMediatorParty() || v.Member != nil && slices.Contains(r.Parties, v.Member.PartyID)
}

// CanSeeAnalysisResult reports whether the viewer may see the result of
// an analysis run: those who may run it.
func (v Viewer) CanSeeAnalysisResult() bool { return v.CanManageTalks() }

// CanShareImprovements reports whether the viewer may share improvements
// on a baseline package with every member: those who may run the analysis.
func (v Viewer) CanShareImprovements() bool { return v.CanManageTalks() }

// CanSeeGainOf reports whether the viewer may see the gain a shared
// improvement gives party partyID, which its profile alone tells: that
// party's own members.
func (v Viewer) CanSeeGainOf(partyID int64) bool {
	return v.Member != nil && v.Party != nil && v.Party.Kind == PartyParty && v.Member.PartyID == partyID
}

// CanSeeOptionWordings reports whether the viewer may read the wording
// linked to the options of the issues, the mediator's drafting material:
// those who may read the working draft.
func (v Viewer) CanSeeOptionWordings() bool { return v.CanSeeWorkingDraft() }

// CanWordOptions reports whether the viewer may link wording to options
// and make a draft from a package: those who write drafts.
func (v Viewer) CanWordOptions() bool { return v.CanDraft() }

// CanAnswerFor reports whether the viewer may answer decisions for party
// p: its principal, when p is a negotiating party.
func (v Viewer) CanAnswerFor(p *Party) bool {
	return v.Member != nil && v.Member.PartyID == p.ID && p.Kind == PartyParty && v.Member.Role == RolePrincipal
}

// CanAnswer reports whether the viewer may answer decisions for its own
// party (see CanAnswerFor); a decision also names the parties it asks.
func (v Viewer) CanAnswer() bool { return v.Party != nil && v.CanAnswerFor(v.Party) }

// CanSeeReasons reports whether the viewer may see the reasons a party
// gave with its answer: the party and the mediator's team.
func (v Viewer) CanSeeReasons(a *Answer) bool {
	return v.Member != nil && (v.Member.PartyID == a.PartyID || v.InMediatorParty())
}

// CanSeeMeetingNotes reports whether the viewer may read a meeting's
// notes: the members of the parties present, or everyone once released.
func (v Viewer) CanSeeMeetingNotes(m *Meeting) bool {
	if v.Member == nil || v.Member.TalksID != m.TalksID {
		return false
	}
	if m.NotesReleased {
		return true
	}
	for _, p := range m.Parties {
		if p == v.Member.PartyID {
			return true
		}
	}
	return false
}

// CanSeeLeg reports whether the viewer may see a travel leg: its own party
// and the mediator's team.
func (v Viewer) CanSeeLeg(l *Leg) bool {
	return v.Member != nil && v.Member.TalksID == l.TalksID && (v.Member.PartyID == l.PartyID || v.InMediatorParty())
}

// CanSeeMessage reports whether the viewer may see a sealed message's
// envelope and ciphertext: its sender, its recipients and its envoy. Only
// the recipients' identities open the ciphertext.
func (v Viewer) CanSeeMessage(m *Message) bool {
	if v.Member == nil || v.Member.TalksID != m.TalksID {
		return false
	}
	return v.Member.Username == m.Sender || v.Member.Username == m.Envoy || m.Addressed(v.AccountID)
}

// CanSendMessage reports whether the viewer may send sealed messages: the
// principals of the talks do.
func (v Viewer) CanSendMessage() bool {
	return v.Member != nil && v.Member.Role == RolePrincipal
}

// CanCarryMessages reports whether a member may be named envoy: a
// negotiator (envoy) or a mediator.
func CanCarryMessages(m *Member) bool {
	return m.Role == RoleNegotiator || m.Role == RoleMediator
}

// CanAdminister reports whether account a may administer the accounts of
// the workspace (create, disable, reset, unlock them and give rights): an
// administrator whose account is enabled. Administration gives no sight
// of any talks: an administrator sees the talks it is a member of, as
// anyone does.
func CanAdminister(a *Account) bool { return a != nil && a.Admin && !a.Disabled() }

// CanCreateTalks reports whether account a may open talks: one an
// administrator has given the right to (and every account that had one
// before administration came).
func CanCreateTalks(a *Account) bool { return a != nil && a.MayCreateTalks && !a.Disabled() }

// CanPropose reports whether the viewer may propose amendments for its own
// party and withdraw them: those who may mark for a negotiating party, and
// the mediator's team.
func (v Viewer) CanPropose() bool { return v.CanMark() || v.InMediatorParty() }

// CanSeeAmendment reports whether the viewer may see amendment a (its
// text and justification) as it may a stance (CanSeeStance): its own
// party always; the mediator's team when the party shared it; everyone
// in the talks when the party released it.
func (v Viewer) CanSeeAmendment(a *Amendment) bool {
	switch {
	case v.Member == nil || v.Member.TalksID != a.TalksID:
		return false
	case v.Member.PartyID == a.PartyID, a.ReleasedToAll:
		return true
	case v.InMediatorParty():
		return a.ShareWithMediator
	}
	return false
}

// CanWithdrawAmendment reports whether the viewer may withdraw amendment
// a: a member of its party who may propose.
func (v Viewer) CanWithdrawAmendment(a *Amendment) bool {
	return v.CanPropose() && v.Member.PartyID == a.PartyID && v.Member.TalksID == a.TalksID
}

// CanDecideAmendment reports whether the viewer may take amendment a into
// the working draft or decline it: a mediator who may see it.
func (v Viewer) CanDecideAmendment(a *Amendment) bool { return v.CanDraft() && v.CanSeeAmendment(a) }

// CanSeeAmendmentReason reports whether the viewer may see why amendment
// a was declined (or what of it was taken): the proposing party and the
// mediator's team, never the other parties, even when the amendment is
// released to all.
func (v Viewer) CanSeeAmendmentReason(a *Amendment) bool {
	return v.CanSeeAmendment(a) && (v.Member.PartyID == a.PartyID || v.InMediatorParty())
}

// CanComment reports whether the viewer may write comments and resolve
// the threads it sees: a member of a negotiating party or of the
// mediator's team, not an observer.
func (v Viewer) CanComment() bool { return v.CanSpeakForParty() }

// CanSeeComment reports whether the viewer may see comment c, as its
// thread is seen: the party that opened the thread always; the mediator's
// team when the thread is shared with it; everyone when it is for all.
func (v Viewer) CanSeeComment(c *Comment) bool {
	switch {
	case v.Member == nil || v.Member.TalksID != c.TalksID:
		return false
	case v.Member.PartyID == c.ThreadParty, c.Visibility == VisibleToAll:
		return true
	case v.InMediatorParty():
		return c.Visibility == VisibleToPartyMediator
	}
	return false
}

// CanTranslate reports whether the viewer may write translations of the
// talks' tabled drafts, whose languages and translators are l, in some
// language: the mediator's team; a translator the talks appointed in the
// mediator's party; and one appointed in a negotiating party, when the
// talks decided that parties' members may translate. Observers never do.
func (v Viewer) CanTranslate(l *TalksLanguages) bool {
	switch {
	case v.InMediatorParty():
		return true
	case v.Member == nil || v.Party == nil || len(l.TranslatorLanguages(v.AccountID)) == 0:
		return false
	}
	return v.Party.Kind == PartyParty && l.PartyTranslators
}

// CanTranslateInto reports whether the viewer may write a tabled draft's
// text in language tag, latest saying whether the draft is the latest
// tabled: the mediator's team, into any language of any draft; an
// appointed translator who may translate (CanTranslate), into the
// languages it was appointed for and on the latest draft only, since the
// texts of a superseded draft are history the mediator's team keeps.
func (v Viewer) CanTranslateInto(l *TalksLanguages, tag string, latest bool) bool {
	switch {
	case v.InMediatorParty():
		return true
	case !v.CanTranslate(l) || !latest:
		return false
	}
	return slices.Contains(l.TranslatorLanguages(v.AccountID), tag)
}
