package access

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/decision"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
	"github.com/ssmkit/ssmkit/internal/target"
)

const titleStartSession = "ssm:StartSession on the target and the document"

// startSessionEvidence is what the start-session check rests on.
type startSessionEvidence struct {
	// Decision is the evaluated request, as ssm-canconnect simulate prints it.
	Decision decision.Decision `json:"decision"`
	// Policies are the identity-side policies evaluated.
	Policies []gather.Source `json:"policies"`
	// Organization says which SCP levels applied, or why none did.
	Organization *gather.OrgPolicies `json:"organization,omitempty"`
	// UnknownKeys are context keys the decision depends on that ssmkit cannot know.
	UnknownKeys []string `json:"unknownKeys,omitempty"`
}

// startSession evaluates ssm:StartSession on the target and the session's
// document (policy.EvaluateStartSession: the default-document rule).
func (in *Inputs) startSession(t *target.Target, s Session, sim *Simulated) (check.Check, policy.Request, policy.Result) {
	if in.PoliciesErr != nil {
		return check.FromError(CheckStartSession, titleStartSession, in.PoliciesErr), policy.Request{}, policy.Result{}
	}
	sr := policy.SessionRequest{Principal: in.EvalARN, Target: policy.TaggedResource(t.ARN(), t.Tags), Context: in.requestContext()}
	docARN := s.DocumentARN(in.Partition, t.Region, t.AccountID)
	if s.DefaultDocument {
		sr.DefaultDocumentARN = docARN
	} else {
		sr.DocumentARN = docARN
	}
	res, req, err := policy.EvaluateStartSession(sr, in.set())
	if err != nil {
		return check.New(CheckStartSession, titleStartSession, check.Unknown, "could not evaluate: "+err.Error()), req, res
	}
	d := decision.New(nil, req, res)
	ev := startSessionEvidence{Decision: d, Policies: in.Policies.Sources}
	if in.OrgsErr == nil {
		ev.Organization = &in.Orgs
	}
	why := d.Why()
	if !res.Allowed() {
		why = deniedResource(res) + ": " + why
	}
	switch {
	case t.TagsErr != nil && res.Decision != policy.ExplicitDeny:
		// Without the node's tags a tag condition cannot be decided either way.
		c := check.FromError(CheckStartSession, titleStartSession, t.TagsErr)
		c.Reason = "the tags of " + t.ID + " could not be read, and tag conditions decide: " + c.Reason
		return c.WithEvidence(ev), req, res
	case res.Decision == policy.ExplicitDeny:
		return check.New(CheckStartSession, titleStartSession, check.Fail, why).WithEvidence(ev).WithFixes(in.policyFixes(res)...), req, res
	case res.Decision == policy.ImplicitDeny:
		if keys := failedOnUnknowable(res, in.unknowable(res.MissingContextKeys)); len(keys) > 0 {
			ev.UnknownKeys = keys
			c := check.New(CheckStartSession, titleStartSession, check.Unknown,
				why+"; it depends on "+strings.Join(keys, ", ")+", which the real request carries and ssmkit cannot see"+tagHint(keys))
			return c.WithEvidence(ev), req, res
		}
		return check.New(CheckStartSession, titleStartSession, check.Fail, why).WithEvidence(ev).WithFixes(in.policyFixes(res)...), req, res
	}
	if in.OrgsErr != nil && !simAllowedByOrganizations(sim) {
		c := check.FromError(CheckStartSession, titleStartSession, in.OrgsErr)
		c.Reason = why + "; the SCPs over the account could not be read (" + c.Reason + ")"
		return c.WithEvidence(ev), req, res
	}
	if keys := in.unknowable(res.MissingContextKeys); len(keys) > 0 {
		ev.UnknownKeys = keys
	}
	return check.New(CheckStartSession, titleStartSession, check.Pass, why).WithEvidence(ev), req, res
}

// deniedResource names the first resource that decided a denial
// (instance/i-..., document/AWS-StartSSHSession).
func deniedResource(res policy.Result) string {
	for _, r := range res.Resources {
		if r.Decision == res.Decision {
			return shortResource(r.ARN)
		}
	}
	return "-"
}

// tagHint says how to supply principal tags ssmkit cannot see.
func tagHint(keys []string) string {
	for _, k := range keys {
		if strings.HasPrefix(strings.ToLower(k), "aws:principaltag/") {
			return " (give the session's tags with --principal-tag KEY=VALUE)"
		}
	}
	return ""
}

// policyFixes turns the evaluator's fixes into Fix values: a command when
// the fix is one, and the principal's policy holder for identity fixes.
func (in *Inputs) policyFixes(res policy.Result) []check.Fix {
	var out []check.Fix
	for _, r := range res.Resources {
		if r.Decision == policy.Allowed || r.Fix == "" {
			continue
		}
		f := check.Fix{Text: r.Fix}
		for _, prefix := range []string{"tag the instance: ", "tag the managed instance: "} {
			if cmd, ok := strings.CutPrefix(r.Fix, prefix); ok {
				f.Command = cmd
			}
		}
		if strings.HasPrefix(r.Fix, "add to an identity-based policy") || strings.Contains(r.Fix, "identity policy") {
			f.Where = in.Where()
		}
		if !containsFix(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func containsFix(list []check.Fix, f check.Fix) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// simAllowedByOrganizations reports whether AWS's simulator said the
// organization's SCPs allow every resource: AWS read them when ssmkit could not.
func simAllowedByOrganizations(sim *Simulated) bool {
	if sim == nil || sim.Err != nil || len(sim.Results) == 0 {
		return false
	}
	for _, r := range sim.Results {
		if r.AllowedByOrganizations == nil || !*r.AllowedByOrganizations {
			return false
		}
	}
	return true
}
