package gather

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/smithy-go"

	"github.com/ssmkit/ssmkit/internal/check"
	"github.com/ssmkit/ssmkit/internal/policy"
)

// OrgsAPI are the Organizations reads for the policies over an account.
type OrgsAPI interface {
	DescribeOrganization(context.Context, *organizations.DescribeOrganizationInput, ...func(*organizations.Options)) (*organizations.DescribeOrganizationOutput, error)
	ListParents(context.Context, *organizations.ListParentsInput, ...func(*organizations.Options)) (*organizations.ListParentsOutput, error)
	ListPoliciesForTarget(context.Context, *organizations.ListPoliciesForTargetInput, ...func(*organizations.Options)) (*organizations.ListPoliciesForTargetOutput, error)
	DescribePolicy(context.Context, *organizations.DescribePolicyInput, ...func(*organizations.Options)) (*organizations.DescribePolicyOutput, error)
}

// OrgPolicies are the SCPs and RCPs that apply to an account, one list per
// level of the organization from the root down to the account itself.
type OrgPolicies struct {
	// NoOrganization is true when the account is in no organization: no SCPs.
	NoOrganization bool `json:"noOrganization,omitempty"`
	// Management is true for the management account, which SCPs and RCPs
	// never restrict (AWS Organizations User Guide, SCPs).
	Management bool `json:"management,omitempty"`
	// Levels names each level (root, OUs, the account), root first.
	Levels []string `json:"levels,omitempty"`
	// SCPs and RCPs hold one list per level, in Levels order.
	SCPs [][]*policy.Policy `json:"-"`
	RCPs [][]*policy.Policy `json:"-"`
}

type organization struct {
	management string
	none       bool
}

type orgPolicy struct{ name, content string }

// OrgPolicies reads the SCPs and RCPs over account through its OU chain:
// ListParents up to the root, ListPoliciesForTarget at every level,
// DescribePolicy once per policy. Only the management account (or a
// delegated administrator) may read them; elsewhere the error names the
// permission, and the caller's SCP check is unknown.
func (r *Reader) OrgPolicies(ctx context.Context, account string) (OrgPolicies, error) {
	return r.orgs.Do(account, func() (OrgPolicies, error) {
		var org organization
		var chain []string
		err := all(
			func() (err error) { org, err = r.describeOrganization(ctx); return err },
			func() (err error) { chain, err = r.parentChain(ctx, account); return err },
		)
		// The management account is settled by DescribeOrganization alone, which
		// every member may call: SCPs and RCPs never restrict it, so a refused
		// ListParents (run alongside) does not matter there.
		// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
		switch {
		case org.none:
			return OrgPolicies{NoOrganization: true}, nil
		case org.management != "" && org.management == account:
			return OrgPolicies{Management: true}, nil
		case err != nil:
			return OrgPolicies{}, err
		}
		levels := append(chain, account)
		out := OrgPolicies{Levels: levels, SCPs: make([][]*policy.Policy, len(levels)), RCPs: make([][]*policy.Policy, len(levels))}
		var fns []func() error
		for i, target := range levels {
			fns = append(fns,
				func() (err error) {
					out.SCPs[i], err = r.policiesFor(ctx, target, orgtypes.PolicyTypeServiceControlPolicy, policy.KindSCP)
					return err
				},
				func() (err error) {
					out.RCPs[i], err = r.policiesFor(ctx, target, orgtypes.PolicyTypeResourceControlPolicy, policy.KindRCP)
					return err
				})
		}
		if err := all(fns...); err != nil {
			return OrgPolicies{}, err
		}
		return out, nil
	})
}

func (r *Reader) describeOrganization(ctx context.Context) (organization, error) {
	return r.organization.Do("", func() (organization, error) {
		out, err := call(ctx, r, func() (*organizations.DescribeOrganizationOutput, error) {
			return r.c.Orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		})
		var notInUse *orgtypes.AWSOrganizationsNotInUseException
		if errors.As(err, &notInUse) {
			return organization{none: true}, nil
		}
		if err != nil {
			return organization{}, check.Read("organizations:DescribeOrganization", "", err)
		}
		return organization{management: aws.ToString(out.Organization.MasterAccountId)}, nil
	})
}

// parentChain returns the ids above account, root first.
func (r *Reader) parentChain(ctx context.Context, account string) ([]string, error) {
	var chain []string
	child := account
	for depth := 0; depth < 8; depth++ { // an organization nests at most five OUs deep
		out, err := call(ctx, r, func() (*organizations.ListParentsOutput, error) {
			return r.c.Orgs.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(child)})
		})
		if err != nil {
			return nil, check.Read("organizations:ListParents", child, err)
		}
		if len(out.Parents) == 0 {
			break
		}
		parent := out.Parents[0]
		chain = append([]string{aws.ToString(parent.Id)}, chain...)
		if parent.Type == orgtypes.ParentTypeRoot {
			break
		}
		child = aws.ToString(parent.Id)
	}
	return chain, nil
}

// policiesFor lists and reads the policies of one type attached to target.
// A policy type the organization has not enabled has none.
func (r *Reader) policiesFor(ctx context.Context, target string, typ orgtypes.PolicyType, kind policy.Kind) ([]*policy.Policy, error) {
	var ids []string
	p := organizations.NewListPoliciesForTargetPaginator(r.c.Orgs, &organizations.ListPoliciesForTargetInput{TargetId: aws.String(target), Filter: typ})
	for p.HasMorePages() {
		page, err := call(ctx, r, func() (*organizations.ListPoliciesForTargetOutput, error) { return p.NextPage(ctx) })
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode() == "PolicyTypeNotEnabledException" {
			return nil, nil
		}
		if err != nil {
			return nil, check.Read("organizations:ListPoliciesForTarget", target, err)
		}
		for _, s := range page.Policies {
			ids = append(ids, aws.ToString(s.Id))
		}
	}
	out := make([]*policy.Policy, len(ids))
	fns := make([]func() error, len(ids))
	for i, id := range ids {
		fns[i] = func() error {
			op, err := r.orgPolicies.Do(id, func() (orgPolicy, error) {
				d, err := call(ctx, r, func() (*organizations.DescribePolicyOutput, error) {
					return r.c.Orgs.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(id)})
				})
				if err != nil {
					return orgPolicy{}, check.Read("organizations:DescribePolicy", id, err)
				}
				return orgPolicy{name: aws.ToString(d.Policy.PolicySummary.Name), content: aws.ToString(d.Policy.Content)}, nil
			})
			if err != nil {
				return err
			}
			out[i], err = parseIAMDocument(op.name, kind, op.content)
			return err
		}
	}
	if err := all(fns...); err != nil {
		return nil, err
	}
	return out, nil
}
