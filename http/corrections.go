package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/parley-talks/parley"
)

// Corrections to a language's text: from the side-by-side page, a party
// member proposes a new text of a point in a language it does not write
// itself, as an amendment naming that language; the mediator takes or
// declines it on the desk like any amendment.

// correctionSubmit proposes a correction from a cell of the side-by-side
// page and shows it among the point's amendments; a refused one comes
// back in its cell, the input kept, with the reason.
func (s *Server) correctionSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, n, point, lang, err := translationPath(r)
	if err != nil {
		return err
	}
	share := r.PostFormValue("share_with_mediator") == "on"
	in := parley.AmendmentInput{Kind: parley.AmendReplace, Language: lang, Text: r.PostFormValue("text"),
		Justification: r.PostFormValue("justification"), ShareWithMediator: &share, ReleasedToAll: r.PostFormValue("released_to_all") == "on"}
	a, err := s.ws.ProposeAmendment(r.Context(), id, n, point, in)
	switch code := parley.ErrorCode(err); code {
	case "":
		redirect(w, r, "/talks/%d/drafts/%d/points/%d/amendments#a%d", id, n, point, a.ID)
		return nil
	case parley.EINVALID, parley.ECONFLICT:
		tag, _ := parley.CanonicalTag("lang", lang)
		f := &failedTranslation{Point: point, Lang: tag, Text: in.Text, Justification: in.Justification, Field: parley.ErrorField(err),
			Message: p.message(err), Correction: true}
		r.URL.RawQuery = cleanQuery(r.PostFormValue("back"))
		return s.renderParallel(w, r, p, statusOf[code], f, "")
	}
	return err
}

// pointTexts returns point's text on tabled draft n in each language, by
// language, if amendments as hold a correction to it (else none): what
// the corrections are shown against.
func (s *Server) pointTexts(ctx context.Context, id int64, n int, point int64, as []parley.Amendment) (map[string]string, error) {
	if !slices.ContainsFunc(as, func(a parley.Amendment) bool { return a.PointID == point && a.Correction() }) {
		return nil, nil
	}
	p, err := s.ws.ParallelText(ctx, id, n, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, pp := range p.Points {
		if pp.ID == point {
			for _, x := range pp.Texts {
				out[x.Language] = x.Text
			}
		}
	}
	return out, nil
}
