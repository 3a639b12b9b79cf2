package simulate

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// Flags are the `simulate` flags, as given on the command line.
type Flags struct {
	Policies       []string // identity policy files
	Boundary       string
	SessionPolicy  string
	ResourcePolicy string
	SCPs           []string // one file per level, organization root first
	RCPs           []string // one file per level, organization root first
	Principal      string
	Action         string
	Resources      []string
	Context        []string // KEY=VALUE; a repeated key is multivalued
	PrincipalTags  []string // KEY=VALUE, becoming aws:PrincipalTag/KEY
	ResourceTags   []string // KEY=VALUE tags of the first resource (the target)
}

// ReadFunc reads a policy file; the command passes os.ReadFile.
type ReadFunc func(path string) ([]byte, error)

// Build reads the policy files and assembles the request. Policies are named
// by their file's base name in explanations, or by the path as given when two
// files share a base name (prod/inline.json and dev/inline.json).
func (f Flags) Build(read ReadFunc) (policy.Request, policy.Set, error) {
	var set policy.Set
	name := f.policyNamer()
	load := func(path string, kind policy.Kind) (*policy.Policy, error) {
		data, err := read(path)
		if err != nil {
			return nil, fmt.Errorf("reading %s policy: %w", kind, err)
		}
		return policy.Parse(name(path), kind, data)
	}
	for _, path := range f.Policies {
		p, err := load(path, policy.KindIdentity)
		if err != nil {
			return policy.Request{}, set, err
		}
		set.Identity = append(set.Identity, p)
	}
	single := []struct {
		path string
		kind policy.Kind
		dst  func(*policy.Policy)
	}{
		{f.Boundary, policy.KindBoundary, func(p *policy.Policy) { set.Boundaries = []*policy.Policy{p} }},
		{f.SessionPolicy, policy.KindSession, func(p *policy.Policy) { set.Session = []*policy.Policy{p} }},
		{f.ResourcePolicy, policy.KindResource, func(p *policy.Policy) { set.Resource = p }},
	}
	for _, s := range single {
		if s.path == "" {
			continue
		}
		p, err := load(s.path, s.kind)
		if err != nil {
			return policy.Request{}, set, err
		}
		s.dst(p)
	}
	for _, path := range f.SCPs {
		p, err := load(path, policy.KindSCP)
		if err != nil {
			return policy.Request{}, set, err
		}
		set.SCPs = append(set.SCPs, []*policy.Policy{p})
	}
	for _, path := range f.RCPs {
		p, err := load(path, policy.KindRCP)
		if err != nil {
			return policy.Request{}, set, err
		}
		set.RCPs = append(set.RCPs, []*policy.Policy{p})
	}
	req := policy.Request{Principal: f.Principal, Action: f.Action, Context: policy.Context{}}
	for _, kv := range f.Context {
		k, v, err := splitKV("--context", kv)
		if err != nil {
			return req, set, err
		}
		req.Context.Add(k, v)
	}
	for _, kv := range f.PrincipalTags {
		k, v, err := splitKV("--principal-tag", kv)
		if err != nil {
			return req, set, err
		}
		req.Context.Add("aws:PrincipalTag/"+k, v)
	}
	tags := map[string]string{}
	for _, kv := range f.ResourceTags {
		k, v, err := splitKV("--resource-tag", kv)
		if err != nil {
			return req, set, err
		}
		tags[k] = v
	}
	for i, r := range f.Resources {
		res := policy.Resource{ARN: r}
		if i == 0 && len(tags) > 0 {
			// Only the target carries its tags: a document never has the instance's.
			res = policy.TaggedResource(r, tags)
		}
		req.Resources = append(req.Resources, res)
	}
	return req, set, nil
}

// policyNamer names a policy file by its base name unless another file given
// has the same base name, so an explanation always points at one file.
func (f Flags) policyNamer() func(string) string {
	paths := append(append(append([]string{}, f.Policies...), f.SCPs...), f.RCPs...)
	paths = append(paths, f.Boundary, f.SessionPolicy, f.ResourcePolicy)
	dirs := map[string]map[string]bool{}
	for _, p := range paths {
		if p == "" {
			continue
		}
		b := filepath.Base(p)
		if dirs[b] == nil {
			dirs[b] = map[string]bool{}
		}
		dirs[b][filepath.Clean(p)] = true
	}
	return func(p string) string {
		if b := filepath.Base(p); len(dirs[b]) == 1 {
			return b
		}
		return p
	}
}

func splitKV(flag, kv string) (string, string, error) {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return "", "", fmt.Errorf("%s %q: want KEY=VALUE", flag, kv)
	}
	return k, v, nil
}
