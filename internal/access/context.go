package access

import (
	"sort"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// requestContext is the context every request of the principal carries:
// the global keys of a real request, aws:userid, and the principal's tags.
func (in *Inputs) requestContext() policy.Context {
	c := policy.RequestContext(in.Region, in.Now)
	if in.UserID != "" {
		c.Set("aws:userid", in.UserID)
	}
	if in.PrincipalARN != "" {
		c.Set("aws:PrincipalArn", in.PrincipalARN)
	}
	for k, v := range in.PrincipalTags {
		c.Set("aws:PrincipalTag/"+k, v)
	}
	if len(in.PrincipalTags) > 0 {
		keys := make([]string, 0, len(in.PrincipalTags))
		for k := range in.PrincipalTags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		c.SetMulti("aws:PrincipalTagKeys", keys...)
	}
	return c
}

// set is the principal's policy set, SCPs and RCPs included when known.
func (in *Inputs) set() policy.Set {
	s := policy.Set{Identity: in.Policies.Identity}
	if in.Policies.Boundary != nil {
		s.Boundaries = []*policy.Policy{in.Policies.Boundary}
	}
	if in.OrgsErr == nil {
		s.SCPs, s.RCPs = in.Orgs.SCPs, in.Orgs.RCPs
	}
	return s
}

// unknowable lists the missing keys the real request may carry but ssmkit
// cannot know (aws:SourceIp, aws:MultiFactorAuthPresent, session tags, ...),
// as opposed to keys it knows are absent for this principal and target.
func (in *Inputs) unknowable(missing []string) []string {
	p, _ := arn.ParsePrincipal(in.EvalARN)
	var out []string
	for _, k := range missing {
		lk := strings.ToLower(k)
		switch {
		case strings.HasPrefix(lk, "ssm:resourcetag/"), strings.HasPrefix(lk, "aws:resourcetag/"):
			continue // the target's tags are known: a missing one is absent
		case strings.HasPrefix(lk, "aws:principaltag/") && in.TagsKnown:
			continue
		case lk == "aws:username" && p.Type != arn.IAMUser:
			continue // only IAM users have one
		case lk == "aws:userid" && in.UserID == "":
			continue // a role evaluated with --as-role: the sessions differ
		case lk == strings.ToLower(policy.KeySessionDocumentAccessCheck), strings.HasPrefix(lk, "kms:"):
			continue
		}
		out = append(out, k)
	}
	return out
}

// failedOnUnknowable reports whether an Allow statement failed only because
// of a key the real request may carry: then a denial is not certain.
func failedOnUnknowable(res policy.Result, unknowable []string) []string {
	var keys []string
	for _, r := range res.Resources {
		if r.Decision != policy.ImplicitDeny {
			continue
		}
		for _, fc := range r.FailedConditions {
			for _, k := range unknowable {
				viaVariable := strings.Contains(strings.ToLower(fc.Reason), "${"+strings.ToLower(k)+"}")
				if (strings.EqualFold(fc.Key, k) || viaVariable) && !contains(keys, k) {
					keys = append(keys, k)
				}
			}
		}
	}
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
