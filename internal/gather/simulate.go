package gather

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/ssmkit/ssmkit/internal/check"
)

// SimulateAPI is IAM's policy simulator.
type SimulateAPI interface {
	SimulatePrincipalPolicy(context.Context, *iam.SimulatePrincipalPolicyInput, ...func(*iam.Options)) (*iam.SimulatePrincipalPolicyOutput, error)
}

// Simulation asks AWS's simulator about one action of one principal.
type Simulation struct {
	// Source is the role or user ARN whose policies AWS evaluates.
	Source    string
	Action    string
	Resources []string
	// Context holds string context entries; Bools boolean ones.
	Context map[string][]string
	Bools   map[string]bool
}

// SimulatedResult is AWS's answer for one resource.
type SimulatedResult struct {
	Resource string `json:"resource"`
	// Decision is allowed, implicitDeny or explicitDeny, as AWS says it.
	Decision string `json:"decision"`
	// AllowedByOrganizations is AWS's word on the SCPs, when it gave one.
	AllowedByOrganizations *bool    `json:"allowedByOrganizations,omitempty"`
	MissingContextValues   []string `json:"missingContextValues,omitempty"`
}

// Simulate calls iam:SimulatePrincipalPolicy (not memoised: each question
// differs). Most SSO users may not call it; the error then names it.
func (r *Reader) Simulate(ctx context.Context, s Simulation) ([]SimulatedResult, error) {
	in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(s.Source), ActionNames: []string{s.Action}, ResourceArns: s.Resources}
	for _, k := range sortedKeys(s.Context) {
		in.ContextEntries = append(in.ContextEntries, iamtypes.ContextEntry{ContextKeyName: aws.String(k),
			ContextKeyType: iamtypes.ContextKeyTypeEnumString, ContextKeyValues: s.Context[k]})
	}
	for _, k := range sortedKeys(s.Bools) {
		v := "false"
		if s.Bools[k] {
			v = "true"
		}
		in.ContextEntries = append(in.ContextEntries, iamtypes.ContextEntry{ContextKeyName: aws.String(k),
			ContextKeyType: iamtypes.ContextKeyTypeEnumBoolean, ContextKeyValues: []string{v}})
	}
	var out []SimulatedResult
	p := iam.NewSimulatePrincipalPolicyPaginator(r.c.IAM, in)
	for p.HasMorePages() {
		page, err := call(ctx, r, func() (*iam.SimulatePrincipalPolicyOutput, error) { return p.NextPage(ctx) })
		if err != nil {
			return nil, check.Read("iam:SimulatePrincipalPolicy", s.Source, err)
		}
		for _, e := range page.EvaluationResults {
			res := SimulatedResult{Resource: aws.ToString(e.EvalResourceName), Decision: string(e.EvalDecision), MissingContextValues: e.MissingContextValues}
			if e.OrganizationsDecisionDetail != nil {
				allowed := e.OrganizationsDecisionDetail.AllowedByOrganizations
				res.AllowedByOrganizations = &allowed
			}
			out = append(out, res)
		}
	}
	return out, nil
}
