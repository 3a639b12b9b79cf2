// Package runas decides which profiles a run acts for, the question every
// tool that calls AWS asks first: the profiles named on the command line
// (--profile, PROFILE arguments), else the Profile and Identity records piped
// on stdin, else the implicit one (credentials in the environment, then
// AWS_PROFILE, then [default], then the SDK's default chain). Each is looked
// up offline in this machine's files, as ssm-profiles sees them. It also
// says where the identity cache lives and what its entries depend on.
package runas

import "github.com/ssmkit/ssmkit/internal/profiles"

// SourceEnv is the credential source of a run that uses AWS_ACCESS_KEY_ID
// and friends from the environment.
const SourceEnv = "env"

// Subject is one profile a run acts for and what is known about it offline,
// before any network call.
type Subject struct {
	// Profile is the profile as ssm-profiles reports it. Its Name is the name
	// the user gave; "" means the SDK's default chain. Only Name is set when
	// the profile is Missing.
	profiles.Profile
	// FromEnv is true when the environment decides (keys, or AWS_PROFILE):
	// the SDK then resolves it itself, so keys there keep their precedence.
	FromEnv bool
	// Missing is true when no local config file defines the named profile.
	Missing bool
	// SSOAccountName is the profile's sso_account_name: the account's name
	// without a call.
	SSOAccountName string
	// KeyID is the access key id of static or environment keys, unmasked:
	// an identifier, not a secret; it keys the identity cache.
	KeyID string
	// CacheScope is the non-secret context an answer depends on besides the
	// profile (files, endpoints, region variables); part of the cache key.
	CacheScope string
}

// IsSSO reports whether the subject gets its credentials from IAM Identity Center.
func (s Subject) IsSSO() bool {
	return s.CredentialSource == profiles.SourceSSO || s.CredentialSource == profiles.SourceSSOLegacy
}

// LoadName is the name to hand the SDK ("" lets it apply its own precedence).
func (s Subject) LoadName() string {
	if s.FromEnv {
		return ""
	}
	return s.Name
}

// DisplayName is the profile name as the user knows it.
func (s Subject) DisplayName() string {
	if s.Name == "" {
		return "default"
	}
	return s.Name
}

// LoginCommand is the command that logs the subject in to IAM Identity Center.
func (s Subject) LoginCommand() string {
	if s.Fix != "" {
		return s.Fix
	}
	return profiles.LoginCommand(s.SSOSession, s.Name)
}

// TokenState is the cached SSO token's state (SSO profiles and chains
// rooted in one); the zero Token otherwise.
func (s Subject) TokenState() profiles.Token {
	if s.Token == nil {
		return profiles.Token{}
	}
	return *s.Token
}
