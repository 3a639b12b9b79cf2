package seed

import (
	"cmp"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// organization creates the organization in its management account and attaches SCPs to
// the root. (moto gives member accounts random ids, so SCPs target the root only.)
func (s *Seeder) organization(ctx context.Context, sc *scenario.Scenario, res *Result) error {
	client := organizations.NewFromConfig(s.config(sc.Organization.ManagementAccount, sc.Region))
	org, err := client.CreateOrganization(ctx, &organizations.CreateOrganizationInput{FeatureSet: orgtypes.OrganizationFeatureSetAll})
	if err != nil {
		return err
	}
	res.OrganizationID = aws.ToString(org.Organization.Id)
	roots, err := client.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil || len(roots.Roots) == 0 {
		return fmt.Errorf("listing roots: %v", err)
	}
	root := roots.Roots[0].Id
	for _, p := range sc.Organization.SCPs {
		content, err := docOf(sc, &Result{}, p.Document)
		if err != nil {
			return fmt.Errorf("scp %s: %w", p.Name, err)
		}
		out, err := client.CreatePolicy(ctx, &organizations.CreatePolicyInput{Name: aws.String(p.Name), Description: aws.String(cmp.Or(p.Description, p.Name)),
			Type: orgtypes.PolicyTypeServiceControlPolicy, Content: content})
		if err != nil {
			return fmt.Errorf("scp %s: %w", p.Name, err)
		}
		if _, err := client.AttachPolicy(ctx, &organizations.AttachPolicyInput{PolicyId: out.Policy.PolicySummary.Id, TargetId: root}); err != nil {
			return fmt.Errorf("scp %s: %w", p.Name, err)
		}
	}
	return nil
}
