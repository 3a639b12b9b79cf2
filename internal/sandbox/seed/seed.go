// Package seed builds a scenario's world in moto with real aws-sdk-go-v2 calls.
// (The sandbox may mutate moto; the product never mutates anything.)
package seed

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

// Result holds the identifiers moto chose while seeding.
type Result struct {
	// InstanceIDs maps instance name to EC2 instance id.
	InstanceIDs map[string]string
	// InstanceAccounts maps instance name to its account id.
	InstanceAccounts map[string]string
	// InstanceRegions maps instance name to its region.
	InstanceRegions map[string]string
	// Stopped names the generated instances left in state stopped.
	Stopped map[string]bool
	// SubnetIDs, VPCIDs, RouteTableIDs and SecurityGroupIDs map scenario names to EC2 ids.
	SubnetIDs, VPCIDs, RouteTableIDs, SecurityGroupIDs map[string]string
	// EndpointIDs maps "vpc/service" (e.g. cast-dev-vpc/ssm) to the VPC endpoint id.
	EndpointIDs map[string]string
	// PermissionSetARNs maps permission set name to its ARN.
	PermissionSetARNs map[string]string
	// KeyARNs maps KMS key alias (without alias/) to key ARN.
	KeyARNs map[string]string
	// KeyAliases maps "account/region/alias" (alias without alias/) to key ARN.
	KeyAliases map[string]string
	// ReservedRoles maps "account/permissionSet" to the AWSReservedSSO role ARN.
	ReservedRoles map[string]string
	// AccessKeys maps local profile name to a key created for an IAM user.
	AccessKeys map[string]AccessKey
	// IdentityStoreID and InstanceARN identify the seeded Identity Center.
	IdentityStoreID, InstanceARN string
	// UserIDs and GroupIDs map Identity Center names to identity store ids.
	UserIDs, GroupIDs map[string]string
}

// AccessKey is a seeded IAM user's key pair, for the local credentials file only.
type AccessKey struct {
	ID, Secret string
}

// Seeder talks to moto directly (not through the gateway, so seeding is never audited).
type Seeder struct {
	MotoURL string
	HTTP    *http.Client
}

// Run builds sc in moto.
func (s *Seeder) Run(ctx context.Context, sc *scenario.Scenario) (*Result, error) {
	res := &Result{InstanceIDs: map[string]string{}, SubnetIDs: map[string]string{}, VPCIDs: map[string]string{},
		RouteTableIDs: map[string]string{}, SecurityGroupIDs: map[string]string{}, EndpointIDs: map[string]string{}, PermissionSetARNs: map[string]string{}, InstanceAccounts: map[string]string{}, InstanceRegions: map[string]string{}, Stopped: map[string]bool{}, KeyARNs: map[string]string{}, KeyAliases: map[string]string{},
		ReservedRoles: map[string]string{}, AccessKeys: map[string]AccessKey{}, UserIDs: map[string]string{}, GroupIDs: map[string]string{}}
	if ic := sc.IdentityCenter; ic != nil {
		for _, a := range ic.Assignments {
			res.ReservedRoles[a.Account+"/"+a.PermissionSet] = ReservedRoleARN(a.Account, ic.RegionOr(sc.Region), a.PermissionSet)
		}
	}
	for i := range sc.Accounts {
		a := &sc.Accounts[i]
		step := &accountSeeder{s: s, sc: sc, a: a, res: res}
		if err := step.run(ctx); err != nil {
			return nil, fmt.Errorf("seeding account %s (%s): %w", a.ID, a.Name, err)
		}
	}
	if sc.IdentityCenter != nil {
		if err := s.identityCenter(ctx, sc, res); err != nil {
			return nil, fmt.Errorf("seeding Identity Center: %w", err)
		}
	}
	for _, k := range sc.Local.AccessKeys {
		key, err := s.accessKey(ctx, s.config(k.Account, sc.AccountByID(k.Account).Region), k.User)
		if err != nil {
			return nil, fmt.Errorf("access key for %s: %w", k.Profile, err)
		}
		res.AccessKeys[k.Profile] = key
	}
	return res, nil
}

// config is an SDK configuration acting in account.
func (s *Seeder) config(account, region string) aws.Config {
	return MotoConfig(s.MotoURL, s.HTTP, account, region)
}

// MotoConfig is an SDK configuration that talks to moto directly (never through a
// gateway, so nothing it does is audited), acting in account: moto reads the
// x-moto-account-id header. client nil means a new one with a 60 s timeout.
func MotoConfig(motoURL string, client *http.Client, account, region string) aws.Config {
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIASANDBOXSEEDER000", "sandbox-seeder", ""),
		BaseEndpoint: aws.String(motoURL),
		HTTPClient:   client,
		APIOptions:   []func(*middleware.Stack) error{smithyhttp.AddHeaderValue("x-moto-account-id", account)},
	}
}

// Lookup resolves scenario placeholders from what has been seeded so far:
// {{region}}, {{startUrl}}, {{kms:ALIAS}}, {{instance:NAME}}, {{ssoRole:ACCOUNT/PERMISSIONSET}}
// and {{ssoSession:ACCOUNT/PERMISSIONSET/USER}} (the assumed-role ARN of an SSO session).
func Lookup(sc *scenario.Scenario, res *Result) func(kind, name string) (string, bool) {
	return lookup(sc, res)
}

func lookup(sc *scenario.Scenario, res *Result) func(kind, name string) (string, bool) {
	return func(kind, name string) (string, bool) {
		switch kind {
		case "region":
			return sc.Region, true
		case "startUrl":
			if sc.IdentityCenter != nil {
				return sc.IdentityCenter.StartURL, true
			}
		case "kms":
			v, ok := res.KeyARNs[name]
			return v, ok
		case "instance":
			v, ok := res.InstanceIDs[name]
			return v, ok
		case "ssoRole":
			v, ok := res.ReservedRoles[name]
			return v, ok
		case "ssoSession":
			parts := strings.Split(name, "/")
			if len(parts) != 3 {
				return "", false
			}
			return fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", parts[0], ReservedRoleName(parts[0], parts[1]), parts[2]), true
		}
		return "", false
	}
}

func expand(sc *scenario.Scenario, res *Result, d scenario.Document) (string, error) {
	return scenario.Expand(d.JSON, lookup(sc, res))
}
