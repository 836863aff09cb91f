package parley

import "time"

// MarkingFinished is a party's declaration that it has finished marking a
// tabled draft. The party may withdraw it while the draft is the latest.
// Whether a party has finished, and how many points it has marked, is
// for its own members and the mediator's team (see
// Viewer.CanSeeMarkingOf); never how it marked what it does not share.
type MarkingFinished struct {
	TalksID    int64     `json:"talks"`
	Draft      int       `json:"draft"`
	PartyID    int64     `json:"party"`
	DeclaredBy string    `json:"declared_by"`
	DeclaredAt time.Time `json:"declared_at"`
}
