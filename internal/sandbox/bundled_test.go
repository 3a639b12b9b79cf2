package sandbox

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// Each bundled scenario seeds, and its first local profile answers as the scenario says.
func TestBundledScenariosSeedAndAnswer(t *testing.T) {
	tests := []struct {
		scenario, profile, callerContains string
		managed                           int
		// refused: the profile may not list managed nodes (as in AWS), so they are counted
		// as the account's administrator.
		refused bool
		check   func(t *testing.T, ctx context.Context, cfg aws.Config)
	}{
		// The whitepaper's permission sets grant ssm:DescribeInstanceProperties, not
		// ssm:DescribeInstanceInformation.
		{"whitepaper", "production", ":444455556666:assumed-role/AWSReservedSSO_ProductionPermissionSet_", 3, true, nil},
		{"abac", "pam-inventory", ":333344445555:user/pam-inventory", 3, false, nil},
		{"fleet", "fleet", ":555566667777:user/fleet-reader", 40 - 2, false, fleetSpreadAndStates},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			env, err := Start(ctx, Options{Scenario: tt.scenario, FleetSize: 40})
			if err != nil {
				t.Fatal(err)
			}
			defer env.Close()
			for _, kv := range env.Vars() {
				t.Setenv(kv[0], kv[1])
			}
			cfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigFiles([]string{env.Local.Config}),
				config.WithSharedCredentialsFiles([]string{env.Local.Credentials}), config.WithSharedConfigProfile(tt.profile))
			if err != nil {
				t.Fatal(err)
			}
			who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(aws.ToString(who.Arn), tt.callerContains) {
				t.Errorf("caller = %s, want it to contain %s", aws.ToString(who.Arn), tt.callerContains)
			}
			if tt.refused {
				_, err := ssm.NewFromConfig(cfg).DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{})
				var ae smithy.APIError
				if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" || !strings.Contains(ae.ErrorMessage(), "ssm:DescribeInstanceInformation") {
					t.Errorf("%s listed managed nodes (err %v), want AccessDeniedException as AWS answers", tt.profile, err)
				}
				creds, err := env.AccountCredentials(ctx, strings.Split(tt.callerContains, ":")[1])
				if err != nil {
					t.Fatal(err)
				}
				cfg.Credentials = credentials.StaticCredentialsProvider{Value: creds}
			}
			var nodes []ssmtypes.InstanceInformation
			p := ssm.NewDescribeInstanceInformationPaginator(ssm.NewFromConfig(cfg), &ssm.DescribeInstanceInformationInput{})
			for p.HasMorePages() {
				out, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				nodes = append(nodes, out.InstanceInformationList...)
			}
			if len(nodes) != tt.managed {
				t.Errorf("managed nodes = %d, want %d", len(nodes), tt.managed)
			}
			if tt.check != nil {
				tt.check(t, ctx, cfg)
			}
		})
	}
}

// fleetSpreadAndStates: 40 generated instances, 10 in each of the 4 subnets, every 13th
// stopped (indices 12, 25, 38), as fleet.yaml documents.
func fleetSpreadAndStates(t *testing.T, ctx context.Context, cfg aws.Config) {
	perSubnet, states := map[string]int{}, map[string]int{}
	p := ec2.NewDescribeInstancesPaginator(ec2.NewFromConfig(cfg), &ec2.DescribeInstancesInput{})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range out.Reservations {
			for _, i := range r.Instances {
				perSubnet[aws.ToString(i.SubnetId)]++
				states[string(i.State.Name)]++
			}
		}
	}
	var counts []int
	for _, n := range perSubnet {
		counts = append(counts, n)
	}
	if diff := cmp.Diff([]int{10, 10, 10, 10}, counts); diff != "" {
		t.Errorf("instances per subnet (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"running": 37, "stopped": 3}, states); diff != "" {
		t.Errorf("instance states (-want +got):\n%s", diff)
	}
}
