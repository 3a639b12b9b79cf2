// Package portaltest is an in-process fake of the IAM Identity Center (SSO)
// portal API, speaking its real REST-JSON wire format, for --discover tests.
package portaltest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
)

// Account is one account the fake user is assigned to, with its roles.
type Account struct {
	ID, Name string
	Roles    []string
}

// Portal is the fake; URL is its endpoint (AWS_ENDPOINT_URL_SSO).
type Portal struct {
	URL string
	// PageSize is how many items one page holds, so pagination is exercised.
	PageSize int

	srv      *httptest.Server
	token    string
	accounts []Account
	mu       sync.Mutex
	calls    []string
	throttle int
}

// New starts a fake portal that accepts only token. Close it when done.
func New(token string, accounts ...Account) *Portal {
	p := &Portal{PageSize: 2, token: token, accounts: accounts}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	return p
}

// Close stops the server.
func (p *Portal) Close() { p.srv.Close() }

// Throttle makes the next n calls answer 429 TooManyRequestsException.
func (p *Portal) Throttle(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.throttle = n
}

// Calls returns "METHOD /path" for every request so far.
func (p *Portal) Calls() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.calls...)
}

func (p *Portal) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.calls = append(p.calls, r.Method+" "+r.URL.Path)
	throttled := p.throttle > 0
	if throttled {
		p.throttle--
	}
	p.mu.Unlock()
	switch {
	case throttled:
		apiError(w, http.StatusTooManyRequests, "TooManyRequestsException", "Rate exceeded")
	case r.Header.Get("x-amz-sso_bearer_token") != p.token:
		apiError(w, http.StatusUnauthorized, "UnauthorizedException", "Session token not found or invalid")
	case r.Method == http.MethodGet && r.URL.Path == "/assignment/accounts":
		var items []map[string]string
		for _, a := range p.accounts {
			items = append(items, map[string]string{"accountId": a.ID, "accountName": a.Name, "emailAddress": a.Name + "@example.com"})
		}
		p.page(w, r, "accountList", items)
	case r.Method == http.MethodGet && r.URL.Path == "/assignment/roles":
		id := r.URL.Query().Get("account_id")
		var items []map[string]string
		for _, a := range p.accounts {
			if a.ID == id {
				roles := append([]string(nil), a.Roles...)
				sort.Strings(roles)
				for _, role := range roles {
					items = append(items, map[string]string{"accountId": id, "roleName": role})
				}
			}
		}
		p.page(w, r, "roleList", items)
	default:
		apiError(w, http.StatusNotFound, "ResourceNotFoundException", "no such operation in the fake portal")
	}
}

// page serves items[next_token:next_token+PageSize] under key.
func (p *Portal) page(w http.ResponseWriter, r *http.Request, key string, items []map[string]string) {
	start, _ := strconv.Atoi(r.URL.Query().Get("next_token"))
	size := p.PageSize
	if m, err := strconv.Atoi(r.URL.Query().Get("max_result")); err == nil && m > 0 && m < size {
		size = m
	}
	end := min(start+size, len(items))
	body := map[string]any{key: items[min(start, len(items)):end]}
	if end < len(items) {
		body["nextToken"] = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

func apiError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-Errortype", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}
