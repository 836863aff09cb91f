// Package demo loads the built-in demonstration scenario, "Moscow talks,
// December 2025": the mediated talks on a peace plan for Ukraine that a
// TASS report of 3 December 2025 describes, with the United States as
// mediator, Russia and Ukraine as parties and an observer. The plan is
// tabled as five drafts (the initial one and four revisions); Russia and
// Ukraine mark every point of every draft; territory — the part of the
// Donetsk region that Kyiv still holds — is the main point of contention
// throughout, and the drafts converge without reaching agreement.
//
// Point texts beyond the report's outline, all stances and all rationales
// are illustrative. Accounts are named by role; their display names are
// the people's (see Accounts).
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/seal"
	"github.com/parley-talks/parley/workspace"
)

// Title is the demo talks' title.
const Title = "Moscow talks, December 2025"

// settingKey marks a database that holds the demo, whose accounts all have
// the same known password: it is served only in demo mode.
const settingKey = "demo"

// IsDemo reports whether the database holds the demo scenario.
func IsDemo(ctx context.Context, store parley.Store) (bool, error) {
	var v string
	err := store.View(ctx, func(tx parley.Tx) error {
		var err error
		v, err = tx.Setting(ctx, settingKey)
		return err
	})
	return v != "", err
}

// Load creates the demo accounts and talks in an empty database, marks the
// database as a demo one, and returns the talks' ID.
func Load(ctx context.Context, ws *workspace.Service) (int64, error) {
	if err := claimEmpty(ctx, ws); err != nil {
		return 0, err
	}
	ids, err := createAccounts(ctx, ws)
	if err != nil {
		return 0, err
	}
	as := func(user string) context.Context { return workspace.WithAccount(ctx, ids[user]) }
	tid, err := createTalks(as("mediator"), ws)
	if err != nil {
		return 0, err
	}
	if err := identities(ctx, ws, as); err != nil {
		return 0, fmt.Errorf("demo identities: %w", err)
	}
	if err := languagePreferences(ws, as); err != nil {
		return 0, fmt.Errorf("demo interface languages: %w", err)
	}
	if err := setLanguages(as("mediator"), ws, tid); err != nil {
		return 0, fmt.Errorf("demo languages: %w", err)
	}
	pointIDs, err := tableDrafts(ctx, ws, as, tid)
	if err != nil {
		return 0, err
	}
	if err := sealedMessage(ctx, ws, as, tid); err != nil {
		return 0, fmt.Errorf("demo sealed message: %w", err)
	}
	if err := analysisSpace(ctx, ws, as, tid, pointIDs); err != nil {
		return 0, fmt.Errorf("demo analysis: %w", err)
	}
	if err := theRecord(ctx, ws, as, tid, pointIDs); err != nil {
		return 0, fmt.Errorf("demo meeting, statements and travel: %w", err)
	}
	return tid, nil
}

// claimEmpty marks the database as holding the demo, after checking that
// it is empty (ECONFLICT otherwise).
func claimEmpty(ctx context.Context, ws *workspace.Service) error {
	return ws.Store.Update(ctx, func(tx parley.Tx) error {
		empty, err := tx.Empty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			return parley.Errorf(parley.ECONFLICT, "the demo loads only into an empty database")
		}
		return tx.PutSetting(ctx, settingKey, Title)
	})
}

// createTalks creates the demo talks as the mediator (med), with their
// parties and members, and returns their id.
func createTalks(med context.Context, ws *workspace.Service) (int64, error) {
	talks, err := ws.CreateTalks(med, workspace.TalksInput{
		Title: Title,
		Description: "Talks on a US peace plan for Ukraine. Five hours in Moscow between the Russian president and a US special envoy; " +
			"Russia has received four versions of the plan after the initial one. The parties agreed not to disclose the essence of the talks. " +
			"Illustrative scenario: texts beyond the report's outline, stances and rationales are invented.",
		MediatorParty: "United States",
	})
	if err != nil {
		return 0, fmt.Errorf("demo talks: %w", err)
	}
	tid := talks.ID
	for _, p := range []workspace.PartyInput{
		{Name: "Russia", Kind: parley.PartyParty, ShareByDefault: true},
		{Name: "Ukraine", Kind: parley.PartyParty, ShareByDefault: true},
		{Name: "Observers", Kind: parley.PartyObserver},
	} {
		if _, err := ws.AddParty(med, tid, p); err != nil {
			return 0, fmt.Errorf("demo party %s: %w", p.Name, err)
		}
	}
	for _, a := range Accounts[1:] {
		if _, err := ws.AddMember(med, tid, workspace.MemberInput{Username: a.Username, PartyName: a.Party, Role: a.Role}); err != nil {
			return 0, fmt.Errorf("demo member %s: %w", a.Username, err)
		}
	}
	return tid, nil
}

// tableDrafts tables the demo's drafts one after the other, each followed
// by the parties' stances on it, and returns the ids of the points of the
// plan by key.
func tableDrafts(ctx context.Context, ws *workspace.Service, as func(string) context.Context, tid int64) (map[string]int64, error) {
	pointIDs := map[string]int64{}
	for d := 0; d < drafts; d++ {
		in, keys := draftInput(d, pointIDs)
		tabled, err := tableDraft(ws, as, tid, d, in, pointIDs)
		if err != nil {
			return nil, fmt.Errorf("demo draft %d: %w", d+1, err)
		}
		for i, p := range tabled.Points {
			pointIDs[keys[i]] = p.ID
		}
		if err := mark(ctx, ws, as, tid, d, pointIDs); err != nil {
			return nil, fmt.Errorf("demo stances on draft %d: %w", d+1, err)
		}
		if err := finishMarking(ws, as, tid, d); err != nil {
			return nil, fmt.Errorf("demo marking of draft %d: %w", d+1, err)
		}
		if err := translate(ws, as, tid, d, pointIDs); err != nil {
			return nil, fmt.Errorf("demo translations of draft %d: %w", d+1, err)
		}
	}
	return pointIDs, nil
}

// finishMarking declares both parties' marking of draft d (from 0)
// finished, except Russia's of the last draft: the mediator sees Ukraine
// finished and Russia with every point marked but not yet declared.
func finishMarking(ws *workspace.Service, as func(string) context.Context, tid int64, d int) error {
	for _, who := range []string{"russia-envoy", "ukraine-negotiator"} {
		if d == drafts-1 && who == "russia-envoy" {
			continue
		}
		if _, err := ws.SetMarkingFinished(as(who), tid, d+1, true); err != nil {
			return fmt.Errorf("%s: %w", who, err)
		}
	}
	return nil
}

// theRecord adds what the report tells: the five-hour Moscow meeting, the
// statements quoted from the report ("Washington's comment", "Moscow's
// statements"), and the envoy's flight home. Meeting notes are invented.
func theRecord(ctx context.Context, ws *workspace.Service, as func(string) context.Context, tid int64, ids map[string]int64) error {
	moscow := time.FixedZone("MSK", 3*3600)
	_, err := ws.RecordMeeting(as("mediator"), tid, parley.MeetingInput{
		Title: "Moscow meeting", Place: "The Kremlin, Moscow", StartsAt: time.Date(2025, 12, 2, 17, 0, 0, 0, moscow), Minutes: 300,
		Attendees: []string{"russia", "russia-aide", "russia-envoy", "us-envoy", "us-adviser"},
		Points:    []int64{ids["territory"]},
		Outcome: "Constructive, useful and substantive; the parties discussed ways to resolve the situation, focusing on territorial issues. " +
			"No compromise on the peace plan yet; work will continue.",
		Disclosure: "The parties agreed not to disclose the essence of the talks.",
		Notes: "Illustrative notes. The Russian side restated that the whole of the Donetsk region must come under its control; " +
			"the US side raised a demilitarised zone under international monitoring as a way forward. The four versions of the plan were compared point by point.",
	})
	if err != nil {
		return err
	}
	made := time.Date(2025, 12, 3, 10, 0, 0, 0, time.UTC)
	for _, st := range []struct {
		who string
		in  parley.StatementInput
	}{
		{"us-adviser", parley.StatementInput{Speaker: "US Secretary of State", Role: "Secretary of State", Channel: "press comments", MadeAt: made,
			Text: "A peace agreement on Ukraine is now closer than before, but the steps that have been taken aren't sufficient to achieve the result that will suit all."}},
		{"us-adviser", parley.StatementInput{Speaker: "US Secretary of State", Role: "Secretary of State", Channel: "press comments", MadeAt: made.Add(time.Minute),
			Text: "Russia and Ukraine are now closer to a peace agreement than ever in the past three years, but it is not enough to achieve the final goal. It is up to Moscow and Kyiv to make a decision to end the conflict."}},
		{"russia-envoy", parley.StatementInput{Speaker: "Special presidential envoy for investment", Role: "Envoy", Channel: "press comments", MadeAt: made.Add(-2 * time.Hour),
			Text: "The meeting was productive."}},
		{"russia-aide", parley.StatementInput{Speaker: "Presidential aide", Role: "Aide", Channel: "briefing", MadeAt: made.Add(-time.Hour),
			Text: "The meeting was constructive, useful, and substantive. Some US proposals look more or less acceptable but need to be discussed. " +
				"Some of the proposals presented to us don't suit us. That said, work will continue.", Acknowledge: true}},
		{"russia-aide", parley.StatementInput{Speaker: "Presidential aide", Role: "Aide", Channel: "briefing", MadeAt: made.Add(-time.Hour + time.Minute),
			Text: "We agreed with our American colleagues that we will not disclose the essence of the talks we held. This is quite logical. The talks were completely confidential and classified."}},
	} {
		if _, _, err := ws.RecordStatement(as(st.who), tid, st.in); err != nil {
			return fmt.Errorf("statement by %s: %w", st.who, err)
		}
	}
	_, err = ws.RecordLeg(as("us-envoy"), tid, workspace.LegInput{From: "Moscow (Vnukovo)", To: "Washington area (Joint Base Andrews)",
		DepartAt: time.Date(2025, 12, 2, 22, 40, 0, 0, time.UTC), ArriveAt: time.Date(2025, 12, 3, 9, 30, 0, 0, time.UTC),
		Notes: "Direct home instead of to Kyiv; no stop in Europe. Handed over to Canadian air traffic control at 04:45 GMT."})
	return err
}

// analysisSpace gives the talks an issue space linked to the text, the two
// parties' confidential profiles (illustrative), and shares the Nash
// bargaining package with the parties.
func analysisSpace(ctx context.Context, ws *workspace.Service, as func(string) context.Context, tid int64, ids map[string]int64) error {
	space := &parley.IssueSpace{}
	for _, is := range issues {
		space.Issues = append(space.Issues, parley.SpaceIssue{Name: is.name, Options: is.options, Points: []int64{ids[is.point]}})
	}
	med := as("mediator")
	if err := ws.SetIssueSpace(med, tid, space); err != nil {
		return err
	}
	for _, pr := range []struct {
		who  string
		side int
		res  float64
	}{{"russia-envoy", 0, 0.3}, {"ukraine-negotiator", 1, 0.35}} {
		in := workspace.ProfileInput{Weights: map[string]float64{}, Evaluations: map[string]map[string]float64{}, Reservation: pr.res}
		for _, is := range issues {
			in.Weights[is.name] = is.weight[pr.side]
			in.Evaluations[is.name] = map[string]float64{}
			for j, o := range is.options {
				in.Evaluations[is.name][o] = is.evals[pr.side][j]
			}
		}
		if _, err := ws.SetProfile(as(pr.who), tid, in); err != nil {
			return err
		}
	}
	res, err := ws.RunAnalysis(med, tid, 0)
	if err != nil {
		return err
	}
	if res.Nash != nil {
		_, err = ws.SharePackage(med, tid, "Nash bargaining solution", res.Nash.Package)
	}
	return err
}

// issues is the demo's issue space: each issue, the point it concerns,
// its options, and Russia's and Ukraine's weights and evaluations
// (illustrative).
var issues = []struct {
	name, point string
	options     []string
	weight      [2]float64
	evals       [2][]float64
}{
	{"Territory", "territory", []string{"Ukraine withdraws from Donetsk", "Line frozen under monitoring", "Status left to the presidents"},
		[2]float64{0.35, 0.35}, [2][]float64{{1, 0.3, 0.5}, {0, 0.8, 1}}},
	{"NATO", "nato", []string{"Constitutional bar", "Moratorium while the agreement holds", "No bar"},
		[2]float64{0.2, 0.15}, [2][]float64{{1, 0.6, 0}, {0, 0.6, 1}}},
	{"Armed forces", "forces", []string{"600,000", "800,000", "No ceiling"},
		[2]float64{0.15, 0.15}, [2][]float64{{1, 0.6, 0}, {0.2, 0.8, 1}}},
	{"Sanctions", "sanctions", []string{"Lifted at once", "Lifted in stages", "Kept"},
		[2]float64{0.15, 0.1}, [2][]float64{{1, 0.7, 0}, {0.1, 0.7, 1}}},
	{"Security guarantees", "guarantees", []string{"Article 5-like", "Limited guarantees", "None"},
		[2]float64{0.1, 0.2}, [2][]float64{{0, 0.6, 1}, {1, 0.5, 0}}},
	{"Elections", "elections", []string{"100 days after signing", "100 days after martial law ends", "No date set"},
		[2]float64{0.05, 0.05}, [2][]float64{{1, 0.5, 0.2}, {0.1, 1, 0.6}}},
}

// sealedMessage sends the report's "important political messages": from
// Russia's principal to the United States' principal, carried by the US
// envoy, who is not addressed and cannot read it (Russia's principal, its
// sender, can). Its text is invented.
func sealedMessage(ctx context.Context, ws *workspace.Service, as func(string) context.Context, tid int64) error {
	keys, err := ws.MemberKeys(as("russia"), tid)
	if err != nil {
		return err
	}
	to, err := parley.SealingKeys(keys, "russia", []string{"us-principal"})
	if err != nil {
		return err
	}
	ct, err := seal.EncryptMessage([]byte(MessageText), to)
	if err != nil {
		return err
	}
	_, err = ws.SendMessage(as("russia"), tid, parley.MessageInput{Recipients: []string{"us-principal"}, Envoy: "us-envoy", Ciphertext: ct})
	return err
}

// MessageText is the demo's sealed message (illustrative).
const MessageText = "Illustrative sealed message. We are ready to continue work on the plan. " +
	"The territorial question remains decisive; we ask that the next version address it directly."

// draftInput builds draft d (from 0) and the key of each node in the order
// tabling will list them.
func draftInput(d int, ids map[string]int64) (*parley.DraftInput, []string) {
	in := &parley.DraftInput{
		Title: fmt.Sprintf("Peace plan, draft %d", d+1),
		Note:  notes[d],
	}
	var keys []string
	for _, s := range plan {
		sec := parley.PointInput{ID: ids["section/"+s.key], Kind: parley.KindSection, Title: s.title}
		keys = append(keys, "section/"+s.key)
		for _, p := range s.points {
			text := textIn(p, d)
			if text == "" {
				continue
			}
			pi := parley.PointInput{ID: ids[p.key], Title: p.title, Text: text}
			if pi.ID == 0 {
				for _, f := range p.from {
					pi.From = append(pi.From, ids[f])
				}
			}
			sec.Points = append(sec.Points, pi)
			keys = append(keys, p.key)
		}
		in.Points = append(in.Points, sec)
	}
	return in, keys
}

// textIn is point p's text in draft d (from 0), "" if it is absent.
func textIn(p point, d int) string {
	for ; d >= 0; d-- {
		if p.texts[d] != "=" {
			return p.texts[d]
		}
	}
	return ""
}

var notes = [drafts]string{
	"The initial plan, as first handed to the parties.",
	"First revision, after comments from both parties.",
	"Second revision: the economic point is split; forces and elections amended.",
	"Third revision: prisoners and detainees merged; territory narrowed to the Donetsk region.",
	"Fourth revision, discussed in Moscow on 2 December 2025.",
}

// mark records Russia's and Ukraine's stances on draft d (from 0). A
// stance carried over from the draft before that is what the party means
// to mark again is confirmed, except Russia's on the last draft, which it
// leaves carried over and unconfirmed.
func mark(ctx context.Context, ws *workspace.Service, as func(string) context.Context, tid int64, d int, ids map[string]int64) error {
	values := map[byte]parley.StanceValue{'A': parley.Acceptable, 'N': parley.NeedsDiscussion, 'U': parley.Unsuitable}
	// The envoy records Russia's marks, the negotiator Ukraine's.
	who := map[string]string{"russia": "russia-envoy", "ukraine": "ukraine-negotiator"}
	for i, party := range []string{"russia", "ukraine"} {
		carried, err := carriedOf(as(who[party]), ws, tid, d+1, party)
		if err != nil {
			return err
		}
		var confirm []int64
		for _, s := range plan {
			for _, p := range s.points {
				marks := p.ru
				if i == 1 {
					marks = p.ua
				}
				v, ok := values[marks[d]]
				if !ok || textIn(p, d) == "" {
					continue
				}
				in := stanceFor(party, p.key, i, d, v)
				if sameAsCarried(carried[ids[p.key]], in) {
					confirm = append(confirm, ids[p.key])
				} else if _, err := ws.SetStance(as(who[party]), tid, d+1, ids[p.key], in); err != nil {
					return fmt.Errorf("%s on %s: %w", party, p.key, err)
				}
				if err := proposeWording(as(who[party]), ws, tid, d, ids[p.key], proposals[p.key][i], in); err != nil {
					return fmt.Errorf("%s's wording for %s: %w", party, p.key, err)
				}
			}
		}
		if len(confirm) == 0 || party == "russia" && d == drafts-1 {
			continue
		}
		if _, err := ws.ConfirmStances(as(who[party]), tid, d+1, confirm); err != nil {
			return fmt.Errorf("%s confirming its carried stances: %w", party, err)
		}
	}
	return nil
}

// stanceFor is the stance party (the i-th) means to take on point key of
// draft d (from 0).
func stanceFor(party, key string, i, d int, v parley.StanceValue) parley.StanceInput {
	in := parley.StanceInput{Value: v, Rationale: rationales[key][i]}
	if in.Rationale == "" {
		in.Rationale = defaultRationale[v]
	}
	if private[fmt.Sprintf("%s/%s/%d", party, key, d+1)] {
		no := false
		in.ShareWithMediator = &no
	}
	return in
}

// proposeWording has a party that marks point of the last draft (d, from
// 0) other than acceptable propose its wording for it, if it has some, as
// an amendment replacing the point's text, shared as its stance in is.
func proposeWording(ctx context.Context, ws *workspace.Service, tid int64, d int, point int64, wording string, in parley.StanceInput) error {
	if d != drafts-1 || wording == "" || in.Value == parley.Acceptable {
		return nil
	}
	_, err := ws.ProposeAmendment(ctx, tid, d+1, point, parley.AmendmentInput{Kind: parley.AmendReplace, Text: wording,
		ShareWithMediator: in.ShareWithMediator, ReleasedToAll: in.ReleasedToAll})
	return err
}

// carriedOf returns party's stances carried over to draft n, by point.
func carriedOf(ctx context.Context, ws *workspace.Service, tid int64, n int, party string) (map[int64]parley.Stance, error) {
	out := map[int64]parley.Stance{}
	if n == 1 {
		return out, nil
	}
	ss, err := ws.ListStances(ctx, tid, n)
	for _, st := range ss {
		if strings.EqualFold(st.PartyName, party) && st.CarriedFrom != nil {
			out[st.PointID] = st
		}
	}
	return out, err
}

// sameAsCarried reports whether stance in is the carried-over stance c,
// if any. Demo parties share with the mediator by default.
func sameAsCarried(c parley.Stance, in parley.StanceInput) bool {
	share := in.ShareWithMediator == nil || *in.ShareWithMediator
	return c.CarriedFrom != nil && c.Value == in.Value && c.Rationale == in.Rationale &&
		c.ShareWithMediator == share && !c.ReleasedToAll
}

var defaultRationale = map[parley.StanceValue]string{
	parley.Acceptable:      "Acceptable as drafted.",
	parley.NeedsDiscussion: "More or less acceptable, but needs to be discussed.",
	parley.Unsuitable:      "Does not suit us as drafted.",
}
