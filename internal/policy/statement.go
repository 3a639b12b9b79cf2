package policy

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// principalMatch says how a resource policy's Principal names the caller;
// the kind decides which implicit denies still apply
// (reference_policies_evaluation-logic.html#policy-eval-denyallow).
type principalMatch uint8

const (
	pmNone     principalMatch = iota
	pmAccount                 // the caller's account: delegates to its IAM policies
	pmIndirect                // the role of a role session, or the IAM user behind a federated user
	pmDirect                  // the caller itself, or "*"
)

// match reports how pe names the principal p.
func (pe *principalElem) match(p *arn.Principal) principalMatch {
	if pe.any {
		return pmDirect
	}
	best := pmNone
	for _, a := range pe.aws {
		if m := matchAWSPrincipal(a, p); m > best {
			best = m
		}
	}
	if p.Type == arn.ServicePrincipal {
		for _, s := range pe.service {
			if s == p.ARN {
				return pmDirect
			}
		}
	}
	for _, f := range pe.federated {
		if f == p.ARN {
			return pmDirect
		}
	}
	return best
}

// matchAWSPrincipal compares one "AWS" principal entry with the caller.
func matchAWSPrincipal(entry string, p *arn.Principal) principalMatch {
	if p.Type == "" || p.Type == arn.ServicePrincipal {
		return pmNone
	}
	if entry == p.ARN {
		if p.Type == arn.Role {
			// A grant to a role ARN is still limited by the boundary and session policy.
			return pmIndirect
		}
		return pmDirect
	}
	if entry == p.AccountID {
		return accountMatch(p)
	}
	e, err := arn.ParsePrincipal(entry)
	if err != nil || e.Service != "iam" || e.AccountID != p.AccountID || e.Partition != p.Partition {
		return pmNone
	}
	switch {
	case e.Type == arn.Root:
		return accountMatch(p)
	case e.Type == arn.Role && (p.IsRoleSession() || p.Type == arn.Role) && e.RoleName == p.RoleName:
		// Role session ARNs carry no path, so the role's name decides.
		return pmIndirect
	case e.Type == arn.IAMUser && p.Type == arn.FederatedUser && e.Name == p.Name:
		// The federated-user ARN does not say which IAM user called
		// GetFederationToken; the same name is the usual convention.
		return pmIndirect
	}
	return pmNone
}

// accountMatch is how an entry naming p's account (its id, or its root ARN
// arn:PARTITION:iam::ACCOUNT:root) names p: directly only for the root user.
func accountMatch(p *arn.Principal) principalMatch {
	if p.Type == arn.Root {
		return pmDirect
	}
	return pmAccount
}

// matchesAction reports whether the statement covers the action; action
// names are case-insensitive.
func (s *Statement) matchesAction(action string) bool {
	for _, p := range s.actions {
		var ok bool
		if len(p) == 1 && p[0].kind == tokLit { // exact names: the common case
			ok = len(p[0].lit) == len(action) && strings.EqualFold(p[0].lit, action)
		} else {
			ok = p.match(action, true)
		}
		if ok {
			return !s.notAction
		}
	}
	return s.notAction
}

// matchesResource reports whether the statement covers the resource, and the
// policy variable that left a hole when one did. An entry with a variable
// without value matches nothing, in Resource and NotResource alike: "the
// resource that includes a policy variable with no value will not match any
// resource" (reference_policies_variables.html#policy-vars-no-value).
func (s *Statement) matchesResource(r *resourceCtx, e *env) (bool, string) {
	hole := ""
	for i := range s.resources {
		ok, miss := s.resources[i].matchARN(r.raw, r.arnPtr(), e)
		if miss != "" {
			hole = miss
			continue
		}
		if ok {
			return !s.notRes, ""
		}
	}
	return s.notRes, hole
}

// resourceCtx is one resource being evaluated.
type resourceCtx struct {
	raw   string
	arn   arn.ARN
	isARN bool
	env   env
}

// account is the account that owns the resource: the ARN's account field, or
// aws:ResourceAccount when the ARN has none (S3 buckets, for one).
func (r *resourceCtx) account() string {
	if r.isARN && r.arn.Account != "" {
		return r.arn.Account
	}
	if v, ok := r.env.get("aws:resourceaccount"); ok && !v.Multi {
		return v.Values[0]
	}
	return ""
}

func (r *resourceCtx) arnPtr() *arn.ARN {
	if !r.isARN {
		return nil
	}
	return &r.arn
}
