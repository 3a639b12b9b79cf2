package profiles

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/awsconfig"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/record"
)

// TokenLookup returns the cache state for a token cache key
// (ssocache.Key of an sso-session name or legacy start URL).
type TokenLookup func(key string) ssocache.State

// Build makes one record per profile, in the AWS CLI's order. It reads
// nothing but what files and tokens hand it; tokens must be safe for
// concurrent use, as big files are built in parallel shards.
func Build(files *awsconfig.Files, tokens TokenLookup) []Profile {
	shards := 1
	if len(files.Profiles()) >= parallelMin {
		shards = min(runtime.GOMAXPROCS(0), 4)
	}
	return build(files, tokens, shards)
}

func build(files *awsconfig.Files, tokens TokenLookup, shards int) []Profile {
	all := files.Profiles()
	out := make([]Profile, len(all))
	builders := make([]*builder, shards)
	var wg sync.WaitGroup
	for s := range builders {
		b := &builder{files: files, tokens: memo(tokens), broken: map[string]bool{}, keys: map[string]string{}}
		builders[s] = b
		lo, hi := s*len(all)/shards, (s+1)*len(all)/shards
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = b.profile(all[i])
			}
		})
	}
	wg.Wait()
	for _, b := range builders[1:] {
		for k, v := range b.broken {
			builders[0].broken[k] = v
		}
	}
	builders[0].chainTokens(out)
	warnDuplicatePairs(out)
	return out
}

// parallelMin is the profile count from which Build uses every core; below
// it a goroutine costs more than it saves.
const parallelMin = 2000

// memo reads each cache file once however many profiles share a session.
func memo(f TokenLookup) TokenLookup {
	seen := map[string]ssocache.State{}
	return func(key string) ssocache.State {
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
	broken map[string]bool   // assume-role profiles whose chain dangles or loops
	keys   map[string]string // session name or start URL -> token cache key
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
	if r.AccountID != "" && !arn.IsAccountID(r.AccountID) {
		r.warn("account ID %q is not 12 digits", r.AccountID)
	}
	if r.Region == "" {
		r.warn("no region: add `region = ...` to the profile or set AWS_REGION")
	}
	warnInlineComments(p, &r)
	return r
}

func (p *Profile) warn(format string, args ...any) {
	p.Warnings = append(p.Warnings, fmt.Sprintf(format, args...))
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
// Secret values are never quoted back.
func warnInlineComments(p *awsconfig.Profile, r *Profile) {
	p.Each(func(k, v string) {
		if !strings.ContainsAny(v, "#;") || !(strings.Contains(v, " #") || strings.Contains(v, " ;") ||
			strings.Contains(v, "\t#") || strings.Contains(v, "\t;")) {
			return
		}
		if secretKey(k) {
			r.warn("%s: the AWS CLI reads an inline comment as part of the value; put comments on their own line", k)
			return
		}
		r.warn("%s = %q: the AWS CLI reads the inline comment as part of the value; put comments on their own line", k, v)
	})
}

// secretKey reports settings whose values must never be printed.
func secretKey(k string) bool {
	switch k {
	case "aws_secret_access_key", "aws_session_token", "aws_security_token", "credential_process":
		return true
	}
	return false
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
	if a, err := arn.ParsePrincipal(r.RoleARN); err == nil && a.Type == arn.Role {
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
