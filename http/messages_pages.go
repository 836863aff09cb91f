package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-talks/parley"
	"github.com/parley-talks/parley/workspace"
)

// The sealed-messages pages. Sealing and opening happen in the browser
// (static/messages.js, with the age-encryption package): the server sends
// ciphertext and the member's passphrase-sealed identity, and receives
// ciphertext only.

func (s *Server) messagePageRoutes() {
	s.mux.Handle("GET /talks/{talks}/messages", s.pageHandler(false, s.messagesPage))
	s.mux.Handle("POST /talks/{talks}/messages", s.pageHandler(false, s.messageSubmit))
	s.mux.Handle("GET /talks/{talks}/messages/{message}/ciphertext", s.pageHandler(false, s.messageCiphertext))
	s.mux.Handle("POST /talks/{talks}/messages/{message}/read", s.pageHandler(false, s.messageRead))
	s.mux.Handle("GET /account/sealed-identity", s.pageHandler(false, s.sealedIdentity))
}

type messagesData struct {
	Talks       *workspace.TalksView
	Messages    []parley.Message
	Recipients  []parley.MemberKey // principals of other parties
	Envoys      []parley.MemberKey
	HasIdentity bool
	CanSend     bool
	PartyNames  map[int64]string
}

func (s *Server) messagesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	ctx := r.Context()
	d := messagesData{PartyNames: map[int64]string{}}
	if d.Talks, err = s.ws.GetTalks(ctx, id); err != nil {
		return err
	}
	for _, party := range d.Talks.Parties {
		d.PartyNames[party.ID] = party.Name
	}
	if d.Messages, err = s.ws.ListMessages(ctx, id); err != nil {
		return err
	}
	keys, err := s.ws.MemberKeys(ctx, id)
	if err != nil {
		return err
	}
	me := d.Talks.You
	d.CanSend = me.Role == parley.RolePrincipal
	for _, k := range keys {
		switch {
		case k.Username == me.Username:
		case k.Role == parley.RolePrincipal && k.Party != me.PartyID:
			d.Recipients = append(d.Recipients, k)
		case k.Role == parley.RoleNegotiator || k.Role == parley.RoleMediator:
			d.Envoys = append(d.Envoys, k)
		}
	}
	if k, err := s.ws.AccountKey(ctx); err == nil && k.SealedIdentity != "" {
		d.HasIdentity = true
	}
	p.Title, p.Data, p.Talks = "Sealed messages", d, id
	s.render(w, r, http.StatusOK, "messages", *p)
	return nil
}

// messageSubmit stores a message the browser sealed. The form carries only
// ciphertext: the text area of the message has no name.
func (s *Server) messageSubmit(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r, "talks")
	if err != nil {
		return err
	}
	r.ParseForm()
	in := parley.MessageInput{Recipients: r.PostForm["recipients"], Envoy: r.PostFormValue("envoy"), Ciphertext: r.PostFormValue("ciphertext")}
	if r.PostFormValue("copy_envoy") == "on" && in.Envoy != "" {
		in.Recipients = append(in.Recipients, in.Envoy)
	}
	if _, err := s.ws.SendMessage(r.Context(), id, in); err != nil {
		return err
	}
	http.Redirect(w, r, "/talks/"+strconv.FormatInt(id, 10)+"/messages", http.StatusSeeOther)
	return nil
}

func (s *Server) messageCiphertext(w http.ResponseWriter, r *http.Request, p *page) error {
	id, mid, err := messagePath(r)
	if err != nil {
		return err
	}
	m, err := s.ws.GetMessage(r.Context(), id, mid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(m.Ciphertext))
	return nil
}

func (s *Server) messageRead(w http.ResponseWriter, r *http.Request, p *page) error {
	id, mid, err := messagePath(r)
	if err != nil {
		return err
	}
	if _, err := s.ws.MarkRead(r.Context(), id, mid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sealedIdentity serves the caller's own identity, sealed under its
// passphrase, for the browser to unlock.
func (s *Server) sealedIdentity(w http.ResponseWriter, r *http.Request, p *page) error {
	k, err := s.ws.AccountKey(r.Context())
	if err != nil {
		return err
	}
	if strings.TrimSpace(k.SealedIdentity) == "" {
		return parley.NotFound("sealed identity")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(k.SealedIdentity))
	return nil
}
