package policy

import (
	"fmt"
	"strconv"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// decide combines the policy types for one resource, following
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
// and the cross-account page reference_policies_evaluation-logic-cross-account.html.
func (ev *evaluator) decide(rc *resourceCtx) ResourceResult {
	out := ResourceResult{ARN: rc.raw, FailedConditions: []FailedCondition{}}
	ev.holes = ev.holes[:0]
	ev.firstDeny, ev.firstAllow, ev.primaryAllow, ev.primaryPM = stmtRef{}, stmtRef{}, stmtRef{}, pmNone
	set := &ev.set
	allowStart, denyStart := len(ev.allowArena), len(ev.denyArena)
	// Analysed in the order the statements are listed in Matched.
	var buf [8]verdict
	scps := buf[:0]
	for _, lvl := range set.SCPs {
		v := ev.analyze(KindSCP, lvl, rc, &out)
		v.present = true // a level without policies allows nothing
		scps = append(scps, v)
	}
	for _, lvl := range set.RCPs {
		// RCPs can only deny: "The RCPFullAWSAccess policy ... is automatically
		// attached to the organization root, every OU, and every account ...
		// You cannot detach this policy" (AWS Organizations User Guide,
		// orgs_manage_policies_rcps_evaluation.html), so every level allows.
		ev.analyze(KindRCP, lvl, rc, &out)
	}
	var rp verdict
	if set.Resource != nil {
		rp = ev.analyze(KindResource, []*Policy{set.Resource}, rc, &out)
	}
	id := ev.analyze(KindIdentity, set.Identity, rc, &out)
	pb := ev.analyze(KindBoundary, set.Boundaries, rc, &out)
	sp := ev.analyze(KindSession, set.Session, rc, &out)

	// 1. An explicit deny in any policy wins.
	if n := len(ev.denyArena); n > denyStart {
		out.Decision, out.Matched = ExplicitDeny, ev.denyArena[denyStart:n:n]
		out.Reason = ev.firstDeny.reason()
		out.Fix = "remove or narrow " + describeMatch(out.Matched[0]) + ": it denies " + ev.action + " on this resource"
		return out
	}
	n := len(ev.allowArena)
	out.Matched = ev.allowArena[allowStart:n:n] // every Allow statement that applies
	gap := ev.gap(rc, scps, rp, id, pb, sp)
	if gap != "" {
		out.Decision, out.Reason = ImplicitDeny, gap
		out.Fix = ev.fix(rc, &out)
		return out
	}
	out.Decision, out.FailedConditions = Allowed, []FailedCondition{}
	out.Reason = "allowed: the account root user has full access in its own account"
	switch {
	case ev.primaryAllow.s != nil:
		out.Reason = ev.primaryAllow.reason()
	case ev.firstAllow.s != nil:
		out.Reason = ev.firstAllow.reason()
	}
	return out
}

// gap returns why a request without explicit deny is still implicitly
// denied, or "" when it is allowed.
func (ev *evaluator) gap(rc *resourceCtx, scps []verdict, rp, id, pb, sp verdict) string {
	set := &ev.set
	// 2. Every SCP level, from the root to the account, must allow.
	for i, v := range scps {
		if !v.allowed() {
			return ev.mark(gapSCP, i, fmt.Sprintf("no SCP at level %d (%s) allows %s", i, levelNames(set.SCPs[i]), ev.action))
		}
	}
	// 3. The resource policy and the principal's own policies.
	identityGap := func() string {
		if id.allows == 0 {
			return ev.mark(gapIdentity, 0, "no identity-based policy allows "+ev.action+ev.holeNote(KindIdentity))
		}
		return ev.limitGap(pb, sp)
	}
	p := ev.principal
	resAcct := rc.account()
	switch {
	case p.Type == arn.ServicePrincipal:
		if rp.best != pmDirect {
			return ev.mark(gapService, 0, "a service principal needs the resource policy to allow it")
		}
		return ""
	case resAcct != "" && p.AccountID != "" && resAcct != p.AccountID:
		// Cross-account: the resource's account and the caller's account must both allow.
		if set.Resource == nil {
			return ev.mark(gapCross, 0, fmt.Sprintf("cross-account request (caller in %s, resource in %s) and no resource policy allows it", p.AccountID, resAcct))
		}
		if rp.best == pmNone {
			return ev.mark(gapCross, 0, fmt.Sprintf("cross-account request: the resource policy in %s does not allow this principal", resAcct))
		}
		if p.Type == arn.Root {
			return ""
		}
		return identityGap()
	case ev.kms || ev.trust:
		// KMS key policies and role trust policies "must explicitly allow
		// access for principals" (reference_policies_evaluation-logic.html);
		// IAM policies count only when the key policy names the account
		// ("enables IAM policies"), see
		// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
		return ev.resourceGrantGap(rp, pb, sp, func() string {
			switch {
			case rp.best == pmAccount && p.Type == arn.Root:
				return ""
			case rp.best == pmAccount:
				return identityGap()
			case set.Resource == nil:
				return ev.mark(gapKeyPolicy, 0, "KMS needs the key policy to allow the request and none was given")
			case ev.trust:
				return ev.mark(gapTrust, 0, "the role trust policy neither allows this principal nor trusts its account (Principal arn:aws:iam::"+p.AccountID+":root)")
			}
			return ev.mark(gapKeyPolicy, 0, "the key policy neither allows this principal nor enables IAM policies for its account (Principal arn:aws:iam::"+p.AccountID+":root)")
		})
	case p.Type == arn.Root:
		// "all requests are implicitly denied with the exception of the AWS account root user".
		return ""
	}
	return ev.resourceGrantGap(rp, pb, sp, identityGap)
}

// holeNote explains Allow statements of kind that a variable without value
// kept from matching the resource.
func (ev *evaluator) holeNote(kind Kind) string {
	for _, h := range ev.holes {
		if h.at.PolicyType == kind {
			return " (" + describeMatch(h.at) +
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
func (ev *evaluator) resourceGrantGap(rp, pb, sp verdict, otherwise func() string) string {
	switch rp.best {
	case pmDirect:
		return ""
	case pmIndirect:
		return ev.limitGap(pb, sp)
	}
	return otherwise()
}

// limitGap checks the permissions boundary and the session policy.
func (ev *evaluator) limitGap(pb, sp verdict) string {
	if !pb.allowed() {
		return ev.mark(gapBoundary, 0, "the permissions boundary does not allow "+ev.action)
	}
	if !sp.allowed() {
		return ev.mark(gapSession, 0, "the session policy does not allow "+ev.action)
	}
	if !sp.present && ev.principal.Type == arn.FederatedUser {
		// "if you do not pass any session policies, then the resulting federated
		// user session has no permissions" (STS API reference, GetFederationToken).
		return ev.mark(gapFederated, 0, "a federated user session without a session policy has no permissions")
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
