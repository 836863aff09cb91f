package http

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/format/markdown"
)

// Safe writes to drafts: a tabling request carries its client's key (the
// API's Idempotency-Key header, the drafting form's one-time token), so
// that the same request again answers the same draft; a save of the
// working draft names the version it was edited from (in the body, in an
// If-Match header, in the drafting form), so that a save over another's
// edit is refused with that edit shown instead of overwriting it.

// tablingKey reads the Idempotency-Key header of a tabling request.
func tablingKey(r *http.Request) string { return strings.TrimSpace(r.Header.Get("Idempotency-Key")) }

// baseVersion sets in.Version from an If-Match header ("3" or 3) when the
// body names none; a body and a header that disagree are refused.
func baseVersion(r *http.Request, in *parley.DraftInput) error {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil || v < 0 {
		return parley.Invalid("If-Match", "If-Match must be the working draft's version, as in \"3\"")
	}
	if in.Version != nil && *in.Version != v {
		return parley.Invalid("If-Match", "If-Match says version %d and the body version %d", v, *in.Version)
	}
	in.Version = &v
	return nil
}

// staleBody is the body of a 409 answering a write edited from a stale
// version of the working draft: the error, and the working draft as it
// now is (null if it was tabled or discarded).
type staleBody struct {
	ErrorBody
	Current *parley.Draft `json:"current"`
}

// writeStale answers err, from a write of in to the talks' drafts: a
// conflict over a stale version with the working draft as it now is, any
// other error as usual (it returns it, for the caller to return).
func (s *Server) writeStale(w http.ResponseWriter, r *http.Request, id int64, in *parley.DraftInput, err error) error {
	cur, stale := s.staleAgainst(r, id, in, err)
	if !stale {
		return err
	}
	var body staleBody
	body.Error.Code, body.Error.Message = parley.ECONFLICT, parley.Translate(err, s.printerFor(r).Sprintf)
	body.Current = cur
	writeJSON(w, http.StatusConflict, body)
	return nil
}

// staleAgainst reports whether err is a conflict because the working draft
// moved on from the version in names, and returns the working draft as it
// now is (nil if there is none).
func (s *Server) staleAgainst(r *http.Request, id int64, in *parley.DraftInput, err error) (*parley.Draft, bool) {
	if in == nil || in.Version == nil || parley.ErrorCode(err) != parley.ECONFLICT {
		return nil, false
	}
	cur, gerr := s.ws.GetDraft(r.Context(), id, 0)
	switch {
	case gerr == nil:
		return cur, cur.Version != *in.Version
	case parley.ErrorCode(gerr) == parley.ENOTFOUND:
		v, verr := s.ws.WorkingDraftVersion(r.Context(), id)
		return nil, verr == nil && v != *in.Version
	}
	return nil, false
}

// formToken is a one-time token for a drafting form's tabling: the same
// form posted twice tables once.
func formToken() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// otherEdit is the working draft as another saved it, shown beside the
// text of a save it refused.
type otherEdit struct {
	Version  int
	SavedBy  string
	Markdown string
}

// otherEditOf returns the other edit, if the working draft exists.
func otherEditOf(cur *parley.Draft) *otherEdit {
	if cur == nil {
		return nil
	}
	return &otherEdit{Version: cur.Version, SavedBy: cur.TabledBy, Markdown: markdown.Write(cur, true)}
}
