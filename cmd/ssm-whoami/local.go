package main

import (
	"cmp"
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/paths"
	"github.com/ssmkit/ssmkit/internal/identity"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// local is this machine's profiles as ssm-profiles sees them: read once,
// offline, including the SSO token cache.
type local struct {
	env    paths.Getenv
	paths  paths.Paths
	files  *awsconfig.Files
	byName map[string]profiles.Profile
	scope  string
}

func loadLocal(env paths.Getenv, home paths.Home, now time.Time) (*local, error) {
	pl, err := profiles.LoadLocal(env, home, now)
	if err != nil {
		return nil, err
	}
	l := &local{env: env, paths: pl.Paths, files: pl.Files, byName: make(map[string]profiles.Profile, len(pl.Profiles)),
		scope: cacheScope(env, pl.Paths)}
	for _, r := range pl.Profiles {
		l.byName[r.Name] = r
	}
	return l, nil
}

// named is what ssm-whoami knows offline about a profile the user named.
func (l *local) named(name string) identity.Profile {
	r, ok := l.byName[name]
	if !ok {
		return identity.Profile{Name: name, Missing: true}
	}
	p := identity.Profile{
		Name: r.Name, CredentialSource: r.CredentialSource, Region: r.Region,
		AccountID: r.AccountID, RoleName: r.RoleName, RoleARN: r.RoleARN,
		SSOSession: r.SSOSession, SSOStartURL: r.SSOStartURL, SSORegion: r.SSORegion,
		Fix: r.Fix, CacheScope: l.scope, Warnings: r.Warnings,
	}
	if r.Token != nil {
		p.TokenStatus, p.TokenExpiresAt, p.TokenRefreshable = r.Token.Status, r.Token.ExpiresAt, r.Token.Refreshable
	}
	if raw, ok := l.files.Profile(name); ok {
		p.SSOAccountName = raw.Value("sso_account_name")
		if r.CredentialSource == profiles.SourceStatic {
			// The key id identifies the key (it is no secret); it keys the cache.
			p.AccessKeyID = raw.Value("aws_access_key_id")
		}
	}
	return p
}

// implicit is the profile used when none is named: credentials in the
// environment win over AWS_PROFILE, as in the SDK; then AWS_PROFILE; then
// "default" if defined; else the SDK's default chain (IMDS, containers).
func (l *local) implicit() identity.Profile {
	envProfile := l.env("AWS_PROFILE")
	if l.env("AWS_ACCESS_KEY_ID") != "" && l.env("AWS_SECRET_ACCESS_KEY") != "" {
		return identity.Profile{Name: envProfile, FromEnv: true, CredentialSource: identity.SourceEnv,
			Region:      cmp.Or(l.env("AWS_REGION"), l.env("AWS_DEFAULT_REGION")),
			AccessKeyID: l.env("AWS_ACCESS_KEY_ID"), CacheScope: l.scope}
	}
	if envProfile != "" {
		return l.named(envProfile)
	}
	if _, ok := l.byName["default"]; ok {
		return l.named("default")
	}
	return identity.Profile{CacheScope: l.scope}
}
