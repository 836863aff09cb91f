package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
)

// Stances carried over by reference: tabling a draft used to copy every
// carried stance into a new stances row (re-sealing its rationale and
// wording) with a stance_carryovers row beside it — 20,000 rows and their
// digests for 2,000 points and five parties. Now one carried_stances row
// per party and draft lists the party's carried stances, each naming the
// stored stance row it stands for (its draft and version) and the origin
// shown. Reads resolve them: a carried stance is the first version of its
// point on its draft, current until the party writes a version of its
// own there (PutStance makes that version 2). Rows written the old way
// read as before (stanceQuery's join).

// carried is one stance carried over by reference: party's stance on
// point, the stances row (point, party) of draft src at version srcVersion,
// shown as carried from origin.
type carried struct {
	point, party    int64
	src, srcVersion int
	origin          parley.StanceOrigin
}

// carryState is what a transaction has read of the stances carried by
// reference: every party's lists of a draft, by talks and draft, and how
// many points' it has looked up one by one (carriedAt).
type carryState struct {
	lists   map[[2]int64]map[carriedKey]carried
	parties map[[2]int64][]int64 // whose lists, by talks and draft
	lookups int
}

// carriedKey names a stance on a draft: its point and party.
type carriedKey struct{ point, party int64 }

// encodeCarried writes a carried_stances row's list: one line per stance,
// "point src_draft src_version from_draft from_point from_number".
func encodeCarried(cs []carried) (string, error) {
	b := make([]byte, 0, 32*len(cs))
	for _, c := range cs {
		if strings.ContainsAny(c.origin.Number, "\n") {
			return "", fmt.Errorf("a point numbered %q cannot be carried over", c.origin.Number)
		}
		b = strconv.AppendInt(b, c.point, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(c.src), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(c.srcVersion), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(c.origin.Draft), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, c.origin.Point, 10)
		b = append(b, ' ')
		b = append(b, c.origin.Number...)
		b = append(b, '\n')
	}
	return string(b), nil
}

// decodeCarried reads what encodeCarried wrote for party.
func decodeCarried(party int64, s string) ([]carried, error) {
	var out []carried
	for line := range strings.Lines(s) {
		f := strings.SplitN(strings.TrimSuffix(line, "\n"), " ", 6)
		if len(f) != 6 {
			return nil, fmt.Errorf("a carried stance of party %d is malformed: %q", party, line)
		}
		var n [5]int64
		for i := range n {
			v, err := strconv.ParseInt(f[i], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("a carried stance of party %d is malformed: %q", party, line)
			}
			n[i] = v
		}
		out = append(out, carried{point: n[0], party: party, src: int(n[1]), srcVersion: int(n[2]),
			origin: parley.StanceOrigin{Draft: int(n[3]), Point: n[4], Number: f[5]}})
	}
	return out, nil
}

// carriedOn returns the stances carried over by reference to draft of
// talks, by point and party. A transaction reads each draft's once: a
// draft's are written once, when it is tabled.
func (t *Tx) carriedOn(ctx context.Context, talksID int64, draft int) (map[carriedKey]carried, error) {
	key := [2]int64{talksID, int64(draft)}
	if m, ok := t.carry.lists[key]; ok {
		return m, nil
	}
	rows, err := t.query(ctx, `SELECT party_id, stances FROM carried_stances WHERE talks_id = ? AND draft_number = ?`, talksID, draft)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[carriedKey]carried{}
	var parties []int64
	for rows.Next() {
		var party int64
		var list string
		if err := rows.Scan(&party, &list); err != nil {
			return nil, err
		}
		parties = append(parties, party)
		cs, err := decodeCarried(party, list)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			m[carriedKey{c.point, c.party}] = c
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if t.carry.lists == nil {
		t.carry.lists, t.carry.parties = map[[2]int64]map[carriedKey]carried{}, map[[2]int64][]int64{}
	}
	t.carry.lists[key], t.carry.parties[key] = m, parties
	return m, nil
}

// carriedOf returns the stances carried over by reference to draft, by
// point and party, every party's (party 0) or one party's: a party's page
// counts its own marks, and need not decode every party's list.
func (t *Tx) carriedOf(ctx context.Context, talksID int64, draft int, party int64) (map[carriedKey]carried, error) {
	if _, ok := t.carry.lists[[2]int64{talksID, int64(draft)}]; ok || party == 0 {
		return t.carriedOn(ctx, talksID, draft)
	}
	var list string
	err := t.queryRow(ctx, `SELECT stances FROM carried_stances WHERE talks_id = ? AND draft_number = ? AND party_id = ?`,
		talksID, draft, party).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	cs, err := decodeCarried(party, list)
	m := make(map[carriedKey]carried, len(cs))
	for _, c := range cs {
		m[carriedKey{c.point, c.party}] = c
	}
	return m, err
}

// carriedAt returns the stances carried over by reference to one point of
// draft, by party. Reading every party's list of a 2,000-point draft to
// find one point's cost more than saving a mark did, so a transaction
// finds a few points' by searching the lists; from the pointLookups-th on
// it reads them all once (carriedOn), as SetMarks does for many.
func (t *Tx) carriedAt(ctx context.Context, talksID int64, draft int, point int64) (map[int64]carried, error) {
	out := map[int64]carried{}
	on, ok := t.carry.lists[[2]int64{talksID, int64(draft)}]
	if t.carry.lookups++; !ok && t.carry.lookups > pointLookups {
		var err error
		if on, err = t.carriedOn(ctx, talksID, draft); err != nil {
			return nil, err
		}
		ok = true
	}
	if ok {
		for _, party := range t.carry.parties[[2]int64{talksID, int64(draft)}] {
			if c, found := on[carriedKey{point, party}]; found {
				out[party] = c
			}
		}
		return out, nil
	}
	rows, err := t.query(ctx, `SELECT party_id, stances FROM carried_stances WHERE talks_id = ? AND draft_number = ?`, talksID, draft)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	prefix := strconv.AppendInt([]byte{'\n'}, point, 10)
	prefix = append(prefix, ' ')
	for rows.Next() {
		var party int64
		var list string
		if err := rows.Scan(&party, &list); err != nil {
			return nil, err
		}
		i := strings.Index(list, string(prefix[1:]))
		if i != 0 {
			i = strings.Index(list, string(prefix))
			if i < 0 {
				continue
			}
			i++
		}
		line, _, _ := strings.Cut(list[i:], "\n")
		cs, err := decodeCarried(party, line+"\n")
		if err != nil {
			return nil, err
		}
		out[party] = cs[0]
	}
	return out, rows.Err()
}

// pointLookups is how many points' carried stances a transaction finds
// one by one before it reads every one of the draft's (carriedAt).
const pointLookups = 16

// stanceVersion names one version of a party's stance on a point.
type stanceVersion struct {
	point int64
	v     int
}

// carriedSources reads, with query q, the stances of party on draft src
// that the carried stances cs[j], j in group, refer to, and where each
// version is among them. A stance is carried from the version current on
// its draft when the next was tabled, and a draft is not marked once the
// next is tabled, so the current versions are read first — a few rows,
// where all the draft's versions are as many as its stance writes — and
// all of them only if one referred to is not among them.
func (t *Tx) carriedSources(ctx context.Context, q string, talksID int64, src int, party, point int64, cs []carried, group []int) (rawStances, map[stanceVersion]int, error) {
	read := func(current bool) (rawStances, map[stanceVersion]int, error) {
		where, args := `WHERE s.talks_id = ? AND s.draft_number = ? AND s.party_id = ?`, []any{talksID, src, party}
		if point != 0 {
			where, args = where+` AND s.point_id = ?`, append(args, point)
		}
		if current {
			where += ` AND s.current`
		}
		rows, err := t.query(ctx, q+where, args...)
		if err != nil {
			return rawStances{}, nil, err
		}
		found, err := scanStanceRows(rows)
		if err != nil {
			return rawStances{}, nil, err
		}
		at := make(map[stanceVersion]int, len(found.stances))
		for i, s := range found.stances {
			at[stanceVersion{s.PointID, s.Version}] = i
		}
		return found, at, nil
	}
	found, at, err := read(true)
	if err != nil {
		return found, at, err
	}
	for _, j := range group {
		if _, ok := at[stanceVersion{cs[j].point, cs[j].srcVersion}]; !ok {
			return read(false)
		}
	}
	return found, at, nil
}

// resolveCarried returns the stances cs stand for on draft, in cs's
// order, read from the rows they refer to, opening their sealed fields if
// sealed says; point, if not 0, is the only point cs are on.
func (t *Tx) resolveCarried(ctx context.Context, talksID int64, draft int, cs []carried, point int64, sealed bool) ([]parley.Stance, error) {
	type group struct {
		src   int
		party int64
	}
	groups := map[group][]int{} // indexes in cs
	var order []group
	for i, c := range cs {
		g := group{c.src, c.party}
		if groups[g] == nil {
			order = append(order, g)
		}
		groups[g] = append(groups[g], i)
	}
	out := make([]parley.Stance, len(cs))
	for _, g := range order {
		q := markQuery
		if sealed {
			q = stanceQuery
		}
		src, at, err := t.carriedSources(ctx, q, talksID, g.src, g.party, point, cs, groups[g])
		if err != nil {
			return nil, err
		}
		var pick rawStances
		for _, j := range groups[g] {
			c := cs[j]
			i, ok := at[stanceVersion{c.point, c.srcVersion}]
			if !ok {
				return nil, fmt.Errorf("the stance carried over to point %d of draft %d refers to version %d on draft %d, which is not stored",
					c.point, draft, c.srcVersion, c.src)
			}
			pick.add(src.stances[i], src.rationales[i], src.wordings[i])
		}
		if sealed {
			if err := t.openStances(ctx, &pick); err != nil {
				return nil, err
			}
		}
		for i, j := range groups[g] {
			s := pick.stances[i]
			origin := cs[j].origin
			s.Draft, s.Version, s.CarriedFrom = draft, 1, &origin
			out[j] = s
		}
	}
	return out, nil
}

// withCarried adds to the current stances stored on draft the stances
// carried over to it by reference that no version of the party's own has
// replaced, those that keep says, and sorts them by point and party.
func (t *Tx) withCarried(ctx context.Context, talksID int64, draft int, stored []parley.Stance, point, party int64, sealed bool,
	keep func(carriedKey) bool) ([]parley.Stance, error) {
	// Marks of the whole draft come from the backend's memory; one
	// party's are read alone unless it holds them (see carriedMarks).
	if point == 0 && !sealed {
		if _, kept := t.mem.carriedMarks(talksID, draft); kept || party == 0 {
			all, err := t.allCarriedMarks(ctx, talksID, draft)
			if err != nil {
				return nil, err
			}
			return mergeStances(stored, pickCarried(all, keysOf(stored), keep)), nil
		}
	}
	var on map[carriedKey]carried
	var err error
	if point != 0 {
		at, err := t.carriedAt(ctx, talksID, draft, point)
		if err != nil {
			return nil, err
		}
		on = make(map[carriedKey]carried, len(at))
		for party, c := range at {
			on[carriedKey{point, party}] = c
		}
	} else if on, err = t.carriedOf(ctx, talksID, draft, party); err != nil {
		return nil, err
	}
	if len(on) == 0 {
		return stored, nil
	}
	replaced := keysOf(stored)
	var cs []carried
	for k, c := range on {
		if !replaced[k] && keep(k) {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return stored, nil
	}
	sortCarried(cs)
	more, err := t.resolveCarried(ctx, talksID, draft, cs, point, sealed)
	if err != nil {
		return nil, err
	}
	return mergeStances(stored, more), nil
}

// CarryStances implements parley.Tx: it writes one carried_stances row
// for the party, referring to the rows that hold its stances on draft
// from (or to those its stances there were carried from), and reads no
// stance's value or sealed field.
func (t *Tx) CarryStances(ctx context.Context, talksID int64, from, to int, party int64, numbers map[int64]string) (n int, err error) {
	defer func() {
		err = failed(err, "carrying party %d's stances over from draft %d to draft %d of talks %d", party, from, to, talksID)
	}()
	if from >= to {
		return 0, fmt.Errorf("stances are carried over to a later draft, not from draft %d to draft %d", from, to)
	}
	src, err := t.carrySources(ctx, talksID, from, party)
	if err != nil {
		return 0, err
	}
	var cs []carried
	for point, c := range src {
		number, ok := numbers[point]
		if !ok {
			continue
		}
		if c.origin.Draft == 0 {
			c.origin = parley.StanceOrigin{Draft: from, Point: point, Number: number}
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		return 0, nil
	}
	slices.SortFunc(cs, func(a, b carried) int { return cmp.Compare(a.point, b.point) })
	there, err := t.storedPoints(ctx, talksID, to, party)
	if err != nil {
		return 0, err
	}
	for _, c := range cs {
		if there[c.point] {
			return 0, parley.Errorf(parley.ECONFLICT, "the party has a stance on point %d of draft %d already", c.point, to)
		}
	}
	list, err := encodeCarried(cs)
	if err != nil {
		return 0, err
	}
	delete(t.carry.lists, [2]int64{talksID, int64(to)})
	t.learned.carried, t.learned.carriedWritten = nil, true // see allCarriedMarks
	_, err = t.writeTracked(ctx, "carried_stances", `INSERT INTO carried_stances (talks_id, draft_number, party_id, stances)
		VALUES (?, ?, ?, ?) RETURNING *`, talksID, to, party, list)
	return len(cs), t.conflict(err, "a carried-over stance")
}

// carrySources returns, by point, the row each of party's current stances
// on draft stands in, its own or the one it was carried over from by
// reference, with the origin it was carried from, if any (a zero origin
// for none).
func (t *Tx) carrySources(ctx context.Context, talksID int64, draft int, party int64) (map[int64]carried, error) {
	out := map[int64]carried{}
	on, err := t.carriedOn(ctx, talksID, draft)
	if err != nil {
		return nil, err
	}
	for k, c := range on {
		if k.party == party {
			out[k.point] = c
		}
	}
	rows, err := t.query(ctx, `SELECT s.point_id, s.version, c.from_draft, c.from_point, c.from_number FROM stances s
		LEFT JOIN stance_carryovers c ON c.talks_id = s.talks_id AND c.draft_number = s.draft_number
			AND c.point_id = s.point_id AND c.party_id = s.party_id AND c.version = s.version
		WHERE s.talks_id = ? AND s.draft_number = ? AND s.party_id = ? AND s.current`, talksID, draft, party)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c := carried{party: party, src: draft}
		var fromDraft, fromPoint sql.NullInt64
		var fromNumber sql.NullString
		if err := rows.Scan(&c.point, &c.srcVersion, &fromDraft, &fromPoint, &fromNumber); err != nil {
			return nil, err
		}
		if fromDraft.Valid {
			c.origin = parley.StanceOrigin{Draft: int(fromDraft.Int64), Point: fromPoint.Int64, Number: fromNumber.String}
		}
		out[c.point] = c
	}
	return out, rows.Err()
}

// storedPoints returns the points on which party has a stances row on
// draft.
func (t *Tx) storedPoints(ctx context.Context, talksID int64, draft int, party int64) (map[int64]bool, error) {
	rows, err := t.query(ctx, `SELECT point_id FROM stances WHERE talks_id = ? AND draft_number = ? AND party_id = ?`, talksID, draft, party)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var point int64
		if err := rows.Scan(&point); err != nil {
			return nil, err
		}
		out[point] = true
	}
	return out, rows.Err()
}
