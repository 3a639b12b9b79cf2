package access

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

const titleLifecycle = "ending, resuming and finding sessions"

// exampleSessionSuffix stands in for the random part of a session id: a
// session started by NAME is session/NAME-<17 hex digits>.
const exampleSessionSuffix = "0123456789abcdef0"

// lifecycleAction is one call users make around a session.
type lifecycleAction struct {
	action, what string
	// own is true for actions on the principal's own session resource.
	own bool
}

var lifecycleActions = []lifecycleAction{
	{"ssm:TerminateSession", "end their own sessions", true},
	{"ssm:ResumeSession", "resume their own sessions", true},
	{"ssm:DescribeSessions", "list sessions", false},
	{"ssm:GetConnectionStatus", "see whether a target can take a session", false},
	{"ssm:DescribeInstanceInformation", "list managed nodes", false},
	{"ec2:DescribeInstances", "find instances", false},
}

type lifecycleEvidence struct {
	Action   string `json:"action"`
	Resource string `json:"resource"`
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

// lifecycle evaluates the calls around a session. They are warnings: a
// session starts without them, but users cannot end their own sessions
// cleanly, or find their targets, without them.
func (in *Inputs) lifecycle(t *target.Target) check.Check {
	if in.PoliciesErr != nil {
		return check.FromError(CheckLifecycle, titleLifecycle, in.PoliciesErr)
	}
	set := in.set()
	var evidence []lifecycleEvidence
	var missing []string
	var fixes []check.Fix
	for _, a := range lifecycleActions {
		res := policy.Resource{ARN: "*"}
		if a.own {
			res = in.ownSession(t)
		}
		r, err := policy.Evaluate(policy.Request{Principal: in.EvalARN, Action: a.action, Resources: []policy.Resource{res}, Context: in.requestContext()}, set)
		if err != nil {
			return check.New(CheckLifecycle, titleLifecycle, check.Unknown, "could not evaluate "+a.action+": "+err.Error())
		}
		rr := r.Resources[0]
		evidence = append(evidence, lifecycleEvidence{Action: a.action, Resource: res.ARN, Decision: string(rr.Decision), Reason: rr.Reason})
		if r.Allowed() {
			continue
		}
		missing = append(missing, a.action+" (to "+a.what+")")
		if rr.Fix != "" {
			f := check.Fix{Text: a.action + ": " + rr.Fix}
			if strings.HasPrefix(rr.Fix, "add to an identity-based policy") || strings.Contains(rr.Fix, "${") {
				f.Where = in.Where()
			}
			fixes = append(fixes, f)
		}
	}
	if len(missing) == 0 {
		return check.New(CheckLifecycle, titleLifecycle, check.Pass, "allowed: "+joinActions()).WithEvidence(evidence)
	}
	reason := "not allowed: " + strings.Join(missing, ", ")
	for _, f := range fixes {
		if strings.Contains(f.Text, "${aws:username}") {
			reason += "; a session/${aws:username}-* resource never matches a role or SSO session, which has no aws:username"
			break
		}
	}
	return check.New(CheckLifecycle, titleLifecycle, check.Warn, reason).WithEvidence(evidence).WithFixes(fixes...)
}

// ownSession is a session the principal would start: its id begins with
// the session (or user) name, and Session Manager tags it with the
// starter's aws:userid as aws:ssmmessages:session-id.
func (in *Inputs) ownSession(t *target.Target) policy.Resource {
	name := in.SessionName
	if name == "" {
		name = "SESSION"
	}
	arn := "arn:" + in.Partition + ":ssm:" + t.Region + ":" + t.AccountID + ":session/" + name + "-" + exampleSessionSuffix
	ctx := policy.Context{}
	if in.UserID != "" {
		ctx.Set("ssm:resourceTag/aws:ssmmessages:session-id", in.UserID)
	}
	return policy.Resource{ARN: arn, Context: ctx}
}

func joinActions() string {
	names := make([]string, len(lifecycleActions))
	for i, a := range lifecycleActions {
		names[i] = a.action
	}
	return strings.Join(names, ", ")
}
