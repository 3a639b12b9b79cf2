package identity

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultCacheTTL bounds how long a cached identity is trusted: long enough for
// a burst of pre-flight checks, short enough that a changed login shows.
const DefaultCacheTTL = 5 * time.Minute

// Cache keeps caller identities on disk (0600 files in a 0700 directory) so a
// pre-flight path can skip STS. Entries are keyed by the identity of the
// credentials (SSO session and role, access key id), never by a secret, and
// hold only what STS answered (no credentials).
type Cache struct {
	Dir string
	TTL time.Duration
}

type cacheEntry struct {
	ExpiresAt time.Time `json:"expiresAt"`
	Enriched  bool      `json:"enriched"`
	Identity  Identity  `json:"identity"`
}

// CacheKey returns the key of the credentials a profile resolves to, when that
// can be known offline without reading a secret.
func CacheKey(p runas.Subject) (string, bool) {
	var parts []string
	switch {
	case p.IsSSO() && p.TokenState().Status == ssocache.Valid && p.TokenState().ExpiresAt != nil && p.AccountID != "" && p.RoleName != "":
		// A new login gives a new token expiry, so a different user behind the
		// same sso-session never sees the previous user's identity.
		parts = []string{"sso", p.SSOSession, p.SSOStartURL, p.AccountID, p.RoleName, p.TokenState().ExpiresAt.UTC().Format(time.RFC3339Nano)}
	case (p.CredentialSource == profiles.SourceStatic || p.CredentialSource == runas.SourceEnv) && p.KeyID != "":
		parts = []string{p.CredentialSource, p.KeyID}
	default:
		return "", false
	}
	parts = append(parts, "profile="+p.Name, "scope="+p.CacheScope)
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:]), true
}

// Get returns the identity cached under key if it is still fresh; withEnrichment
// asks for an entry that also holds the account alias and name.
func (c *Cache) Get(key string, now time.Time, withEnrichment bool) (Identity, bool) {
	b, err := os.ReadFile(c.path(key))
	if err != nil {
		return Identity{}, false
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.Identity.ARN == "" || !now.Before(e.ExpiresAt) {
		return Identity{}, false
	}
	if withEnrichment && !e.Enriched {
		return Identity{}, false
	}
	return e.Identity, true
}

// Put stores a resolved identity until the TTL or the credentials' expiry,
// whichever comes first. Failing to write is not an error: the cache is an
// optimisation, and the answer has been given already.
func (c *Cache) Put(key string, id Identity, now time.Time, enriched bool) {
	ttl := c.TTL
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	exp := now.Add(ttl)
	for _, t := range []*time.Time{id.CredentialExpiresAt, id.SSOTokenExpiresAt} {
		if t != nil && t.Before(exp) {
			exp = *t
		}
	}
	id.Cached, id.AsOf = false, time.Time{}
	b, err := json.Marshal(cacheEntry{ExpiresAt: exp.UTC(), Enriched: enriched, Identity: id})
	if err != nil || os.MkdirAll(c.Dir, 0o700) != nil {
		return
	}
	f, err := os.CreateTemp(c.Dir, ".identity-*") // CreateTemp opens with 0600
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), c.path(key)) != nil {
		_ = os.Remove(f.Name())
	}
}

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key+".json") }
