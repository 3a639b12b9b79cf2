package policy

import (
	"fmt"
	"strconv"
)

// decide combines the policy types for one resource, following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// and the cross-account page reference_policies_evaluation-logic-cross-account.html.
func (ev *evaluator) decide(rc *resourceCtx) ResourceResult {
	out := ResourceResult{ARN: rc.raw, Matched: []Match{}, FailedConditions: []FailedCondition{}}
	ev.holes = ev.holes[:0]
	set := &ev.set
	id := ev.analyze(KindIdentity, set.Identity, rc, &out)
	pb := ev.analyze(KindBoundary, set.Boundaries, rc, &out)
	sp := ev.analyze(KindSession, set.Session, rc, &out)
	var rp verdict
	if set.Resource != nil {
		rp = ev.analyze(KindResource, []*Policy{set.Resource}, rc, &out)
	}
	var buf [8]verdict
	levels := buf[:0]
	for _, lvl := range set.SCPs {
		v := ev.analyze(KindSCP, lvl, rc, &out)
		v.present = true // a level without policies allows nothing
		levels = append(levels, v)
	}
	for _, lvl := range set.RCPs {
		v := ev.analyze(KindRCP, lvl, rc, &out)
		v.present = true
		levels = append(levels, v)
	}
	scps, rcps := levels[:len(set.SCPs)], levels[len(set.SCPs):]

	// 1. An explicit deny in any policy wins.
	var denies []Match
	for _, v := range [...]*verdict{&id, &pb, &sp, &rp} {
		denies = append(denies, v.denies...)
	}
	for i := range levels {
		denies = append(denies, levels[i].denies...)
	}
	if len(denies) > 0 {
		out.Decision, out.Matched, out.FailedConditions = ExplicitDeny, denies, []FailedCondition{}
		out.Reason = "explicitly denied by " + describeMatch(denies[0])
		return out
	}

	found := make([]Match, 0, 4)
	deny := func(reason string) ResourceResult {
		out.Decision, out.Reason, out.Matched = ImplicitDeny, reason, found
		return out
	}
	// 2. Every SCP level, from the root to the account, must allow; so must every RCP level.
	for i, v := range scps {
		found = append(found, v.allows...)
		if !v.allowed() {
			return deny(fmt.Sprintf("no SCP at level %d (%s) allows %s", i, levelNames(set.SCPs[i]), ev.actionName))
		}
	}
	for i, v := range rcps {
		found = append(found, v.allows...)
		if !v.allowed() {
			return deny(fmt.Sprintf("no RCP at level %d (%s) allows %s", i, levelNames(set.RCPs[i]), ev.actionName))
		}
	}

	// 3. Principal-side grants, then the resource policy.
	found = append(found, rp.allows...)
	identityGap := func() string {
		found = append(found, id.allows...)
		if len(id.allows) == 0 {
			return "no identity-based policy allows " + ev.actionName + ev.holeNote(KindIdentity)
		}
		return ev.limitGap(pb, sp, &found)
	}
	p := ev.principal
	resAcct := rc.account()
	cross := resAcct != "" && p.Account != "" && resAcct != p.Account
	var gap string
	switch {
	case p.Kind == PrincipalService:
		if rp.best != pmDirect {
			gap = "a service principal needs the resource policy to allow it"
		}
	case cross:
		// Cross-account: the resource's account and the caller's account must both allow.
		if set.Resource == nil {
			gap = fmt.Sprintf("cross-account request (caller in %s, resource in %s) and no resource policy allows it", p.Account, resAcct)
		} else if rp.best == pmNone {
			gap = fmt.Sprintf("cross-account request: the resource policy in %s does not allow this principal", resAcct)
		} else if p.Kind != PrincipalRoot {
			gap = identityGap()
		}
	case ev.kms || ev.trust:
		// KMS key policies and role trust policies "must explicitly allow
		// access for principals" (reference_policies_evaluation-logic.html);
		// IAM policies count only when the key policy names the account
		// ("enables IAM policies"), see
		// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
		gap = ev.resourceGrantGap(rp, pb, sp, &found, func() string {
			if rp.best != pmAccount {
				if set.Resource == nil {
					return "KMS needs the key policy to allow the request and none was given"
				}
				if ev.trust {
					return "the role trust policy neither allows this principal nor trusts its account (Principal arn:aws:iam::" + p.Account + ":root)"
				}
				return "the key policy neither allows this principal nor enables IAM policies for its account (Principal arn:aws:iam::" + p.Account + ":root)"
			}
			if p.Kind == PrincipalRoot {
				return ""
			}
			return identityGap()
		})
	case p.Kind == PrincipalRoot:
		// "all requests are implicitly denied with the exception of the AWS account root user".
	default:
		gap = ev.resourceGrantGap(rp, pb, sp, &found, identityGap)
	}
	if gap != "" {
		return deny(gap)
	}
	out.Decision, out.Matched, out.FailedConditions = Allowed, found, []FailedCondition{}
	out.Reason = "allowed: the account root user has full access in its own account"
	if m, ok := primary(found); ok {
		out.Reason = "allowed by " + describeMatch(m)
	}
	return out
}

// holeNote explains Allow statements of kind that a variable without value
// kept from matching the resource.
func (ev *evaluator) holeNote(kind Kind) string {
	for _, h := range ev.holes {
		if h.kind == kind {
			return " (" + describeMatch(Match{PolicyType: kind, Policy: h.policy, Sid: h.sid, Index: h.index}) +
				" would, but its Resource uses ${" + h.variable + "}, which has no value for this principal)"
		}
	}
	return ""
}

// resourceGrantGap applies the same-account rule for resource policies: a
// grant to the caller itself (user, role session, federated user, "*") is
// not limited by implicit denies elsewhere; a grant to the role (or the IAM
// user behind a federated user) is still limited by the permissions boundary
// and session policy; otherwise the identity side must allow.
// For sessions: "A resource-based policy can specify the ARN of the session as
// a principal ... The resource-based policy permissions are not limited by the
// session policy" (access_policies.html#policies_session), whereas a grant to
// the role ARN is added before the session exists and so is limited by it.
func (ev *evaluator) resourceGrantGap(rp, pb, sp verdict, found *[]Match, otherwise func() string) string {
	switch rp.best {
	case pmDirect:
		return ""
	case pmIndirect:
		return ev.limitGap(pb, sp, found)
	}
	return otherwise()
}

// limitGap checks the permissions boundary and the session policy.
func (ev *evaluator) limitGap(pb, sp verdict, found *[]Match) string {
	*found = append(*found, pb.allows...)
	if !pb.allowed() {
		return "the permissions boundary does not allow " + ev.actionName
	}
	*found = append(*found, sp.allows...)
	if !sp.allowed() {
		return "the session policy does not allow " + ev.actionName
	}
	return ""
}

func levelNames(ps []*Policy) string {
	s := ""
	for _, p := range ps {
		if p == nil {
			continue
		}
		if s != "" {
			s += ", "
		}
		s += p.Name
	}
	if s == "" {
		return "no policies"
	}
	return s
}

func describeMatch(m Match) string {
	id := m.Sid
	if id == "" {
		id = "#" + strconv.Itoa(m.Index)
	}
	return string(m.PolicyType) + " policy " + m.Policy + " statement " + id
}

// primary picks the grant worth naming first: an identity or resource
// policy statement rather than an SCP that merely permits.
func primary(ms []Match) (Match, bool) {
	for _, m := range ms {
		if m.PolicyType == KindIdentity || m.PolicyType == KindResource {
			return m, true
		}
	}
	if len(ms) > 0 {
		return ms[0], true
	}
	return Match{}, false
}
