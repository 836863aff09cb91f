package auditlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Record is one audited change. It never holds confidential content: only
// who did what to which object, when, and a digest of the change.
//
// A Record's log form is its canonical encoding by [Encode].
type Record struct {
	Time   time.Time `json:"time"`            // when the change was made; encoded in UTC
	Actor  string    `json:"actor"`           // user name, or "operator"
	Talks  int64     `json:"talks,omitempty"` // the talks concerned, if any
	Action string    `json:"action"`          // e.g. "draft.table", "stance.set", "talks.create"
	Object string    `json:"object"`          // e.g. "talks/1/drafts/3"
	Party  int64     `json:"party,omitempty"` // set when the record belongs to one party's confidential business

	// Parties, in increasing order, are set when the record concerns the
	// confidential business of several parties at once (an analysis that
	// used their preferences); who of the talks may read it is the
	// reader's policy.
	Parties []int64 `json:"parties,omitempty"`

	// Digest is the hex SHA-256 of the change's canonical content, computed
	// by the caller, in lower case. A bare digest of content with few
	// possible values (a stance, a yes or no) reveals it to anyone who
	// hashes the candidates, so such content must be digested together
	// with something secret or unguessable.
	Digest string `json:"digest,omitempty"`

	// Details are non-confidential facts. Decode returns numbers in them as
	// json.Number, so that they re-encode exactly; an empty map is encoded
	// as no details at all.
	Details map[string]any `json:"details,omitempty"`
}

// Encode returns the canonical encoding of r: one line of JSON, without a
// newline, with the fields in the order of [Record], Time in UTC, empty
// optional fields left out, Details keys sorted, no insignificant space and
// no HTML escaping. The same record always encodes to the same bytes, and
// [Decode] accepts exactly what Encode returns.
//
// Encode returns an error if r lacks Time, Actor, Action or Object, if a
// string field is not valid UTF-8, if Talks or Party is negative, if Digest
// is not 64 lower-case hex digits, or if Details cannot be encoded as JSON
// in a canonical form.
func Encode(r Record) ([]byte, error) {
	if err := r.validate(); err != nil {
		return nil, err
	}
	data, err := marshal(r)
	if err != nil {
		return nil, fmt.Errorf("auditlog: invalid record: %w", err)
	}
	if len(r.Details) > 0 && !plain(r.Details) {
		// Values with their own MarshalJSON may produce JSON that would not
		// re-encode to the same bytes, such as objects with unsorted keys.
		if _, err := Decode(data); err != nil {
			return nil, fmt.Errorf("auditlog: invalid record: details have no canonical JSON form: %w", err)
		}
	}
	return data, nil
}

// Decode parses the canonical encoding of a record. It is strict: it refuses
// unknown fields, trailing data (a newline included) and any encoding other
// than the one [Encode] would produce for the record it describes.
func Decode(data []byte) (Record, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return Record{}, fmt.Errorf("auditlog: decode record: %w", err)
	}
	if dec.InputOffset() != int64(len(data)) {
		return Record{}, errors.New("auditlog: decode record: trailing data")
	}
	if err := r.validate(); err != nil {
		return Record{}, err
	}
	canon, err := marshal(r)
	if err != nil {
		return Record{}, fmt.Errorf("auditlog: decode record: %w", err)
	}
	if !bytes.Equal(canon, data) {
		return Record{}, errors.New("auditlog: decode record: not in canonical form")
	}
	return r, nil
}

// marshal encodes r as Encode does, without checking it.
func marshal(r Record) ([]byte, error) {
	r.Time = r.Time.UTC()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (r *Record) validate() error {
	switch {
	case r.Time.IsZero():
		return errors.New("auditlog: invalid record: no time")
	case r.Actor == "":
		return errors.New("auditlog: invalid record: no actor")
	case r.Action == "":
		return errors.New("auditlog: invalid record: no action")
	case r.Object == "":
		return errors.New("auditlog: invalid record: no object")
	case !utf8.ValidString(r.Actor) || !utf8.ValidString(r.Action) || !utf8.ValidString(r.Object):
		return errors.New("auditlog: invalid record: text is not valid UTF-8")
	case r.Talks < 0:
		return fmt.Errorf("auditlog: invalid record: talks %d", r.Talks)
	case r.Party < 0:
		return fmt.Errorf("auditlog: invalid record: party %d", r.Party)
	case !increasing(r.Parties):
		return fmt.Errorf("auditlog: invalid record: parties %v are not positive and in increasing order", r.Parties)
	case r.Digest != "" && !isDigest(r.Digest):
		return fmt.Errorf("auditlog: invalid record: digest %q is not 64 lower-case hex digits", r.Digest)
	}
	return nil
}

// increasing reports whether ids are positive and in increasing order.
func increasing(ids []int64) bool {
	for i, id := range ids {
		if id <= 0 || i > 0 && id <= ids[i-1] {
			return false
		}
	}
	return true
}

// plain reports whether v is made only of values that encoding/json encodes
// canonically by itself: what it decodes into an any, and Go numbers.
func plain(v any) bool {
	switch v := v.(type) {
	case nil, string, bool, json.Number, float64, float32,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	case []any:
		for _, e := range v {
			if !plain(e) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, e := range v {
			if !plain(e) {
				return false
			}
		}
		return true
	}
	return false
}

func isDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
