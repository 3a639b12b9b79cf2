package seed

import (
	"cmp"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// Token is a cached SSO access token written to the local machine.
type Token struct {
	Value   string
	User    string
	Expires time.Time
}

// LocalFiles are the paths of the local machine's AWS files under a temp HOME.
type LocalFiles struct {
	Home, Config, Credentials, SSOCache string
	// SSHConfig is ~/.ssh/config, empty when the scenario has none.
	SSHConfig string
}

// WriteLocal writes the person-at-the-keyboard's ~/.aws (config, credentials, SSO token
// cache) under home and returns the tokens it minted, for the gateway's SSO portal.
func WriteLocal(home string, sc *scenario.Scenario, res *Result, now time.Time) (LocalFiles, []Token, error) {
	f := LocalFiles{Home: home, Config: filepath.Join(home, ".aws", "config"), Credentials: filepath.Join(home, ".aws", "credentials"),
		SSOCache: filepath.Join(home, ".aws", "sso", "cache")}
	if err := os.MkdirAll(f.SSOCache, 0o700); err != nil {
		return f, nil, err
	}
	config, err := scenario.Expand(sc.Local.Config, lookup(sc, res))
	if err != nil {
		return f, nil, fmt.Errorf("local config: %w", err)
	}
	if err := os.WriteFile(f.Config, []byte(config), 0o600); err != nil {
		return f, nil, err
	}
	var creds strings.Builder
	creds.WriteString(sc.Local.Credentials)
	for _, k := range sc.Local.AccessKeys {
		key := res.AccessKeys[k.Profile]
		fmt.Fprintf(&creds, "\n[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n", k.Profile, key.ID, key.Secret)
	}
	if err := os.WriteFile(f.Credentials, []byte(creds.String()), 0o600); err != nil {
		return f, nil, err
	}
	if sc.Local.SSHConfig != "" {
		f.SSHConfig = filepath.Join(home, ".ssh", "config")
		if err := os.MkdirAll(filepath.Dir(f.SSHConfig), 0o700); err != nil {
			return f, nil, err
		}
		if err := os.WriteFile(f.SSHConfig, []byte(sc.Local.SSHConfig), 0o600); err != nil {
			return f, nil, err
		}
	}
	var tokens []Token
	for _, t := range sc.Local.SSOCache {
		tok, err := writeToken(f.SSOCache, sc, t, now)
		if err != nil {
			return f, nil, err
		}
		tokens = append(tokens, tok)
	}
	return f, tokens, nil
}

// CacheFileName is the SDKs' token cache name: sha1 of the sso-session name (or, for legacy
// profiles, of the start URL), hex encoded, plus .json.
func CacheFileName(sessionOrStartURL string) string {
	sum := sha1.Sum([]byte(sessionOrStartURL))
	return hex.EncodeToString(sum[:]) + ".json"
}

func writeToken(dir string, sc *scenario.Scenario, t scenario.SSOToken, now time.Time) (Token, error) {
	d, _ := time.ParseDuration(t.ExpiresIn)
	raw := make([]byte, 48)
	if _, err := rand.Read(raw); err != nil {
		return Token{}, err
	}
	tok := Token{Value: "aoa" + base64.RawURLEncoding.EncodeToString(raw), User: t.User, Expires: now.Add(d).UTC().Truncate(time.Second)}
	ic := sc.IdentityCenter
	entry := map[string]string{"startUrl": cmp.Or(t.StartURL, ic.StartURL), "region": ic.RegionOr(sc.Region),
		"accessToken": tok.Value, "expiresAt": tok.Expires.Format(time.RFC3339)}
	key := t.StartURL
	if t.Session != "" {
		key = t.Session
		entry["clientId"] = "sandbox-client-" + t.Session
		entry["registrationExpiresAt"] = now.Add(90 * 24 * time.Hour).UTC().Format(time.RFC3339)
	}
	b, err := json.MarshalIndent(entry, "", "  ")
	if err != nil {
		return Token{}, err
	}
	return tok, os.WriteFile(filepath.Join(dir, CacheFileName(key)), b, 0o600)
}

// CachedToken reads back the access token cached for key (an sso-session name, or a
// legacy profile's start URL) as a CLI would find it; tests use it to act as the user.
func (f LocalFiles) CachedToken(key string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(f.SSOCache, CacheFileName(key)))
	if err != nil {
		return "", err
	}
	var entry struct{ AccessToken string }
	if err := json.Unmarshal(raw, &entry); err != nil {
		return "", fmt.Errorf("SSO cache entry for %s: %w", key, err)
	}
	return entry.AccessToken, nil
}
