package parley

import "time"

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation is a one-time link that makes whoever opens it a member of
// one party of some talks, with one role: a new account, or an existing
// one. Only the SHA-256 of its token is stored; the token itself is shown
// once, to the member who made it.
type Invitation struct {
	ID        int64  `json:"id"`
	TalksID   int64  `json:"talks"`
	PartyID   int64  `json:"party"`
	Role      Role   `json:"role"`
	TokenHash []byte `json:"-"`
	// Note says whom the invitation is for, for the inviters' list.
	Note       string     `json:"note"`
	CreatedBy  string     `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AcceptedBy int64      `json:"-"`
	AcceptedAt *time.Time `json:"-"`
	RevokedAt  *time.Time `json:"-"`
}

// Pending reports whether the invitation can still be accepted at now:
// neither accepted, revoked nor expired.
func (i *Invitation) Pending(now time.Time) bool {
	return i.AcceptedAt == nil && i.RevokedAt == nil && now.Before(i.ExpiresAt)
}

// CheckRole checks that role r may be held in party p: a known role, and
// the mediator role in the mediator party only.
func CheckRole(r Role, p *Party) error {
	if !r.Valid() {
		return Invalid("role", "role must be principal, negotiator, adviser, observer or mediator")
	}
	if r == RoleMediator && p.Kind != PartyMediator {
		return Invalid("role", "the mediator role belongs to the mediator party")
	}
	return nil
}
