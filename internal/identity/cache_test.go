package identity

import (
	"context"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestCacheSkipsSTSUntilTTLAndNeverStoresSecrets(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "identity")
	sts := &fakeSTS{arn: ssoARN, account: "925774240130"}
	conn := &connector{clients: Clients{STS: sts, Credentials: fakeCreds{expires: testNow.Add(time.Hour)}}}
	now := testNow
	r := &Resolver{Connect: conn.connect, Now: func() time.Time { return now }, Cache: &Cache{Dir: dir, TTL: 5 * time.Minute}}
	p := ssoProfile(ssocache.Valid)

	first := r.Resolve(context.Background(), p)
	now = now.Add(4 * time.Minute)
	second := r.Resolve(context.Background(), p)
	if sts.calls.Load() != 1 || first.Cached || !second.Cached || second.ARN != first.ARN || second.Code != 0 {
		t.Fatalf("STS calls %d, cached %v/%v: the second run within the TTL must come from the cache", sts.calls.Load(), first.Cached, second.Cached)
	}
	now = now.Add(2 * time.Minute)
	if third := r.Resolve(context.Background(), p); third.Cached || sts.calls.Load() != 2 {
		t.Errorf("after the TTL the cache must be bypassed (calls %d)", sts.calls.Load())
	}

	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("cache dir mode %v (%v), want 0700", st.Mode().Perm(), err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 {
		t.Fatalf("cache files %v, want exactly one", files)
	}
	st, _ = os.Stat(files[0])
	b, _ := os.ReadFile(files[0])
	if st.Mode().Perm() != 0o600 || strings.Contains(string(b), fakeSecret) || strings.Contains(string(b), "SESSIONTOKEN") || strings.Contains(string(b), "ASIAEXAMPLE") {
		t.Errorf("cache file mode %v, content %s: want 0600 and no credentials", st.Mode().Perm(), b)
	}
}

func TestCacheKeyFollowsTheCredentialIdentity(t *testing.T) {
	p := ssoProfile(ssocache.Valid)
	k1, ok := CacheKey(p)
	relogin := p
	relogin.Token = &profiles.Token{Status: ssocache.Valid, ExpiresAt: ptr(p.Token.ExpiresAt.Add(time.Hour))}
	k2, _ := CacheKey(relogin)
	other := p
	other.CacheScope = "endpoint=http://127.0.0.1:5000"
	k3, _ := CacheKey(other)
	if !ok || k1 == k2 || k1 == k3 {
		t.Errorf("keys %q %q %q: a new login or another endpoint must change the key", k1, k2, k3)
	}
	static := runas.Subject{Profile: profiles.Profile{Name: "s", CredentialSource: profiles.SourceStatic}, KeyID: "AKIAEXAMPLE"}
	if k, ok := CacheKey(static); !ok || strings.Contains(k, "AKIA") {
		t.Errorf("static key %q ok=%v: want a hashed key", k, ok)
	}
	for _, p := range []runas.Subject{{Profile: profiles.Profile{Name: "proc", CredentialSource: "credential-process"}},
		{Profile: profiles.Profile{Name: "env", CredentialSource: runas.SourceEnv}}, {Profile: profiles.Profile{Name: "none", CredentialSource: profiles.SourceNone}},
		ssoProfile(ssocache.Expired)} {
		if _, ok := CacheKey(p); ok {
			t.Errorf("profile %q (%s) must not be cached", p.Name, p.CredentialSource)
		}
	}
}

func TestCacheExpiresWithTheCredentials(t *testing.T) {
	c := &Cache{Dir: t.TempDir(), TTL: time.Hour}
	id := New("p")
	id.ARN = ssoARN
	id.CredentialExpiresAt = ptr(testNow.Add(time.Minute))
	c.Put("k", id, testNow, false)
	if _, ok := c.Get("k", testNow.Add(30*time.Second), false); !ok {
		t.Error("fresh entry missed")
	}
	if _, ok := c.Get("k", testNow.Add(2*time.Minute), false); ok {
		t.Error("entry outlived the credentials it describes")
	}
	if _, ok := c.Get("k", testNow, true); ok {
		t.Error("an entry without enrichment must not answer a run that wants it")
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "bad.json"), []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Get("bad", testNow, false); ok {
		t.Error("a corrupt entry must be a miss")
	}
}
