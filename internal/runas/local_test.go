package runas

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

const config = `[default]
region = eu-west-1
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-2
[profile dev]
sso_session = corp
sso_account_id = 925774240130
sso_role_name = Admin
sso_account_name = CASTSoftware-dev
region = eu-west-2
[profile keys]
aws_access_key_id = AKIAEXAMPLEKEYID
aws_secret_access_key = SECRET
`

// machine writes a home with the config above (corp logged in) and
// returns its environment and home.
func machine(t *testing.T, env map[string]string, cfg string) (func(string) string, func() (string, error)) {
	t.Helper()
	home := t.TempDir()
	cache := filepath.Join(home, ".aws", "sso", "cache")
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	token := `{"accessToken":"TOKEN","expiresAt":"2026-11-21T18:00:00Z"}`
	if err := os.WriteFile(filepath.Join(cache, ssocache.Key("corp")+".json"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	return func(k string) string { return env[k] }, func() (string, error) { return home, nil }
}

func load(t *testing.T, env map[string]string, cfg string) *Local {
	t.Helper()
	getenv, home := machine(t, env, cfg)
	l, err := Load(getenv, home, now)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestNamed(t *testing.T) {
	l := load(t, nil, config)
	dev := l.Named("dev")
	if dev.Name != "dev" || dev.AccountID != "925774240130" || !dev.IsSSO() || dev.TokenState().Status != ssocache.Valid ||
		dev.SSOAccountName != "CASTSoftware-dev" || dev.KeyID != "" || dev.Missing || dev.CacheScope == "" {
		t.Errorf("Named(dev) = %+v", dev)
	}
	keys := l.Named("keys")
	if keys.KeyID != "AKIAEXAMPLEKEYID" || keys.AccessKeyID == keys.KeyID {
		t.Errorf("Named(keys): KeyID %q (the unmasked id keys the cache), AccessKeyID %q (masked in records)", keys.KeyID, keys.AccessKeyID)
	}
	missing := l.Named("nope")
	if !missing.Missing || missing.Name != "nope" || missing.DisplayName() != "nope" {
		t.Errorf("Named(nope) = %+v, want Missing", missing)
	}
}

// The implicit profile follows the SDK: keys in the environment, then
// AWS_PROFILE, then [default], then the default chain.
func TestImplicit(t *testing.T) {
	noDefault := config[len("[default]\nregion = eu-west-1\n"):]
	type seen struct {
		Name, Source, Region, KeyID string
		FromEnv                     bool
	}
	tests := []struct {
		name string
		env  map[string]string
		cfg  string
		want seen
	}{
		{"keys in the environment win over AWS_PROFILE", map[string]string{"AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s", "AWS_DEFAULT_REGION": "us-east-2"}, config,
			seen{"dev", SourceEnv, "us-east-2", "AKIAENV", true}},
		{"AWS_PROFILE", map[string]string{"AWS_PROFILE": "keys"}, config, seen{"keys", profiles.SourceStatic, "", "AKIAEXAMPLEKEYID", false}},
		{"[default]", nil, config, seen{"default", profiles.SourceNone, "eu-west-1", "", false}},
		{"the SDK's default chain", nil, noDefault, seen{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, tt.env, tt.cfg).Implicit()
			got := seen{s.Name, s.CredentialSource, s.Region, s.KeyID, s.FromEnv}
			if diff := cmp.Diff(tt.want, got); diff != "" || s.CacheScope == "" {
				t.Errorf("(-want +got)\n%s; cache scope %q", diff, s.CacheScope)
			}
		})
	}
}

// A cached identity reports the region it was resolved in, so a different
// AWS_REGION, endpoint or config file must not reuse it.
func TestCacheScopeFollowsRegionEndpointAndFiles(t *testing.T) {
	scope := func(env map[string]string) string { return load(t, env, config).Named("dev").CacheScope }
	base := cacheScope(func(k string) string { return map[string]string{"AWS_REGION": "eu-west-1"}[k] }, paths.Paths{ConfigFile: "/h/config"})
	for name, env := range map[string]map[string]string{
		"other region":   {"AWS_REGION": "us-east-1"},
		"default region": {"AWS_DEFAULT_REGION": "eu-west-1"},
		"endpoint":       {"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:4566"},
	} {
		if cacheScope(func(k string) string { return env[k] }, paths.Paths{ConfigFile: "/h/config"}) == base {
			t.Errorf("%s: same cache scope as AWS_REGION=eu-west-1", name)
		}
	}
	if first, second := scope(nil), scope(nil); first == second {
		t.Error("two machines' config files gave the same cache scope")
	}
}

func TestIdentityCacheDir(t *testing.T) {
	home := func() (string, error) { return "/home/me", nil }
	if dir, ok := IdentityCacheDir(func(k string) string { return map[string]string{"XDG_CACHE_HOME": "/xdg"}[k] }, home); !ok || dir != "/xdg/ssmkit/identity" {
		t.Errorf("with XDG_CACHE_HOME: %q, %v", dir, ok)
	}
	if dir, ok := IdentityCacheDir(func(string) string { return "" }, home); !ok || dir != "/home/me/.cache/ssmkit/identity" {
		t.Errorf("without XDG_CACHE_HOME: %q, %v", dir, ok)
	}
	if _, ok := IdentityCacheDir(func(string) string { return "" }, func() (string, error) { return "", os.ErrNotExist }); ok {
		t.Error("no home and no XDG_CACHE_HOME: want no cache")
	}
}
