package workspace

import (
	"context"
	"fmt"
	"slices"

	"github.com/parley-talks/parley"
)

// RecordStatement records a public statement of the caller's party. The
// disclosure guard runs first: if the statement reproduces confidential
// material and the input does not acknowledge it, nothing is recorded and
// the error is an ECONFLICT naming the passages (see CheckStatement).
func (s *Service) RecordStatement(ctx context.Context, talksID int64, in parley.StatementInput) (*parley.Statement, []Disclosure, error) {
	if err := parley.CheckText("text", in.Text, 1, 20000); err != nil {
		return nil, nil, err
	}
	for field, v := range map[string]string{"speaker": in.Speaker, "channel": in.Channel} {
		if err := parley.CheckText(field, v, 1, 300); err != nil {
			return nil, nil, err
		}
	}
	for field, v := range map[string]string{"role": in.Role, "link": in.Link} {
		if err := parley.CheckText(field, v, 0, 1000); err != nil {
			return nil, nil, err
		}
	}
	if in.MadeAt.IsZero() {
		return nil, nil, parley.Invalid("made_at", "say when the statement was made")
	}
	var st *parley.Statement
	var found []Disclosure
	err := s.Store.Update(ctx, func(tx parley.Tx) error {
		v, _, err := s.open(ctx, tx, talksID, recordStatement)
		if err != nil {
			return err
		}
		party := v.Party
		ix, err := s.guardIndex(ctx, tx, v, talksID)
		if err != nil {
			return err
		}
		if found = disclosures(ix, in.Text); len(found) > 0 && !in.Acknowledge {
			return parley.Errorf(parley.ECONFLICT, "the statement reproduces %d confidential passage(s): %s; check them, or acknowledge them to record it anyway",
				len(found), found[0].Source)
		}
		st = &parley.Statement{TalksID: talksID, PartyID: party.ID, PartyName: party.Name, Speaker: in.Speaker, Role: in.Role,
			MadeAt: in.MadeAt.UTC(), Channel: in.Channel, Text: in.Text, Link: in.Link, RecordedBy: v.Member.Username}
		if err := tx.CreateStatement(ctx, st); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{talks: talksID, action: "statement.record", object: fmt.Sprintf("talks/%d/statements/%d", talksID, st.ID),
			digest: digestOf(st.Text), details: map[string]any{"party": party.Name, "disclosures_acknowledged": len(found)}})
	})
	if err == nil {
		s.publish(ctx, parley.Event{Talks: talksID, Kind: "statement"})
	}
	return st, found, failed(err, "recording a statement in talks %d", talksID)
}

// Digest is the press digest: the statements grouped by party, oldest
// first within each.
type Digest struct {
	Parties []DigestParty `json:"parties"`
}

// DigestParty is one party's statements in the digest.
type DigestParty struct {
	Party      string             `json:"party"`
	Statements []parley.Statement `json:"statements"`
}

// StatementDigest returns the talks' press digest.
func (s *Service) StatementDigest(ctx context.Context, talksID int64) (*Digest, error) {
	d := &Digest{Parties: []DigestParty{}}
	err := s.Store.View(ctx, func(tx parley.Tx) error {
		if _, _, err := s.open(ctx, tx, talksID, seeTalks); err != nil {
			return err
		}
		sts, err := tx.Statements(ctx, talksID)
		if err != nil {
			return err
		}
		for _, st := range sts {
			i := slices.IndexFunc(d.Parties, func(p DigestParty) bool { return p.Party == st.PartyName })
			if i < 0 {
				d.Parties = append(d.Parties, DigestParty{Party: st.PartyName})
				i = len(d.Parties) - 1
			}
			d.Parties[i].Statements = append(d.Parties[i].Statements, st)
		}
		return nil
	})
	return d, failed(err, "reading the press digest of talks %d", talksID)
}
