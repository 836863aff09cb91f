package http

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes the API: exactly the operations registered
// with api and publicAPI, which openapi_test.go checks, along with every
// response's schema.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) registerOpenAPI() {
	s.publicAPI("GET /api/v1/openapi.json", s.openAPI)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
	return nil
}
