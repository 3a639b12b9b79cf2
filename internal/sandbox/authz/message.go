package authz

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// policyTypeNames are how AWS's access-denied messages name each policy type
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
var policyTypeNames = map[policy.Kind]string{
	policy.KindIdentity: "identity-based policy",
	policy.KindBoundary: "permissions boundary",
	policy.KindSession:  "session policy",
	policy.KindResource: "resource-based policy",
	policy.KindSCP:      "service control policy",
	policy.KindRCP:      "resource control policy",
}

// gapTypes tell, from the evaluator's reason for an implicit deny, which policy type lacked
// an Allow; the first that matches wins.
var gapTypes = []struct {
	prefix string
	kind   policy.Kind
}{
	{"no SCP at level", policy.KindSCP},
	{"the permissions boundary", policy.KindBoundary},
	{"the session policy", policy.KindSession},
	{"cross-account", policy.KindResource},
	{"KMS needs the key policy", policy.KindResource},
	{"the key policy", policy.KindResource},
	{"the role trust policy", policy.KindResource},
	{"a service principal", policy.KindResource},
}

// refusal is AWS's access-denied message for an evaluation that did not allow:
// "User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no
// identity-based policy allows the ACTION action", or "... with an explicit deny in a
// service control policy". Actions without resource-level permissions name no resource.
func refusal(caller, action, resource string, rr policy.ResourceResult) string {
	var b strings.Builder
	b.WriteString("User: " + caller + " is not authorized to perform: " + action)
	if resource != "*" && resource != "" {
		b.WriteString(" on resource: " + resource)
	}
	if rr.Decision == policy.ExplicitDeny && len(rr.Matched) > 0 {
		b.WriteString(" with an explicit deny in a " + policyTypeNames[rr.Matched[0].PolicyType])
		return b.String()
	}
	kind := policy.KindIdentity
	for _, g := range gapTypes {
		if strings.HasPrefix(rr.Reason, g.prefix) {
			kind = g.kind
			break
		}
	}
	b.WriteString(" because no " + policyTypeNames[kind] + " allows the " + action + " action")
	return b.String()
}
