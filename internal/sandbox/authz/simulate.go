package authz

import (
	"context"
	"fmt"
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/sandbox/organization"
)

// Simulation is an iam:SimulatePrincipalPolicy request.
type Simulation struct {
	// Source is the user or role whose policies are simulated (PolicySourceArn).
	Source    string
	Actions   []string
	Resources []string
	// Context holds ContextEntries: key -> values.
	Context map[string][]string
	// ResourcePolicy is the optional ResourcePolicy document.
	ResourcePolicy string
}

// Evaluation is one (action, resource) result, in SimulatePrincipalPolicy's terms.
type Evaluation struct {
	Action, Resource string
	// Decision is allowed, implicitDeny or explicitDeny.
	Decision string
	// Matched are the statements that decided: policy id and type (role, user, group,
	// aws-managed, user-managed, resource).
	Matched                  []MatchedStatement
	Missing                  []string
	AllowedByOrganizations   bool
	AllowedByBoundary        bool
	HasBoundary, InOrgPolicy bool
}

// MatchedStatement names a statement as SimulatePrincipalPolicy does.
type MatchedStatement struct {
	PolicyID, PolicyType string
}

// Simulate evaluates the source principal's identity policies, permissions boundary and its
// account's SCPs for each action and resource, with the given context and the source's own
// tags as aws:PrincipalTag/* (a session's tags, such as Identity Center ABAC ones, are
// passed as context entries, as AWS's simulator needs them)
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
func (a *Authorizer) Simulate(ctx context.Context, s Simulation) ([]Evaluation, error) {
	parts := strings.SplitN(s.Source, ":", 6)
	if len(parts) != 6 || parts[2] != "iam" {
		return nil, fmt.Errorf("PolicySourceArn %q must be an IAM user or role ARN", s.Source)
	}
	account, typ := parts[4], strings.SplitN(parts[5], "/", 2)[0]
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	var id *identity
	var err error
	switch typ {
	case "role":
		id, err = a.load.role(ctx, account, name)
	case "user":
		id, err = a.load.user(ctx, account, name)
	default:
		return nil, fmt.Errorf("PolicySourceArn %q: the sandbox simulates users and roles only", s.Source)
	}
	if err != nil {
		return nil, err
	}
	if !id.Exists {
		return nil, fmt.Errorf("%s %s does not exist in %s", typ, name, account)
	}
	set := policy.Set{Identity: id.Policies, Boundaries: id.Boundary, SCPs: a.levels(account, organization.TypeSCP)}
	if s.ResourcePolicy != "" {
		if set.Resource, err = policy.Parse("ResourcePolicy", policy.KindResource, []byte(s.ResourcePolicy)); err != nil {
			return nil, err
		}
	}
	reqCtx := policy.Context{}
	for k, v := range id.Tags {
		reqCtx.Set("aws:PrincipalTag/"+k, v)
	}
	for k, vs := range s.Context {
		if len(vs) == 1 {
			reqCtx.Set(k, vs[0])
		} else {
			reqCtx.SetMulti(k, vs...)
		}
	}
	resources := s.Resources
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var out []Evaluation
	for _, action := range s.Actions {
		for _, r := range resources {
			res, err := policy.Evaluate(policy.Request{Principal: id.ARN, Action: action, Resources: []policy.Resource{{ARN: r}}, Context: reqCtx}, set)
			if err != nil {
				return nil, err
			}
			out = append(out, evaluation(action, r, res, set))
		}
	}
	return out, nil
}

func evaluation(action, resource string, res policy.Result, set policy.Set) Evaluation {
	rr := res.Resources[0]
	e := Evaluation{Action: action, Resource: resource, Missing: res.MissingContextKeys,
		Decision:    map[policy.Decision]string{policy.Allowed: "allowed", policy.ImplicitDeny: "implicitDeny", policy.ExplicitDeny: "explicitDeny"}[rr.Decision],
		HasBoundary: len(set.Boundaries) > 0, InOrgPolicy: len(set.SCPs) > 0, AllowedByOrganizations: true, AllowedByBoundary: true}
	for _, m := range rr.Matched {
		switch m.PolicyType {
		case policy.KindSCP:
			e.AllowedByOrganizations = e.AllowedByOrganizations && m.Effect == policy.Allow
		case policy.KindBoundary:
			e.AllowedByBoundary = e.AllowedByBoundary && m.Effect == policy.Allow
		case policy.KindIdentity, policy.KindResource:
			e.Matched = append(e.Matched, matched(m))
		}
	}
	if rr.Decision == policy.ImplicitDeny {
		e.AllowedByOrganizations = !strings.HasPrefix(rr.Reason, "no SCP")
		e.AllowedByBoundary = !strings.HasPrefix(rr.Reason, "the permissions boundary")
	}
	return e
}

// matched names a statement's policy as SimulatePrincipalPolicy's SourcePolicyId and type.
func matched(m policy.Match) MatchedStatement {
	name := m.Policy
	switch {
	case m.PolicyType == policy.KindResource:
		return MatchedStatement{PolicyID: name, PolicyType: "resource"}
	case strings.HasPrefix(name, "arn:aws:iam::aws:policy/"):
		return MatchedStatement{PolicyID: name[strings.LastIndex(name, "/")+1:], PolicyType: "aws-managed"}
	case strings.HasPrefix(name, "arn:"):
		return MatchedStatement{PolicyID: name[strings.LastIndex(name, "/")+1:], PolicyType: "user-managed"}
	}
	kind, rest, _ := strings.Cut(name, "/")
	return MatchedStatement{PolicyID: rest[strings.LastIndex(rest, " ")+1:], PolicyType: kind}
}
