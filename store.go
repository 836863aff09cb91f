package parley

import (
	"context"
	"time"

	"github.com/parley-talks/parley/auditlog"
)

// Store is Parley's one storage interface. Package sqlstore implements it
// once in SQL; package sqlite runs it on an embedded database and package
// postgres on a PostgreSQL server. Every backend passes the suite in
// package storetest.
type Store interface {
	// View runs fn in a read-only transaction with a consistent snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction. If fn returns an error,
	// nothing it wrote is kept and the error is returned as it is. The
	// store may run fn more than once, in a new transaction each time,
	// when the database asks for a retry (a serialization failure or a
	// deadlock), so fn must have no effect but on its Tx and must assign,
	// not accumulate, what it hands out.
	Update(ctx context.Context, fn func(Tx) error) error
	// UpdateShared is Update for a write that may run alongside other
	// shared writes, and alongside nothing else: every Update excludes
	// them. Such a write changes only rows that no other shared write
	// reads to decide anything but its own next version (a party's
	// stance), so that two of them can only race to store the same row,
	// which the store settles by running the loser again.
	UpdateShared(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx is one transaction's view of the stored data. Methods that look an
// object up return an ENOTFOUND *Error when there is none; methods that
// create one fill in its ID and return ECONFLICT when it clashes with a
// unique rule (a second account of the same name, say).
type Tx interface {
	// Setting returns a database-wide setting, "" if it is not set.
	Setting(ctx context.Context, key string) (string, error)
	PutSetting(ctx context.Context, key, value string) error
	// Empty reports whether the database holds no accounts.
	Empty(ctx context.Context) (bool, error)

	CreateAccount(ctx context.Context, a *Account) error
	AccountByID(ctx context.Context, id int64) (*Account, error)
	// Preferences returns an account's interface preferences (DraftView
	// "auto" when it has set none); SetPreferences stores them.
	Preferences(ctx context.Context, accountID int64) (Preferences, error)
	SetPreferences(ctx context.Context, accountID int64, p Preferences) error
	AccountByUsername(ctx context.Context, username string) (*Account, error)
	// UpdateAccount stores an account's display name, password hash,
	// administrator flag, right to open talks and disabled time.
	UpdateAccount(ctx context.Context, a *Account) error
	// Accounts lists every account, by user name.
	Accounts(ctx context.Context) ([]Account, error)
	// SetLastSignIn records when the account last signed in; LastSignIns
	// returns that time for every account that has signed in, by ID.
	SetLastSignIn(ctx context.Context, accountID int64, at time.Time) error
	LastSignIns(ctx context.Context) (map[int64]time.Time, error)

	// CreatePasswordLink stores a one-time password link; PasswordLink
	// finds one by its token's hash (ENOTFOUND, expired or not);
	// TakePasswordLink deletes one and returns it, in one statement, so
	// that of two transactions using a link at once only one gets it;
	// DeletePasswordLinksOf deletes every link of an account;
	// DeleteExpiredPasswordLinks deletes those that expired before now.
	CreatePasswordLink(ctx context.Context, l *PasswordLink) error
	PasswordLink(ctx context.Context, hash []byte) (*PasswordLink, error)
	TakePasswordLink(ctx context.Context, hash []byte) (*PasswordLink, error)
	DeletePasswordLinksOf(ctx context.Context, accountID int64) error
	DeleteExpiredPasswordLinks(ctx context.Context, now time.Time) error

	// CountSignInAttempt counts a sign-in attempt under key (an account, a
	// client address, or both) in one statement, so that attempts made at
	// once cannot all pass a limit: a count whose window began before since
	// starts again, at now. It returns the count with this attempt and when
	// its window began. UncountSignInAttempt takes one attempt back;
	// ClearSignInAttempts forgets a key's count; PruneSignInAttempts
	// forgets every count whose window began before since.
	CountSignInAttempt(ctx context.Context, key string, now, since time.Time) (int, time.Time, error)
	UncountSignInAttempt(ctx context.Context, key string) error
	ClearSignInAttempts(ctx context.Context, key string) error
	PruneSignInAttempts(ctx context.Context, since time.Time) error
	// SignInCounts lists the counts whose key is key or begins with
	// prefix, whose window began at or after since;
	// ClearSignInAttemptsPrefix forgets the counts whose key begins with
	// prefix.
	SignInCounts(ctx context.Context, key, prefix string, since time.Time) ([]SignInCount, error)
	ClearSignInAttemptsPrefix(ctx context.Context, prefix string) error

	CreateSession(ctx context.Context, s *Session) error
	SessionByTokenHash(ctx context.Context, hash []byte) (*Session, error)
	DeleteSession(ctx context.Context, hash []byte) error
	DeleteSessionsOf(ctx context.Context, accountID int64) error
	// SessionsOf lists an account's sessions, oldest first.
	SessionsOf(ctx context.Context, accountID int64) ([]Session, error)
	// DeleteSessionsOfExcept ends every session of an account but the one
	// whose token hash is keep.
	DeleteSessionsOfExcept(ctx context.Context, accountID int64, keep []byte) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) error

	// CreatePasskey stores a passkey (a credential ID registered already:
	// ECONFLICT); Passkeys lists an account's, oldest first;
	// PasskeyByCredentialID finds one by its credential ID;
	// UsePasskey stores a passkey's counter, credential image and last
	// use; DeletePasskey removes an account's passkey (ENOTFOUND: no such
	// passkey of that account).
	CreatePasskey(ctx context.Context, p *Passkey) error
	Passkeys(ctx context.Context, accountID int64) ([]Passkey, error)
	PasskeyByCredentialID(ctx context.Context, credentialID []byte) (*Passkey, error)
	UsePasskey(ctx context.Context, p *Passkey) error
	DeletePasskey(ctx context.Context, accountID, id int64) error
	// SetAccountRequiresPasskey and AccountRequiresPasskey keep whether
	// an account refuses password sign-in once it has a passkey;
	// SetTalksRequirePasskey and TalksRequirePasskey whether some talks
	// admit only sessions made with a passkey.
	SetAccountRequiresPasskey(ctx context.Context, accountID int64, on bool) error
	AccountRequiresPasskey(ctx context.Context, accountID int64) (bool, error)
	SetTalksRequirePasskey(ctx context.Context, talksID int64, on bool) error
	TalksRequirePasskey(ctx context.Context, talksID int64) (bool, error)

	// SetAccountKey stores an account's age identity (public recipient and
	// passphrase-sealed identity); AccountKey returns it.
	SetAccountKey(ctx context.Context, accountID int64, k AccountKey) error
	AccountKey(ctx context.Context, accountID int64) (*AccountKey, error)

	CreateTalks(ctx context.Context, t *Talks) error
	Talks(ctx context.Context, id int64) (*Talks, error)
	// AllTalks lists every talks in the database, oldest first (for the
	// operator's checks).
	AllTalks(ctx context.Context) ([]Talks, error)
	// TalksOf lists the talks the account is a member of, newest first.
	TalksOf(ctx context.Context, accountID int64) ([]Talks, error)
	UpdateTalks(ctx context.Context, t *Talks) error

	CreateParty(ctx context.Context, p *Party) error
	Parties(ctx context.Context, talksID int64) ([]Party, error)

	CreateMember(ctx context.Context, m *Member) error
	Members(ctx context.Context, talksID int64) ([]Member, error)
	// MemberOf returns the account's membership in the talks.
	MemberOf(ctx context.Context, talksID, accountID int64) (*Member, error)
	// UpdateMemberRole stores a member's role; DeleteMember removes a
	// member from the talks (ENOTFOUND: no such member there).
	UpdateMemberRole(ctx context.Context, m *Member) error
	DeleteMember(ctx context.Context, talksID, memberID int64) error

	// CreateInvitation stores an invitation (its token only as a hash);
	// Invitation and InvitationByTokenHash return one, whatever its state;
	// Invitations lists the talks' invitations, oldest first.
	// AcceptInvitation and RevokeInvitation close an invitation that is
	// still open (neither accepted nor revoked; ENOTFOUND otherwise), in
	// one statement, so that a token is used once however many try it.
	CreateInvitation(ctx context.Context, inv *Invitation) error
	Invitation(ctx context.Context, talksID, id int64) (*Invitation, error)
	InvitationByTokenHash(ctx context.Context, hash []byte) (*Invitation, error)
	Invitations(ctx context.Context, talksID int64) ([]Invitation, error)
	AcceptInvitation(ctx context.Context, id, accountID int64, at time.Time) error
	RevokeInvitation(ctx context.Context, id int64, at time.Time) error

	// NewPointID allocates a new stable point identity in the talks.
	NewPointID(ctx context.Context, talksID int64) (int64, error)
	// PutDraft stores a draft. A tabled draft (Number ≥ 1) is inserted and
	// never replaced: storing one whose number exists is ECONFLICT. The
	// working draft (Number 0) replaces any earlier working draft.
	PutDraft(ctx context.Context, d *Draft) error
	// Draft returns a draft with its points; number 0 is the working draft.
	Draft(ctx context.Context, talksID int64, number int) (*Draft, error)
	// Drafts lists the tabled drafts in order, without their points.
	Drafts(ctx context.Context, talksID int64) ([]Draft, error)
	DeleteWorkingDraft(ctx context.Context, talksID int64) error
	// WorkingDraftVersion returns the version of the talks' working draft:
	// 0 until it is first saved. NextWorkingDraftVersion counts one more
	// change to it (a save, a discard, a tabling) and returns the new
	// version; versions never repeat.
	WorkingDraftVersion(ctx context.Context, talksID int64) (int, error)
	NextWorkingDraftVersion(ctx context.Context, talksID int64) (int, error)
	// PutTablingKey records that the tabling request with the client's key
	// tabled draft number (a key used already: ECONFLICT); TablingKey
	// returns the draft a key tabled (ENOTFOUND if none).
	PutTablingKey(ctx context.Context, talksID int64, key string, draft int) error
	TablingKey(ctx context.Context, talksID int64, key string) (int, error)

	// TalksLanguages returns the talks' languages and translators
	// (parley.DefaultLanguages when they set none); SetTalksLanguages
	// stores them.
	TalksLanguages(ctx context.Context, talksID int64) (*TalksLanguages, error)
	SetTalksLanguages(ctx context.Context, talksID int64, l *TalksLanguages) error
	// PutDraftLanguage records the drafting language of a tabled draft,
	// once (again: ECONFLICT); DraftLanguage returns it, "" if none was
	// recorded.
	PutDraftLanguage(ctx context.Context, talksID int64, draft int, tag string) error
	DraftLanguage(ctx context.Context, talksID int64, draft int) (string, error)
	// PutTranslation stores a new version of a point's text in a language
	// (it sets t.Version, one more than the latest); Translations returns
	// the latest version of every point's text in every language of one
	// draft, by language and point; TranslationHistory every version of
	// one point's text in one language, oldest first.
	// PutTranslation does not store t.Amendment: LinkTranslation records
	// that version t.Version came from correction t.Amendment (a second
	// version from one correction: ECONFLICT), apart, so that the caller
	// can write it under an audit record only the correction's readers
	// see.
	PutTranslation(ctx context.Context, t *Translation) error
	LinkTranslation(ctx context.Context, t *Translation) error
	Translations(ctx context.Context, talksID int64, draft int) ([]Translation, error)
	TranslationHistory(ctx context.Context, talksID int64, draft int, pointID int64, lang string) ([]Translation, error)

	// CreateMessage stores a sealed message with its recipients.
	CreateMessage(ctx context.Context, m *Message) error
	// Messages lists the talks' messages, oldest first, with ciphertexts.
	Messages(ctx context.Context, talksID int64) ([]Message, error)
	Message(ctx context.Context, talksID, id int64) (*Message, error)
	// UnreadMessages counts the talks' messages addressed to the account
	// that it has not read, without reading them.
	UnreadMessages(ctx context.Context, talksID, accountID int64) (int, error)
	// MarkDelivered and MarkRead set a recipient's receipt times if unset.
	MarkDelivered(ctx context.Context, messageID, accountID int64, at time.Time) error
	MarkRead(ctx context.Context, messageID, accountID int64, at time.Time) error

	// AppendAudit appends a record to the audit log and signs the new head
	// as the latest checkpoint, in the caller's transaction.
	AppendAudit(ctx context.Context, r auditlog.Record) error
	// AuditEntries returns the audit records about the talks, oldest first.
	AuditEntries(ctx context.Context, talksID int64) ([]AuditEntry, error)
	// AuditStorage returns the audit log's storage, for proofs.
	AuditStorage() auditlog.Storage
	// LatestCheckpoint returns the latest signed checkpoint.
	LatestCheckpoint(ctx context.Context) (*Checkpoint, error)
	// VerifyAudit checks every audit record against the stored hashes, the
	// stored latest checkpoint and the given ones (oldest first) against
	// the records, with verifierKey ("" for the stored one), and every
	// stored row against its latest record. Tampering is reported as an
	// error (an *auditlog.Fault, or a fault naming the row).
	VerifyAudit(ctx context.Context, checkpoints [][]byte, verifierKey string) (*AuditVerification, error)

	// CreateDecision stores a decision; PutAnswer records (or replaces) a
	// party's answer; CloseDecision sets its status; Decisions and Decision
	// return decisions with their answers.
	CreateDecision(ctx context.Context, d *Decision) error
	PutAnswer(ctx context.Context, decisionID int64, a *Answer) error
	CloseDecision(ctx context.Context, d *Decision) error
	Decisions(ctx context.Context, talksID int64) ([]Decision, error)
	Decision(ctx context.Context, talksID, id int64) (*Decision, error)

	// PutIssueSpace stores the talks' issue space with its version (1 or
	// more; the workspace counts them); IssueSpace returns it (ENOTFOUND
	// if none; a space stored before versions were kept is version 1).
	// PutProfile stores a party's profile, sealed; Profiles returns every
	// party's. PutShare and Shares keep the packages the mediator shared.
	PutIssueSpace(ctx context.Context, talksID int64, s *IssueSpace) error
	IssueSpace(ctx context.Context, talksID int64) (*IssueSpace, error)
	PutProfile(ctx context.Context, talksID int64, p *Profile) error
	Profiles(ctx context.Context, talksID int64) ([]Profile, error)
	PutShare(ctx context.Context, talksID int64, s *SharedPackage) error
	Shares(ctx context.Context, talksID int64) ([]SharedPackage, error)

	// PutAnalysisRun records a run of an analysis and sets r.ID; its
	// Result is sealed, and the result of the earlier run of the same kind
	// is dropped. AnalysisRuns lists the talks' runs, oldest first, each
	// with its result if it is kept.
	PutAnalysisRun(ctx context.Context, r *AnalysisRun) error
	AnalysisRuns(ctx context.Context, talksID int64) ([]AnalysisRun, error)

	// PutImprovementShare records an improvement the mediator shared and
	// sets s.ID; ImprovementShares lists the talks', oldest first.
	// PutOptionWordings replaces the talks' option wordings with ws;
	// OptionWordings returns them by issue, option and point.
	PutImprovementShare(ctx context.Context, talksID int64, s *ImprovementShare) error
	ImprovementShares(ctx context.Context, talksID int64) ([]ImprovementShare, error)
	PutOptionWordings(ctx context.Context, talksID int64, ws []OptionWording) error
	OptionWordings(ctx context.Context, talksID int64) ([]OptionWording, error)

	// Meetings, statements and travel legs; notes and legs are sealed.
	CreateMeeting(ctx context.Context, m *Meeting) error
	Meetings(ctx context.Context, talksID int64) ([]Meeting, error)
	CreateStatement(ctx context.Context, s *Statement) error
	Statements(ctx context.Context, talksID int64) ([]Statement, error)
	CreateLeg(ctx context.Context, l *Leg) error
	Legs(ctx context.Context, talksID int64) ([]Leg, error)

	// PutStance records a party's stance on a point, keeping the earlier
	// version in the history; it sets s.Version.
	PutStance(ctx context.Context, s *Stance) error
	// CarryStances carries party's current stances on the given points
	// of tabled draft from over to draft to, newly tabled, and returns how
	// many it carried; numbers gives each point to carry its number in
	// draft from. A carried stance is the party's stance on draft from,
	// which the store refers to rather than copies, shown as carried from
	// where that stance was carried from, if it was, or else from its point
	// on draft from. It is the first version on its point (Version 1),
	// current until the party stores one of its own with PutStance
	// (version 2). Carrying a party's stances to a draft twice, or onto a
	// point the party has a stance on there, is ECONFLICT.
	CarryStances(ctx context.Context, talksID int64, from, to int, party int64, numbers map[int64]string) (int, error)
	// Stances returns the current stances on one tabled draft.
	Stances(ctx context.Context, talksID int64, draft int) ([]Stance, error)
	// StanceMarks returns the current stances on one tabled draft as
	// Stances does, without their sealed fields (Rationale and
	// ProposedWording are empty, and not unsealed): for counting marks
	// and the gap map, which read every party's stance on every point.
	// A party other than 0 limits them to that party's.
	StanceMarks(ctx context.Context, talksID int64, draft int, party int64) ([]Stance, error)
	// PointStances returns the current stances on one point of one
	// tabled draft, every party's, by party.
	PointStances(ctx context.Context, talksID int64, draft int, pointID int64) ([]Stance, error)
	// StanceHistory returns every version of one party's stance on one
	// point of one draft, oldest first.
	StanceHistory(ctx context.Context, talksID int64, draft int, pointID, partyID int64) ([]Stance, error)

	// CreateAmendment stores a proposed amendment and sets its ID;
	// Amendments lists the talks' amendments, oldest first, and Amendment
	// returns one (ENOTFOUND), each with its outcome and the draft it went
	// into. SetAmendmentOutcome records that an amendment was withdrawn,
	// taken or declined (State, Extent, Reason, DecidedBy, DecidedAt): once
	// only, a second outcome is ECONFLICT. UntakeAmendment undoes the take
	// of an amendment whose take lives only in the working draft: taken,
	// not yet gone into a tabled draft (else ECONFLICT; ENOTFOUND if the
	// talks have no such amendment); it is proposed again. PutAmendmentLineage records that
	// taken amendments went into tabled draft number.
	CreateAmendment(ctx context.Context, a *Amendment) error
	Amendments(ctx context.Context, talksID int64) ([]Amendment, error)
	Amendment(ctx context.Context, talksID, id int64) (*Amendment, error)
	SetAmendmentOutcome(ctx context.Context, a *Amendment) error
	UntakeAmendment(ctx context.Context, talksID, id int64) error
	PutAmendmentLineage(ctx context.Context, talksID int64, ids []int64, draft int) error

	// CreateComment stores a comment and sets its ID; Comments lists the
	// talks' comments, oldest first, each thread's first comment with
	// whether it is resolved; Comment returns one (ENOTFOUND).
	// SetThreadResolved resolves or reopens a thread.
	CreateComment(ctx context.Context, c *Comment) error
	Comments(ctx context.Context, talksID int64) ([]Comment, error)
	Comment(ctx context.Context, talksID, id int64) (*Comment, error)
	SetThreadResolved(ctx context.Context, threadID int64, resolved bool, by string, at time.Time) error

	// PutMarkingFinished records a party's declaration that it has finished
	// marking a draft (again: no change); DeleteMarkingFinished withdraws
	// it (none: no change); MarkingFinished lists the declarations on a
	// draft.
	PutMarkingFinished(ctx context.Context, f *MarkingFinished) error
	DeleteMarkingFinished(ctx context.Context, talksID int64, draft int, partyID int64) error
	MarkingFinished(ctx context.Context, talksID int64, draft int) ([]MarkingFinished, error)
}
