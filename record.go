package parley

import "time"

// Meeting is a recorded meeting of the talks. Its date, place, length,
// attendees, the points discussed, the outcome and what the parties agreed
// to disclose are seen by every member; its notes only by the members of
// the parties present, unless the notes are released to all.
type Meeting struct {
	ID            int64     `json:"id"`
	TalksID       int64     `json:"talks"`
	Title         string    `json:"title"`
	Place         string    `json:"place"`
	StartsAt      time.Time `json:"starts_at"`
	Minutes       int       `json:"minutes"`
	Attendees     []string  `json:"attendees"`
	Parties       []int64   `json:"parties_present"`
	Points        []int64   `json:"points_discussed,omitempty"`
	Outcome       string    `json:"outcome"`
	Disclosure    string    `json:"disclosure"`
	Notes         string    `json:"notes,omitempty"`
	NotesReleased bool      `json:"notes_released"`
	RecordedBy    string    `json:"recorded_by"`
}

// MeetingInput records a meeting.
type MeetingInput struct {
	Title         string    `json:"title"`
	Place         string    `json:"place"`
	StartsAt      time.Time `json:"starts_at"`
	Minutes       int       `json:"minutes"`
	Attendees     []string  `json:"attendees"`
	Points        []int64   `json:"points_discussed"`
	Outcome       string    `json:"outcome"`
	Disclosure    string    `json:"disclosure"`
	Notes         string    `json:"notes"`
	NotesReleased bool      `json:"notes_released"`
}

// Statement is a public comment a party's member made, as the party
// records it.
type Statement struct {
	ID         int64     `json:"id"`
	TalksID    int64     `json:"talks"`
	PartyID    int64     `json:"party"`
	PartyName  string    `json:"party_name"`
	Speaker    string    `json:"speaker"`
	Role       string    `json:"role"`
	MadeAt     time.Time `json:"made_at"`
	Channel    string    `json:"channel"`
	Text       string    `json:"text"`
	Link       string    `json:"link,omitempty"`
	RecordedBy string    `json:"recorded_by"`
}

// StatementInput records a statement. Acknowledge records it although
// the disclosure guard found confidential passages in it.
type StatementInput struct {
	Speaker     string    `json:"speaker"`
	Role        string    `json:"role"`
	MadeAt      time.Time `json:"made_at"`
	Channel     string    `json:"channel"`
	Text        string    `json:"text"`
	Link        string    `json:"link"`
	Acknowledge bool      `json:"acknowledge_disclosures"`
}

// Leg is one leg of a delegation's travel, seen by its own party and the
// mediator's team only, and stored sealed.
type Leg struct {
	ID       int64     `json:"id"`
	TalksID  int64     `json:"talks"`
	PartyID  int64     `json:"party"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	DepartAt time.Time `json:"depart_at"`
	ArriveAt time.Time `json:"arrive_at"`
	Stops    []string  `json:"stops,omitempty"`
	Notes    string    `json:"notes,omitempty"`
}
