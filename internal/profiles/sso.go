package profiles

import (
	"sort"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
)

// sso fills the SSO fields, the token state and the login fix.
func (b *builder) sso(p *awsconfig.Profile, r *Profile) {
	r.AccountID = p.Value("sso_account_id")
	r.RoleName = p.Value("sso_role_name")
	r.SSOStartURL, r.SSORegion = p.Value("sso_start_url"), p.Value("sso_region")
	var key string
	if r.CredentialSource == SourceSSO {
		r.SSOSession = p.Value("sso_session")
		s, ok := b.files.SSOSession(r.SSOSession)
		if !ok {
			r.warn("sso_session %q has no [sso-session %s] section; add one or fix the name", r.SSOSession, r.SSOSession)
		} else {
			b.mergeSession(p, s, r)
			key = b.cacheKey(r.SSOSession)
		}
	} else if r.SSOStartURL != "" {
		key = b.cacheKey(r.SSOStartURL)
	}
	for _, k := range missingSSO(p, r) {
		r.warn("missing %s: the AWS CLI refuses this profile", k)
	}
	if key == "" {
		return
	}
	st := b.tokens(key)
	r.Token = &Token{Status: st.Status, ExpiresAt: st.ExpiresAt, Refreshable: st.Refreshable && r.CredentialSource == SourceSSO}
	if st.Problem != "" {
		r.warn("SSO token cache: %s", st.Problem)
	}
	// An expired token counts as logged out even when refreshable: ssmkit's
	// own tools never call CreateToken (ARCHITECTURE.md, principle 1: read-only),
	// the login is.
	r.LoggedIn = st.Status == ssocache.Valid
	if !r.LoggedIn {
		r.Fix = LoginCommand(r.SSOSession, r.Name)
	}
}

// mergeSession takes start URL and region from the sso-session, warning
// where the profile says otherwise.
func (b *builder) mergeSession(p *awsconfig.Profile, s *awsconfig.NamedSection, r *Profile) {
	// The AWS CLI refuses a profile whose value differs from its session's.
	for _, k := range [...]string{"sso_start_url", "sso_region", "sso_registration_scopes"} {
		sv, inSession := s.Get(k)
		pv, inProfile := p.Get(k)
		if inSession && inProfile && sv != pv {
			r.warn("%s is %q in the profile but %q in [sso-session %s]; the AWS CLI refuses this profile: remove it from the profile", k, pv, sv, s.Name)
		}
	}
	if v, ok := s.Get("sso_start_url"); ok {
		r.SSOStartURL = v
	}
	if v, ok := s.Get("sso_region"); ok {
		r.SSORegion = v
	}
}

func missingSSO(p *awsconfig.Profile, r *Profile) []string {
	var out []string
	if !p.Has("sso_account_id") {
		out = append(out, "sso_account_id")
	}
	if !p.Has("sso_role_name") {
		out = append(out, "sso_role_name")
	}
	if r.SSOStartURL == "" {
		out = append(out, "sso_start_url")
	}
	if r.SSORegion == "" {
		out = append(out, "sso_region")
	}
	sort.Strings(out)
	return out
}

// LoginCommand is the exact command that refreshes an SSO token: the
// sso-session's when there is one, else the (legacy) profile's, else the
// default profile's; names shell-quoted. It is every SSO record's fix.
func LoginCommand(session, profile string) string {
	switch {
	case session != "":
		return "aws sso login --sso-session " + ShellQuote(session)
	case profile != "":
		return "aws sso login --profile " + ShellQuote(profile)
	}
	return "aws sso login"
}

// cacheKey memoises ssocache.Key: thousands of profiles share a few sessions.
func (b *builder) cacheKey(s string) string {
	k, ok := b.keys[s]
	if !ok {
		k = ssocache.Key(s)
		b.keys[s] = k
	}
	return k
}
