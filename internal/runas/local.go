package runas

import (
	"cmp"
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// Local is this machine's profiles as ssm-profiles sees them, read once,
// offline, including the SSO token cache, for looking subjects up by name.
type Local struct {
	profiles.Local
	env    paths.Getenv
	byName map[string]*profiles.Profile
	scope  string
}

// Load reads the files env and home point at, with the SSO token state as
// of now. A bad path or malformed file is a usage error (exit 2).
func Load(env paths.Getenv, home paths.Home, now time.Time) (*Local, error) {
	pl, err := profiles.LoadLocal(env, home, now)
	if err != nil {
		return nil, err
	}
	l := &Local{Local: pl, env: env, byName: make(map[string]*profiles.Profile, len(pl.Profiles)), scope: cacheScope(env, pl.Paths)}
	for i := range pl.Profiles {
		l.byName[pl.Profiles[i].Name] = &pl.Profiles[i]
	}
	return l, nil
}

// Named is what is known offline about a profile the user named.
func (l *Local) Named(name string) Subject {
	r, ok := l.byName[name]
	if !ok {
		return Subject{Profile: profiles.Profile{Name: name}, Missing: true, CacheScope: l.scope}
	}
	s := Subject{Profile: *r, CacheScope: l.scope}
	if raw, ok := l.Files.Profile(name); ok {
		s.SSOAccountName = raw.Value("sso_account_name")
		if r.CredentialSource == profiles.SourceStatic {
			s.KeyID = raw.Value("aws_access_key_id")
		}
	}
	return s
}

// Implicit is the subject when none is named: credentials in the
// environment win over AWS_PROFILE, as in the SDK; then AWS_PROFILE; then
// "default" if defined; else the SDK's default chain (IMDS, containers).
func (l *Local) Implicit() Subject {
	envProfile := l.env("AWS_PROFILE")
	if l.env("AWS_ACCESS_KEY_ID") != "" && l.env("AWS_SECRET_ACCESS_KEY") != "" {
		return Subject{
			Profile: profiles.Profile{Name: envProfile, CredentialSource: SourceEnv,
				Region: cmp.Or(l.env("AWS_REGION"), l.env("AWS_DEFAULT_REGION"))},
			FromEnv: true, KeyID: l.env("AWS_ACCESS_KEY_ID"), CacheScope: l.scope,
		}
	}
	if envProfile != "" {
		return l.Named(envProfile)
	}
	if _, ok := l.byName["default"]; ok {
		return l.Named("default")
	}
	return Subject{CacheScope: l.scope}
}

// cacheScope is the non-secret context an answer depends on besides the
// profile: which endpoints and files were used, and the region the SDK
// would take from the environment (the record reports it).
func cacheScope(env paths.Getenv, where paths.Paths) string {
	parts := []string{"config=" + where.ConfigFile, "credentials=" + where.CredentialsFile}
	for _, k := range []string{"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
		"AWS_REGION", "AWS_DEFAULT_REGION"} {
		parts = append(parts, k+"="+env(k))
	}
	return strings.Join(parts, "\n")
}
