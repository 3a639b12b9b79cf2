package access

import (
	"strings"

	"github.com/ssmkit/ssmkit/internal/arn"
	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/gather"
	"github.com/ssmkit/ssmkit/internal/policy"
)

const titleSimulator = "AWS's policy simulator (iam:SimulatePrincipalPolicy) agrees"

type simulatorEvidence struct {
	AWS   []gather.SimulatedResult `json:"aws"`
	Local map[string]string        `json:"ssmkit"`
}

// Simulation is the question to put to AWS's simulator for the request
// that decided locally: the same resources, tags and document check. It is
// nil when the principal's policies could not be read (AWS needs the source).
func (in *Inputs) Simulation(req policy.Request) *gather.Simulation {
	source := in.Policies.ARN
	if source == "" || len(req.Resources) == 0 {
		return nil
	}
	s := &gather.Simulation{Source: source, Action: req.Action, Context: map[string][]string{}, Bools: map[string]bool{}}
	for _, r := range req.Resources {
		s.Resources = append(s.Resources, r.ARN)
		for k, v := range r.Context {
			s.Context[k] = v.Values
		}
	}
	for k, v := range req.Context {
		switch {
		case strings.EqualFold(k, policy.KeySessionDocumentAccessCheck), strings.EqualFold(k, "aws:SecureTransport"), strings.EqualFold(k, "aws:ViaAWSService"):
			s.Bools[k] = v.Values[0] == "true"
		case strings.EqualFold(k, "aws:userid"), strings.HasPrefix(strings.ToLower(k), "aws:principal"):
			continue // AWS derives the principal's keys from the source itself
		default:
			s.Context[k] = v.Values
		}
	}
	// The principal's tags go as context entries whenever ssmkit evaluated
	// with them: session tags (a role session's, or --principal-tag for an
	// --as-role role) are invisible to AWS's simulator, which otherwise
	// answers implicitDeny with them as missingContextValues; for a role or
	// user the entries repeat what it would read itself.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
	for k, v := range in.PrincipalTags {
		s.Context["aws:PrincipalTag/"+k] = []string{v}
	}
	return s
}

// simulatorCheck compares AWS's answer with ssmkit's. A disagreement is a
// warning and leaves the permission unknown: neither answer is hidden.
func simulatorCheck(sim *Simulated, res policy.Result) (check.Check, bool) {
	if sim.Err != nil {
		why := check.Why(sim.Err)
		if check.Denied(sim.Err) {
			why = "not allowed to call iam:SimulatePrincipalPolicy (most SSO users may not); ssmkit's own evaluation stands"
		}
		return check.New(CheckSimulator, titleSimulator, check.Skip, why), true
	}
	local := map[string]string{}
	for _, r := range res.Resources {
		local[r.ARN] = string(r.Decision)
	}
	ev := simulatorEvidence{AWS: sim.Results, Local: local}
	var differ []string
	for _, r := range sim.Results {
		mine, ok := local[r.Resource]
		if !ok {
			continue
		}
		if normalise(r.Decision) != mine {
			differ = append(differ, shortResource(r.Resource)+": AWS says "+r.Decision+", ssmkit says "+mine)
		}
	}
	if len(differ) > 0 {
		return check.New(CheckSimulator, titleSimulator, check.Warn,
			"AWS's simulator and ssmkit disagree ("+strings.Join(differ, "; ")+"): the answer is unknown until a session is tried").WithEvidence(ev), false
	}
	return check.New(CheckSimulator, titleSimulator, check.Pass, "AWS's simulator agrees: "+string(res.Decision)).WithEvidence(ev), true
}

// normalise maps AWS's decision words to the evaluator's.
func normalise(d string) string {
	switch strings.ToLower(d) {
	case "allowed":
		return string(policy.Allowed)
	case "explicitdeny":
		return string(policy.ExplicitDeny)
	}
	return string(policy.ImplicitDeny)
}

func shortResource(a string) string {
	if p, err := arn.Parse(a); err == nil {
		return p.Resource
	}
	return a
}
