// Package ssocache reads the SSO token cache the AWS CLI writes on `aws sso
// login` (~/.aws/sso/cache/<sha1>.json) and judges each token: valid,
// expired (and whether the CLI could refresh it) or missing. It never hands
// out an access token except to the read-only SSO portal calls, and never
// writes the cache.
package ssocache

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Token statuses, as reported in Profile records.
const (
	Valid   = "valid"
	Expired = "expired"
	Missing = "missing"
)

// State is what the SSO token cache says about one sso-session or start
// URL. It never holds the access token itself.
type State struct {
	Status    string
	ExpiresAt *time.Time
	// Refreshable: an sso-session token whose refresh token the CLI and SDKs
	// will use on the next call, so no login is needed.
	Refreshable bool
	File        string
	// Problem explains a cache file that exists but cannot be used.
	Problem string
}

// Key is the token cache file name (without .json) for an sso-session
// name, or for the start URL of a legacy profile: the SHA-1 hex of it
// (botocore SSOTokenLoader._generate_cache_key; SDK for Go ssocreds).
func Key(sessionOrStartURL string) string {
	sum := sha1.Sum([]byte(sessionOrStartURL))
	return hex.EncodeToString(sum[:])
}

// cachedToken is the subset of a cache file we read; accessToken is kept
// only to hand a valid one to AccessToken, refreshToken only tested for presence.
type cachedToken struct {
	AccessToken           *string `json:"accessToken"`
	ExpiresAt             *string `json:"expiresAt"`
	RefreshToken          *string `json:"refreshToken"`
	ClientID              *string `json:"clientId"`
	ClientSecret          *string `json:"clientSecret"`
	RegistrationExpiresAt *string `json:"registrationExpiresAt"`
}

// Read reads the cache file for key in dir and judges it at now. A
// client-registration file (no accessToken) is not a token.
func Read(dir, key string, now time.Time) State {
	st, _ := readToken(dir, key, now)
	return st
}

// AccessToken returns the cached access token for key when it is valid at
// now, for the SSO portal calls of --discover. Callers must never print it.
func AccessToken(dir, key string, now time.Time) (string, State) {
	st, token := readToken(dir, key, now)
	return token, st
}

// readToken reads and judges the cache file once; the access token comes
// back apart from the state (which is printed) and only when valid.
func readToken(dir, key string, now time.Time) (State, string) {
	path := filepath.Join(dir, key+".json")
	st := State{Status: Missing, File: path}
	if dir == "" {
		st.File, st.Problem = "", "no home directory, so no SSO token cache"
		return st, ""
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, ""
	}
	if err != nil {
		st.Problem = fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err))
		return st, ""
	}
	return judgeToken(st, data, now)
}

// judgeToken judges a cache file's bytes at now; the access token is
// returned only for a valid token.
func judgeToken(st State, data []byte, now time.Time) (State, string) {
	var c cachedToken
	if err := json.Unmarshal(data, &c); err != nil {
		st.Problem = fmt.Sprintf("%s is not valid JSON", st.File)
		return st, ""
	}
	if c.AccessToken == nil || *c.AccessToken == "" || c.ExpiresAt == nil {
		st.Problem = fmt.Sprintf("%s holds no accessToken and expiresAt", st.File)
		return st, ""
	}
	exp, err := ParseExpiry(*c.ExpiresAt)
	if err != nil {
		st.Problem = fmt.Sprintf("%s: expiresAt %q is not a time", st.File, *c.ExpiresAt)
		return st, ""
	}
	st.ExpiresAt = &exp
	if now.Before(exp) {
		st.Status = Valid
		return st, *c.AccessToken
	}
	st.Status = Expired
	st.Refreshable = canRefresh(c, now)
	return st, ""
}

// canRefresh follows botocore's SSOTokenProvider: a refresh needs the refresh
// token and a client registration that has not expired.
func canRefresh(c cachedToken, now time.Time) bool {
	if c.RefreshToken == nil || *c.RefreshToken == "" || c.ClientID == nil || c.ClientSecret == nil {
		return false
	}
	if c.RegistrationExpiresAt == nil {
		return true
	}
	reg, err := ParseExpiry(*c.RegistrationExpiresAt)
	return err == nil && now.Before(reg)
}

// ParseExpiry reads a cache file timestamp; a zone-less time is UTC.
func ParseExpiry(s string) (time.Time, error) {
	// The forms AWS CLI versions have written: RFC 3339 with Z or an offset,
	// and older "...UTC" and "+0000" suffixes.
	layouts := [...]string{
		time.RFC3339Nano,
		"2006-01-02T15:04:05MST",
		"2006-01-02T15:04:05 MST",
		"2006-01-02T15:04:05Z0700",
		"2006-01-02T15:04:05.999999999Z0700",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02T15:04:05",
	}
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		t, err := time.Parse(l, s)
		if err == nil {
			if strings.Contains(l, "MST") && t.Location().String() != "UTC" {
				continue // only the literal UTC zone name is unambiguous
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}
