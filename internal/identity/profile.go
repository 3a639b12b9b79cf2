package identity

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/profiles"
)

// Credential sources as ssm-profiles reports them.
const (
	SourceSSO               = profiles.SourceSSO
	SourceSSOLegacy         = profiles.SourceSSOLegacy
	SourceAssumeRole        = profiles.SourceAssumeRole
	SourceStatic            = profiles.SourceStatic
	SourceCredentialProcess = profiles.SourceCredentialProcess
	SourceWebIdentity       = profiles.SourceWebIdentity
	SourceNone              = profiles.SourceNone
	// SourceEnv marks credentials from AWS_ACCESS_KEY_ID and friends.
	SourceEnv = "env"
)

// SSO token states as ssm-profiles reports them.
const (
	TokenValid   = ssocache.Valid
	TokenExpired = ssocache.Expired
	TokenMissing = ssocache.Missing
)

// Profile is what is known offline about a profile before any network call:
// what ssm-profiles reports, from a piped Profile record or the local files.
type Profile struct {
	// Name is the profile name; empty means the SDK's default chain (AWS_PROFILE, default).
	Name string
	// FromEnv is true when Name came from AWS_PROFILE: the SDK then resolves it
	// itself, so credentials in the environment keep their precedence.
	FromEnv          bool
	CredentialSource string
	Region           string
	AccountID        string
	RoleName         string
	// RoleARN is the configured role_arn of an assume-role profile (with its path).
	RoleARN        string
	SSOSession     string
	SSOStartURL    string
	SSORegion      string
	SSOAccountName string
	// AccessKeyID of a static profile: an identifier, not a secret; it keys the cache.
	AccessKeyID string
	// TokenStatus and TokenExpiresAt describe the cached SSO token (SSO profiles).
	TokenStatus    string
	TokenExpiresAt *time.Time
	// TokenRefreshable: the expired token holds a refresh token the AWS CLI would use.
	TokenRefreshable bool
	// Fix is the command that logs the profile in (ssm-profiles' fix), also
	// for a token that looks valid but the SSO portal refuses.
	Fix string
	// Missing is true when no local config file defines the named profile.
	Missing bool
	// Warnings are ssm-profiles' offline findings about the profile (a role
	// chain that loops, two credential sources, ...), to explain a refusal.
	Warnings []string
	// CacheScope is further non-secret context the answer depends on (endpoint,
	// files, an access key id from the environment); it is part of the cache key.
	CacheScope string
}

// IsSSO reports whether the profile gets its credentials from IAM Identity Center.
func (p Profile) IsSSO() bool {
	return p.CredentialSource == SourceSSO || p.CredentialSource == SourceSSOLegacy
}

// LoadName is the name to hand the SDK ("" lets it apply its own precedence).
func (p Profile) LoadName() string {
	if p.FromEnv {
		return ""
	}
	return p.Name
}

// DisplayName is the profile name as the user knows it.
func (p Profile) DisplayName() string {
	if p.Name == "" {
		return "default"
	}
	return p.Name
}

// LoginCommand is the command that logs the profile in to IAM Identity Center.
func (p Profile) LoginCommand() string {
	if p.Fix != "" {
		return p.Fix
	}
	return profiles.LoginCommand(p.SSOSession, p.Name)
}

// Offline decides, without any network call, whether the profile cannot work:
// it is not defined, or its credentials hang on an SSO token (its own, or the
// one at the root of its role chain) that is expired or missing. It returns
// the finished record and true in that case.
func Offline(p Profile, now time.Time) (Identity, bool) {
	if p.Missing {
		id := base(p, now)
		id.Error = "no profile " + p.DisplayName() + " in this machine's AWS config files"
		id.Fix = "ssm-profiles lists the profiles this machine has"
		id.Code = exitcode.Usage
		return id, true
	}
	if !p.IsSSO() && p.TokenStatus == "" {
		return Identity{}, false
	}
	status := p.TokenStatus
	if status == TokenValid && p.TokenExpiresAt != nil && !now.Before(*p.TokenExpiresAt) {
		status = TokenExpired // the record was read earlier; the token ran out since
	}
	if status == TokenValid || status == "" {
		return Identity{}, false
	}
	id := base(p, now)
	id.SSOTokenStatus = status
	what := "has expired"
	if status == TokenMissing {
		what = "is missing (never logged in on this machine)"
	}
	if status == TokenExpired && p.TokenRefreshable {
		what += " (the AWS CLI would refresh it on its next call; ssmkit never refreshes tokens)"
	}
	id.Error = "the SSO token for " + ssoLabel(p) + " " + what
	id.Fix = p.LoginCommand()
	id.Code = exitcode.Credentials
	return id, true
}

func ssoLabel(p Profile) string {
	if p.SSOSession != "" {
		return "sso-session " + p.SSOSession
	}
	if p.SSOStartURL != "" {
		return p.SSOStartURL
	}
	return "profile " + p.DisplayName()
}

// base fills what every record for p carries, resolved or not.
func base(p Profile, now time.Time) Identity {
	id := New(p.DisplayName())
	id.CredentialSource = p.CredentialSource
	id.Region = p.Region
	id.AsOf = now
	if p.TokenStatus != "" {
		id.SSOTokenStatus = p.TokenStatus
		id.SSOTokenExpiresAt = p.TokenExpiresAt
	}
	return id
}
