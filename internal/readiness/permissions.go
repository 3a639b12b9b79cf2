package readiness

import (
	"strings"
	"time"

	"github.com/ssmkit/ssmkit/internal/policy"
)

// Role is a role's policies as read from IAM (and Organizations), ready for
// the evaluator, or why they could not be read.
type Role struct {
	ARN  string
	Name string
	Set  policy.Set
	// ManagedPolicies are the ARNs of the attached managed policies, so a
	// report can say when AmazonSSMManagedInstanceCore is attached.
	ManagedPolicies []string
	// Unreadable says why the policies could not be read, naming the
	// permission that would let the check decide; "" when they were read.
	Unreadable string
	// Err is the failed read behind Unreadable, for the check's permission.
	Err error `json:"-"`
}

// Requirement is one action the agent (or the session's logging, KMS)
// performs as the instance's role.
type Requirement struct {
	Action   string
	Resource string
	// Required is false for what a session can do without (ec2messages).
	Required bool
	// ResourcePolicy is evaluated together with the role's (a KMS key policy).
	ResourcePolicy *policy.Policy
}

// Grant is one requirement's decision.
type Grant struct {
	Action   string          `json:"action"`
	Resource string          `json:"resource"`
	Decision policy.Decision `json:"decision"`
	Required bool            `json:"required"`
	Reason   string          `json:"reason,omitempty"`
	Matched  []policy.Match  `json:"matched,omitempty"`
	Error    string          `json:"error,omitempty"`
}

// managedCore is the AWS managed policy AWS recommends for instance roles.
const managedCore = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"

// CoreRequirements are what SSM Agent does as the role for Session Manager:
// register and report (ssm:UpdateInstanceInformation), open the session
// channels (ssmmessages) and, for Run Command and older agents, poll
// ec2messages (https://docs.aws.amazon.com/systems-manager/latest/userguide/getting-started-create-iam-instance-profile.html).
func CoreRequirements(targetARN string) []Requirement {
	reqs := []Requirement{{Action: "ssm:UpdateInstanceInformation", Resource: targetARN, Required: true}}
	for _, a := range []string{"CreateControlChannel", "CreateDataChannel", "OpenControlChannel", "OpenDataChannel"} {
		reqs = append(reqs, Requirement{Action: "ssmmessages:" + a, Resource: "*", Required: true})
	}
	for _, a := range []string{"AcknowledgeMessage", "DeleteMessage", "FailMessage", "GetEndpoint", "GetMessages", "SendReply"} {
		reqs = append(reqs, Requirement{Action: "ec2messages:" + a, Resource: "*"})
	}
	return reqs
}

// EvaluateRole decides each requirement for the role, as the agent's
// requests carry it: the role session's ARN as principal and the keys every
// request has (region, time, TLS).
func EvaluateRole(r Role, reqs []Requirement, region string, now time.Time) []Grant {
	principal := sessionARN(r.ARN)
	out := make([]Grant, 0, len(reqs))
	for _, q := range reqs {
		set := r.Set
		set.Resource = q.ResourcePolicy
		g := Grant{Action: q.Action, Resource: q.Resource, Required: q.Required}
		res, err := policy.Evaluate(policy.Request{Principal: principal, Action: q.Action,
			Resources: []policy.Resource{{ARN: q.Resource}}, Context: policy.RequestContext(region, now)}, set)
		if err != nil {
			g.Error = err.Error()
			out = append(out, g)
			continue
		}
		g.Decision = res.Decision
		if len(res.Resources) > 0 {
			g.Reason, g.Matched = res.Resources[0].Reason, res.Resources[0].Matched
		}
		out = append(out, g)
	}
	return out
}

// sessionARN is the assumed-role ARN an instance's role session has
// (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION); the session name does
// not matter to the evaluation.
func sessionARN(roleARN string) string {
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) < 6 || !strings.HasPrefix(parts[5], "role/") {
		return roleARN
	}
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	return "arn:" + parts[1] + ":sts::" + parts[4] + ":assumed-role/" + name + "/readiness"
}

// grantsVerdict folds grants into a status and a one-line reason.
func grantsVerdict(grants []Grant, who string) (Status, string, []string) {
	var denied, optional, explicit, errs []string
	for _, g := range grants {
		switch {
		case g.Error != "":
			errs = append(errs, g.Action+": "+g.Error)
		case g.Decision == policy.Allowed:
		case g.Decision == policy.ExplicitDeny:
			explicit = append(explicit, g.Action)
		case g.Required:
			denied = append(denied, g.Action)
		default:
			optional = append(optional, g.Action)
		}
	}
	switch {
	case len(explicit) > 0:
		return Fail, who + " is explicitly denied " + strings.Join(explicit, ", "), explicit
	case len(denied) > 0:
		return Fail, who + " is not allowed " + strings.Join(denied, ", "), denied
	case len(errs) > 0:
		return Unknown, "could not evaluate: " + strings.Join(errs, "; "), nil
	case len(optional) > 0:
		return Warn, who + " is not allowed " + strings.Join(optional, ", ") + " (Run Command and older agents use them)", optional
	}
	return Pass, "", nil
}

// roleName is the last path segment of a role ARN.
func roleName(roleARN string) string {
	return roleARN[strings.LastIndex(roleARN, "/")+1:]
}
