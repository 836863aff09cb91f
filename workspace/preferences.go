package workspace

import (
	"context"

	"github.com/parley-talks/parley"
)

// Preferences returns the calling account's interface preferences.
func (s *Service) Preferences(ctx context.Context) (parley.Preferences, error) {
	id, err := s.signedIn(ctx)
	if err != nil {
		return parley.Preferences{}, err
	}
	var p parley.Preferences
	err = s.Store.View(ctx, func(tx parley.Tx) error {
		p, err = tx.Preferences(ctx, id)
		return err
	})
	return p, failed(err, "reading the preferences of account %d", id)
}

// SetPreferences stores the calling account's interface preferences.
func (s *Service) SetPreferences(ctx context.Context, p parley.Preferences) error {
	id, err := s.signedIn(ctx)
	if err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	err = s.Store.Update(ctx, func(tx parley.Tx) error {
		a, err := tx.AccountByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.SetPreferences(ctx, id, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, change{action: "account.preferences", object: "accounts/" + a.Username,
			details: map[string]any{"draft_view": p.DraftView, "language": p.Language}})
	})
	return failed(err, "storing the preferences of account %d", id)
}
