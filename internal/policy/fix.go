package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
)

// gapKind names what is missing for an implicitly denied request, so the
// fix can say what to change.
type gapKind uint8

const (
	gapNone gapKind = iota
	gapSCP
	gapIdentity
	gapBoundary
	gapSession
	gapFederated
	gapService
	gapCross
	gapKeyPolicy
	gapTrust
)

// mark records the kind of gap and returns its reason.
func (ev *evaluator) mark(k gapKind, level int, reason string) string {
	ev.gapKind, ev.gapLevel = k, level
	return reason
}

// fix is one sentence saying what to change for an implicit deny; it is
// printed for a person, never applied (ARCHITECTURE.md, "Answers, not dumps").
func (ev *evaluator) fix(rc *resourceCtx, out *ResourceResult) string {
	a := ev.action
	switch ev.gapKind {
	case gapSCP:
		return fmt.Sprintf("allow %s in an SCP at level %d (%s)", a, ev.gapLevel, levelNames(ev.set.SCPs[ev.gapLevel]))
	case gapIdentity:
		if sp := spacedKeyFix(out.FailedConditions); sp != "" {
			return sp
		}
		if tag := tagFix(rc, out.FailedConditions); tag != "" {
			return tag
		}
		if len(ev.holes) > 0 {
			h := ev.holes[0]
			s := "the Resource of " + describeMatch(h.at) +
				" uses ${" + h.variable + "}, which this principal lacks"
			if rc.isARN && rc.arn.Service == "ssm" && strings.HasPrefix(rc.arn.Resource, "session/") {
				// Session Manager's way to let role and SSO sessions end only their own sessions.
				return s + `: scope by owner instead, Resource "arn:aws:ssm:*:*:session/*" with Condition {"StringLike":{"ssm:resourceTag/aws:ssmmessages:session-id":"${aws:userid}"}}`
			}
			return s + ": match on a key this principal has, or name the resource"
		}
		return "add to an identity-based policy (for Identity Center, the permission set): " + statementJSON(a, rc.raw, "")
	case gapBoundary:
		return "allow " + a + " on this resource in the permissions boundary"
	case gapSession:
		return "start the session with a session policy that allows " + a + ", or without one"
	case gapFederated:
		return "pass GetFederationToken a session policy that allows " + a
	case gapService:
		return "add to the resource policy: " + statementJSON(a, rc.raw, `"Principal":{"Service":`+strconv.Quote(ev.principal.ARN)+`}`)
	case gapCross:
		return "add to the resource policy in the resource's account: " + statementJSON(a, rc.raw, `"Principal":{"AWS":`+strconv.Quote(policyPrincipal(ev.principal))+`}`) +
			", and allow it in the caller's identity-based policy too"
	case gapKeyPolicy:
		return `enable IAM policies in the key policy ({"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:` +
			ev.principal.Partition + `:iam::` + ev.principal.AccountID + `:root"},"Action":"kms:*","Resource":"*"}) and allow ` + a + " in the caller's identity-based policy"
	case gapTrust:
		return "add to the role's trust policy: " + statementJSON(a, "", `"Principal":{"AWS":`+strconv.Quote(policyPrincipal(ev.principal))+`}`)
	}
	return ""
}

// statementJSON is an Allow statement for action on resource (no Resource
// when empty, as trust policies have none), with an optional principal.
func statementJSON(action, resource, principal string) string {
	var b strings.Builder
	b.WriteString(`{"Effect":"Allow",`)
	if principal != "" {
		b.WriteString(principal + ",")
	}
	b.WriteString(`"Action":` + strconv.Quote(action))
	if resource != "" {
		b.WriteString(`,"Resource":` + strconv.Quote(resource))
	}
	b.WriteString("}")
	return b.String()
}

// policyPrincipal is the ARN to name in a resource policy: the role of a
// role session (add its path if it has one), otherwise the caller itself.
func policyPrincipal(p *arn.Principal) string {
	if p.IsRoleSession() {
		return sessionRoleARN(p)
	}
	return p.ARN
}

// tagFix suggests tagging the target when an Allow statement failed only on
// a resource tag with a plain value, e.g. ssm:resourceTag/ssmaccess = true.
func tagFix(rc *resourceCtx, failed []FailedCondition) string {
	if !rc.isARN {
		return ""
	}
	a := &rc.arn
	for _, fc := range failed {
		key, ok := tagKey(fc.Key)
		plain := strings.EqualFold(fc.Operator, "StringEquals") || strings.EqualFold(fc.Operator, "StringLike")
		if !ok || !plain || len(fc.Values) == 0 {
			continue
		}
		v := fc.Values[0]
		if strings.ContainsAny(v, "*?$") {
			continue
		}
		id := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
		switch {
		case a.Service == "ec2" && strings.HasPrefix(a.Resource, "instance/"):
			return "tag the instance: aws ec2 create-tags --region " + a.Region + " --resources " + id + " --tags Key=" + key + ",Value=" + v
		case a.Service == "ssm" && strings.HasPrefix(a.Resource, "managed-instance/"):
			return "tag the managed instance: aws ssm add-tags-to-resource --region " + a.Region +
				" --resource-type ManagedInstance --resource-id " + id + " --tags Key=" + key + ",Value=" + v
		}
	}
	return ""
}

// spacedKeyFix names a condition key with a leading or trailing space, the
// typo in testdata/policy/seed002-abac-session-manager.json's
// "ssm:resourceTag/APP_ID ": requests carry the key
// without it, so the condition can never hold.
func spacedKeyFix(failed []FailedCondition) string {
	for _, fc := range failed {
		if fc.Key != strings.TrimSpace(fc.Key) {
			return "remove the space from condition key " + strconv.Quote(fc.Key) + " in " +
				describeMatch(Match{PolicyType: fc.PolicyType, Policy: fc.Policy, Sid: fc.Sid, Index: fc.Index}) +
				": requests carry " + strconv.Quote(strings.TrimSpace(fc.Key))
		}
	}
	return ""
}

// tagKey returns the tag name of an ssm:resourceTag/ or aws:ResourceTag/ key.
func tagKey(key string) (string, bool) {
	for _, prefix := range [...]string{"ssm:resourcetag/", "aws:resourcetag/"} {
		if hasPrefixFold(key, prefix) {
			return key[len(prefix):], true
		}
	}
	return "", false
}
