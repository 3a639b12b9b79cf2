package identity

import (
	"time"

	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/exitcode"
	"github.com/ssmkit/ssmkit/internal/runas"
)

// Offline decides, without any network call, whether the subject cannot
// work: its profile is not defined, or its credentials hang on an SSO token
// (its own, or the one at the root of its role chain) that is expired or
// missing. It returns the finished record and true in that case.
func Offline(s runas.Subject, now time.Time) (Identity, bool) {
	if s.Missing {
		id := base(s, now)
		id.Error = "no profile " + s.DisplayName() + " in this machine's AWS config files"
		id.Fix = "ssm-profiles lists the profiles this machine has"
		id.Code = exitcode.Usage
		return id, true
	}
	tok := s.TokenState()
	if !s.IsSSO() && tok.Status == "" {
		return Identity{}, false
	}
	status := tok.Status
	if status == ssocache.Valid && tok.ExpiresAt != nil && !now.Before(*tok.ExpiresAt) {
		status = ssocache.Expired // the record was read earlier; the token ran out since
	}
	if status == ssocache.Valid || status == "" {
		return Identity{}, false
	}
	id := base(s, now)
	id.SSOTokenStatus = status
	what := "has expired"
	if status == ssocache.Missing {
		what = "is missing (never logged in on this machine)"
	}
	if status == ssocache.Expired && tok.Refreshable {
		what += " (the AWS CLI would refresh it on its next call; ssmkit never refreshes tokens)"
	}
	id.Error = "the SSO token for " + ssoLabel(s) + " " + what
	id.Fix = s.LoginCommand()
	id.Code = exitcode.Credentials
	return id, true
}

func ssoLabel(s runas.Subject) string {
	if s.SSOSession != "" {
		return "sso-session " + s.SSOSession
	}
	if s.SSOStartURL != "" {
		return s.SSOStartURL
	}
	return "profile " + s.DisplayName()
}

// base fills what every record for s carries, resolved or not.
func base(s runas.Subject, now time.Time) Identity {
	id := New(s.DisplayName())
	id.CredentialSource = s.CredentialSource
	id.Region = s.Region
	id.AsOf = now
	if tok := s.TokenState(); tok.Status != "" {
		id.SSOTokenStatus = tok.Status
		id.SSOTokenExpiresAt = tok.ExpiresAt
	}
	return id
}
