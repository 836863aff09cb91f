// Package parley is the domain of Parley, a confidential workspace for
// mediated negotiations built on the single-negotiating-text method: the
// mediator tables numbered drafts of one text, each party marks every point
// in private, and the mediator steers by the gap map and the convergence
// across drafts.
//
// This package holds the shared types, the one error type (error.go), the
// one authorization policy (policy.go) with the state rules beside it
// (state.go), the one storage interface (store.go) and the events contract
// (event.go). docs/architecture.md says where everything else lives.
// It imports neither database/sql nor net/http: storage lives in package
// sqlstore (the SQL, once) and its backends, package sqlite and package
// postgres; the use cases in package workspace; the API in package http.
package parley

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// TalksState is the state of a set of talks.
type TalksState string

// The states of talks.
const (
	TalksOpen      TalksState = "open"
	TalksSuspended TalksState = "suspended"
	TalksConcluded TalksState = "concluded"
)

// Valid reports whether s is a known state.
func (s TalksState) Valid() bool {
	return s == TalksOpen || s == TalksSuspended || s == TalksConcluded
}

// Talks are one negotiation: its parties, members, drafts and stances.
type Talks struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	State       TalksState `json:"state"`
	// Confidentiality is the setting the parties agreed on (Strict until
	// they agree otherwise).
	Confidentiality Confidentiality `json:"confidentiality"`
	// AgreedDraft is the draft every principal party signed off, once the
	// talks concluded in agreement.
	AgreedDraft int       `json:"agreed_draft,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Validate checks the talks' own fields.
func (t *Talks) Validate() error {
	if err := CheckText("title", t.Title, 1, 200); err != nil {
		return err
	}
	if err := CheckText("description", t.Description, 0, 10000); err != nil {
		return err
	}
	if !t.State.Valid() {
		return Invalid("state", "state must be open, suspended or concluded")
	}
	return nil
}

// PartyKind says what part a party plays in the talks.
type PartyKind string

// The kinds of parties. Only parties of kind PartyParty mark stances; the
// mediator party owns the text; observers read.
const (
	PartyParty    PartyKind = "party"
	PartyMediator PartyKind = "mediator"
	PartyObserver PartyKind = "observer"
)

// Valid reports whether k is a known kind.
func (k PartyKind) Valid() bool {
	return k == PartyParty || k == PartyMediator || k == PartyObserver
}

// Party is a delegation (or the mediator, or an observer) in some talks.
type Party struct {
	ID      int64     `json:"id"`
	TalksID int64     `json:"talks"`
	Name    string    `json:"name"`
	Kind    PartyKind `json:"kind"`
	// ShareByDefault is the party's default for a new stance's
	// ShareWithMediator.
	ShareByDefault bool `json:"share_with_mediator_by_default"`
}

// Validate checks the party's own fields.
func (p *Party) Validate() error {
	if err := CheckText("name", p.Name, 1, 100); err != nil {
		return err
	}
	if !p.Kind.Valid() {
		return Invalid("kind", "kind must be party, mediator or observer")
	}
	return nil
}

// Role is what a member does for its party.
type Role string

// The roles of members.
const (
	RolePrincipal  Role = "principal"
	RoleNegotiator Role = "negotiator" // an envoy
	RoleAdviser    Role = "adviser"
	RoleObserver   Role = "observer"
	RoleMediator   Role = "mediator"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RolePrincipal, RoleNegotiator, RoleAdviser, RoleObserver, RoleMediator:
		return true
	}
	return false
}

// Account is a person who can sign in. One account may be a member of
// several talks.
type Account struct {
	ID           int64  `json:"id"`
	Username     string `json:"username"`
	DisplayName  string `json:"display_name"`
	PasswordHash string `json:"-"`
	Admin        bool   `json:"admin,omitempty"`
	// MayCreateTalks is the right to open talks, which an administrator
	// gives and withdraws (see CanCreateTalks).
	MayCreateTalks bool `json:"may_create_talks"`
	// DisabledAt is when an administrator disabled the account, nil while
	// it is enabled. A disabled account cannot sign in and has no
	// sessions.
	DisabledAt *time.Time `json:"disabled_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
}

// Disabled reports whether the account is disabled.
func (a *Account) Disabled() bool { return a.DisabledAt != nil }

// ValidateUsername checks a user name: 1 to 64 characters of lower-case
// letters, digits, '.', '-' and '_'.
func ValidateUsername(name string) error {
	if name == "" || len(name) > 64 {
		return Invalid("username", "username must be 1 to 64 characters")
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return Invalid("username", "username may hold only a-z, 0-9, '.', '-' and '_'")
		}
	}
	return nil
}

// Member attaches an account to a party of some talks with a role. An
// account is a member of at most one party in the same talks.
type Member struct {
	ID        int64  `json:"id"`
	TalksID   int64  `json:"talks"`
	PartyID   int64  `json:"party"`
	AccountID int64  `json:"account"`
	Username  string `json:"username"`
	// DisplayName is the account's display name, read with the member.
	DisplayName string `json:"display_name"`
	Role        Role   `json:"role"`
}

// Session is a signed-in account's bearer token, stored as a hash.
type Session struct {
	TokenHash []byte
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
	// Method is how the session signed in: SignedInWithPassword (also
	// when empty) or SignedInWithPasskey.
	Method string
}

// PasswordLink is a one-time link with which the holder sets an account's
// password: an administrator issues it for a new account or a reset and
// hands it over. Its token is stored only as a hash.
type PasswordLink struct {
	TokenHash []byte
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// SignInCount is the count of sign-in attempts under one key (see
// Tx.CountSignInAttempt) and when its window began.
type SignInCount struct {
	Key      string
	Attempts int
	Since    time.Time
}

// CheckText validates a text field: valid UTF-8, from min to max
// characters (min > 0: not blank), no control characters but newlines and
// tabs, and no bidirectional override (U+202D, U+202E). An override makes
// a text show its characters in another order than they are stored, so a
// point, a name or an amendment could read differently on screen from
// what is signed, searched and exported (the "Trojan Source" trick);
// right-to-left text needs none, and the marks and isolates that do have
// a use in mixed-direction text (U+200E, U+200F, U+2066–U+2069) are kept.
func CheckText(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "%s is not valid UTF-8", field)
	}
	n := utf8.RuneCountInString(s)
	if strings.TrimSpace(s) == "" && min > 0 {
		return Invalid(field, "%s is required", field)
	}
	if n > max {
		return Invalid(field, "%s is longer than %d characters", field, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f {
			return Invalid(field, "%s holds a control character", field)
		}
		if r == '\u202d' || r == '\u202e' {
			return Invalid(field, "%s holds a bidirectional override character (U+%04X), which would show the text in another order than it is written", field, r)
		}
	}
	return nil
}

// Preferences are an account's interface preferences.
type Preferences struct {
	// DraftView is how draft pages show the marks: "auto" (compact rows
	// for long drafts, whole forms otherwise), "compact" or "full".
	DraftView string `json:"draft_view"`
	// Language is the interface's language, one of InterfaceLanguages;
	// "" follows the browser's (its Accept-Language), else English.
	Language string `json:"language"`
}

// InterfaceLanguages are the languages the interface is written in:
// English, Russian and Ukrainian (BCP 47).
var InterfaceLanguages = []string{"en", "ru", "uk"}

// Validate checks the preferences.
func (p Preferences) Validate() error {
	switch p.DraftView {
	case "auto", "compact", "full":
	default:
		return Invalid("draft_view", "draft_view must be auto, compact or full")
	}
	if p.Language != "" && !slices.Contains(InterfaceLanguages, p.Language) {
		return Invalid("language", "language must be en, ru, uk or empty (the browser's)")
	}
	return nil
}
