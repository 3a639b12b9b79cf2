package seed

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// accountSeeder seeds one account, in dependency order.
type accountSeeder struct {
	s   *Seeder
	sc  *scenario.Scenario
	a   *scenario.Account
	res *Result
	// Network ids by scenario name, filled by the network step.
	subnets, sgs, rts, vpcs map[string]string
}

func (as *accountSeeder) run(ctx context.Context) error {
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"account alias", as.alias},
		{"IAM policies", as.policies},
		// Keys before roles: role policies name keys; key policies may name roles by ARN.
		{"KMS keys", as.keys},
		{"IAM roles", as.roles},
		{"IAM users", as.users},
		{"network", as.network},
		{"instances", as.instances},
		{"logging", as.logging},
		{"session preferences", as.sessionPreferences},
	}
	for _, st := range steps {
		if err := st.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return nil
}

// cfg is an SDK configuration acting in the account, in a region.
func (as *accountSeeder) cfg(region string) aws.Config { return as.s.config(as.a.ID, region) }

// iam is the account's IAM (a global service: signed in the account's region).
func (as *accountSeeder) iam() *iam.Client { return iam.NewFromConfig(as.cfg(as.a.Region)) }

func (as *accountSeeder) doc(d scenario.Document) (*string, error) {
	if d.IsZero() {
		return nil, nil
	}
	s, err := expand(as.sc, as.res, d)
	if err != nil {
		return nil, err
	}
	return aws.String(s), nil
}

func (as *accountSeeder) policyARN(ref string) string {
	if len(ref) > 4 && ref[:4] == "arn:" {
		return ref
	}
	return fmt.Sprintf("arn:aws:iam::%s:policy/%s", as.a.ID, ref)
}
