package profiles

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/record"
)

// TokenLookup returns the cache state for a token cache key
// (awsconfig.CacheKey of an sso-session name or legacy start URL).
type TokenLookup func(key string) awsconfig.TokenState

// accountRE is the form of an AWS account ID.
var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// Build makes one record per profile, in the AWS CLI's order. It reads
// nothing but what files and tokens hand it.
func Build(files *awsconfig.Files, tokens TokenLookup) []Profile {
	b := &builder{files: files, tokens: memo(tokens), broken: map[string]bool{}}
	out := make([]Profile, 0, len(files.Profiles()))
	for _, p := range files.Profiles() {
		out = append(out, b.profile(p))
	}
	b.chainTokens(out)
	warnDuplicatePairs(out)
	return out
}

// memo reads each cache file once however many profiles share a session.
func memo(f TokenLookup) TokenLookup {
	seen := map[string]awsconfig.TokenState{}
	return func(key string) awsconfig.TokenState {
		if st, ok := seen[key]; ok {
			return st
		}
		st := f(key)
		seen[key] = st
		return st
	}
}

type builder struct {
	files  *awsconfig.Files
	tokens TokenLookup
	broken map[string]bool // assume-role profiles whose chain dangles or loops
}

// classify follows the AWS CLI's credential chain order for one profile:
// assume-role, web identity, SSO, static keys, credential_process.
func classify(p *awsconfig.Profile) string {
	switch {
	case p.Has("role_arn") && !p.Has("web_identity_token_file"):
		return SourceAssumeRole
	case p.Has("role_arn"):
		return SourceWebIdentity
	case p.Has("sso_account_id", "sso_role_name") && p.Has("sso_session"):
		return SourceSSO
	case p.Has("sso_account_id", "sso_role_name"):
		return SourceSSOLegacy
	case p.Has("aws_access_key_id", "aws_secret_access_key"):
		return SourceStatic
	case p.Has("credential_process"):
		return SourceCredentialProcess
	}
	return SourceNone
}

func (b *builder) profile(p *awsconfig.Profile) Profile {
	r := Profile{
		Header:           record.NewHeader(record.KindProfile),
		Name:             p.Name,
		CredentialSource: classify(p),
		Region:           p.Value("region"),
		AccountID:        p.Value("aws_account_id"),
		Files:            filesOf(p),
	}
	switch r.CredentialSource {
	case SourceSSO, SourceSSOLegacy:
		b.sso(p, &r)
	case SourceAssumeRole, SourceWebIdentity:
		b.role(p, &r)
	case SourceStatic:
		r.AccessKeyID = maskKeyID(p.Value("aws_access_key_id"))
		r.LoggedIn = p.Has("aws_access_key_id") && p.Has("aws_secret_access_key")
		if !r.LoggedIn {
			r.warn("has only one of aws_access_key_id and aws_secret_access_key; the AWS CLI needs both")
		}
	case SourceCredentialProcess:
		r.LoggedIn = true // the process runs on use; nothing to check offline
	}
	if r.CredentialSource != SourceStatic && r.CredentialSource != SourceAssumeRole && p.Has("aws_access_key_id") {
		r.warn("also has static keys: the AWS CLI uses %s for this profile, the SDK for Go uses the keys; keep one", r.CredentialSource)
	}
	if r.AccountID != "" && !accountRE.MatchString(r.AccountID) {
		r.warn("account ID %q is not 12 digits", r.AccountID)
	}
	if r.Region == "" {
		r.warn("no region: add `region = ...` to the profile or set AWS_REGION")
	}
	warnInlineComments(p, &r)
	return r
}

func (r *Profile) warn(format string, args ...any) {
	r.Warnings = append(r.Warnings, fmt.Sprintf(format, args...))
}

func filesOf(p *awsconfig.Profile) []string {
	var out []string
	for _, s := range p.Sources {
		if len(out) == 0 || out[len(out)-1] != s.File {
			out = append(out, s.File)
		}
	}
	return out
}

// warnInlineComments: configparser keeps `value # note` whole, so the AWS
// CLI sees the comment as part of the value (the SDK for Go strips it).
func warnInlineComments(p *awsconfig.Profile, r *Profile) {
	for _, k := range p.Keys() {
		v := p.Value(k)
		for _, c := range []string{" #", " ;", "\t#", "\t;"} {
			if strings.Contains(v, c) {
				r.warn("%s = %q: the AWS CLI reads the inline comment as part of the value; put comments on their own line", k, v)
				break
			}
		}
	}
}

// maskKeyID shows an access key ID's prefix (its type) and last four characters.
func maskKeyID(id string) string {
	if len(id) < 12 {
		return strings.Repeat("*", len(id))
	}
	return id[:4] + strings.Repeat("*", len(id)-8) + id[len(id)-4:]
}

// role fills account and role from role_arn.
func (b *builder) role(p *awsconfig.Profile, r *Profile) {
	r.RoleARN = p.Value("role_arn")
	r.SourceProfile = p.Value("source_profile")
	r.RoleCredentialSource = p.Value("credential_source")
	if a, err := arn.Parse(r.RoleARN); err == nil && a.Type == arn.Role {
		r.AccountID, r.RoleName = a.AccountID, a.RoleName
	} else {
		r.warn("role_arn %q is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)", r.RoleARN)
	}
	if r.CredentialSource == SourceAssumeRole {
		b.chain(p, r)
	} else {
		r.LoggedIn = true // the web identity token file is read on use
	}
}
