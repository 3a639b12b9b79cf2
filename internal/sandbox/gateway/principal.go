package gateway

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// principal is who made a call: an ARN and its account.
type principal struct {
	ARN     string
	Account string
	// UserID is GetCallerIdentity's UserId (AROA...:session for role sessions): aws:userid.
	UserID string
	// User is the Identity Center user on SSO portal calls.
	User string
}

// principals caches access key id -> principal; ids only, never secrets.
type principals struct {
	mu sync.Mutex
	m  map[string]principal
}

func (p *principals) get(key string) (principal, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v, ok := p.m[key]
	return v, ok
}

func (p *principals) put(key string, v principal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[key] = v
}

// who finds the caller: the portal token's user, or the access key's identity as moto knows it.
func (g *Gateway) who(r *http.Request, req request) principal {
	if req.Service == "sso" {
		if s, ok := g.opts.World.Portal.Tokens[r.Header.Get("X-Amz-Sso_bearer_token")]; ok {
			return principal{ARN: "sso-user/" + s.User, User: s.User}
		}
		return principal{}
	}
	if req.AccessKey == "" {
		return principal{}
	}
	if p, ok := g.keys.get(req.AccessKey); ok {
		return p
	}
	p, err := g.callerIdentity(r, req.AccessKey)
	if err != nil {
		return principal{}
	}
	g.keys.put(req.AccessKey, p)
	return p
}

type callerIdentityXML struct {
	UserID  string `xml:"GetCallerIdentityResult>UserId"`
	Arn     string `xml:"GetCallerIdentityResult>Arn"`
	Account string `xml:"GetCallerIdentityResult>Account"`
}

// callerIdentity asks moto (which does not check signatures) who owns an access key id.
func (g *Gateway) callerIdentity(r *http.Request, key string) (principal, error) {
	form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	resp, err := postMotoSTS(r.Context(), g.client, g.moto.String(), key, form)
	if err != nil {
		return principal{}, err
	}
	defer resp.Body.Close()
	var out callerIdentityXML
	if err := xml.NewDecoder(resp.Body).Decode(&out); err != nil {
		return principal{}, err
	}
	return principal{ARN: out.Arn, Account: out.Account, UserID: out.UserID}, nil
}

var xmlCode = regexp.MustCompile(`<Code>([^<]+)</Code>`)

// errorCodeOf extracts an AWS error code from an error header or body (JSON or XML).
func errorCodeOf(header string, body []byte) string {
	if header != "" {
		code, _, _ := strings.Cut(header, ":")
		return code
	}
	var j struct {
		Type string `json:"__type"`
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &j) == nil && (j.Type != "" || j.Code != "") {
		t := j.Type
		if t == "" {
			t = j.Code
		}
		if i := strings.LastIndex(t, "#"); i >= 0 {
			t = t[i+1:]
		}
		return t
	}
	if m := xmlCode.FindSubmatch(body); m != nil {
		return string(m[1])
	}
	return ""
}
