package gateway

import (
	"encoding/json"
	"net"
	"net/http"

	"github.com/ssmkit/ssmkit/internal/sandbox/audit"
	"github.com/ssmkit/ssmkit/internal/sandbox/authz"
)

// authorize asks the IAM model about a call and, when it refuses, answers with the
// protocol's own refusal; it reports whether the call was answered. The SSO portal is not
// IAM: its bearer token decides.
func (g *Gateway) authorize(w http.ResponseWriter, r *http.Request, req request, who principal, body []byte, call *audit.Call) bool {
	world := g.opts.World
	if world.IAM == nil || world.Open || req.Service == "sso" {
		return false
	}
	c := authz.Call{Service: req.Service, Operation: req.Operation, Region: req.Region,
		Caller: authz.Caller{ARN: who.ARN, Account: who.Account, UserID: who.UserID},
		Params: authz.Params{Form: req.Form, Path: r.URL.Path, Query: r.URL.Query()}, Time: g.opts.Now()}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		c.SourceIP = host
	}
	if req.Protocol == protoJSON && len(body) > 0 {
		_ = json.Unmarshal(body, &c.Params.JSON) // a malformed body is the service's error to report
	}
	d := world.IAM.Authorize(r.Context(), c)
	call.Decision, call.Action = d.Outcome, d.Action
	switch d.Outcome {
	case authz.Allowed, authz.NoAuth:
		return false
	case authz.BadCaller:
		if req.AccessKey == "" {
			writeError(w, req.Protocol, missingAuthentication(req.Protocol))
		} else {
			writeError(w, req.Protocol, invalidToken(req.Protocol))
		}
	default:
		writeError(w, req.Protocol, accessDenied(req.Protocol, d.Message))
	}
	return true
}
