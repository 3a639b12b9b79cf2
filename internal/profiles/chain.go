package profiles

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/awsconfig"
)

// chain follows source_profile the way botocore's AssumeRoleProvider does
// and records the profiles from p to the one holding the base credentials.
// A profile may name itself when it also holds static keys.
func (b *builder) chain(p *awsconfig.Profile, r *Profile) {
	hasSrc, hasCS := p.Has("source_profile"), p.Has("credential_source")
	switch {
	case hasSrc && hasCS:
		r.warn("has both source_profile and credential_source; the AWS CLI refuses this: keep one")
		return
	case hasCS:
		r.LoggedIn = true // credentials come from the environment, ECS or EC2 on use
		return
	case !hasSrc:
		r.warn("role_arn without source_profile or credential_source; add one")
		return
	}
	r.Chain = []string{p.Name}
	visited := map[string]bool{p.Name: true}
	cur := p
	for {
		name := cur.Value("source_profile")
		next, ok := b.files.Profile(name)
		if !ok {
			r.warn("source_profile %q does not exist", name)
			b.broken[p.Name] = true
			return
		}
		if visited[name] {
			if name == cur.Name && hasStatic(cur) {
				r.LoggedIn = true // a profile may source its own static keys
				return
			}
			r.warn("role chain loops: %s -> %s", strings.Join(r.Chain, " -> "), name)
			b.broken[p.Name] = true
			return
		}
		visited[name] = true
		r.Chain = append(r.Chain, name)
		if hasStatic(next) || classify(next) != SourceAssumeRole || next.Has("credential_source") {
			return // root reached; chainTokens takes its login state
		}
		cur = next
	}
}

func hasStatic(p *awsconfig.Profile) bool {
	return p.Has("aws_access_key_id", "aws_secret_access_key")
}

// chainTokens gives each assume-role profile the login state (and SSO token
// and fix) of the profile at the root of its chain.
func (b *builder) chainTokens(out []Profile) {
	var index map[string]int // built on the first chain that needs it
	for i := range out {
		r := &out[i]
		if len(r.Chain) < 2 || b.broken[r.Name] {
			continue
		}
		if index == nil {
			index = make(map[string]int, len(out))
			for j := range out {
				index[out[j].Name] = j
			}
		}
		rootName := r.Chain[len(r.Chain)-1]
		rootP, _ := b.files.Profile(rootName)
		if classify(rootP) == SourceAssumeRole {
			// The root sources its own credentials: static keys or credential_source.
			r.LoggedIn = rootP.Has("credential_source") || (rootP.Has("aws_access_key_id") && rootP.Has("aws_secret_access_key"))
		} else {
			root := out[index[rootName]]
			r.LoggedIn, r.Token, r.Fix = root.LoggedIn, root.Token, root.Fix
		}
		if !r.LoggedIn && r.Fix == "" {
			r.warn("the root of the role chain, %s, has no usable credentials", ShellQuote(rootName))
		}
	}
}
