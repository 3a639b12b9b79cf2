package sandbox

import (
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// The seed's port-forwarding permission set grants session lookups but nothing to read IAM
// with: iam get-role is refused as AWS refuses it, what it grants is answered.
func TestPermissionSetWithoutGetRoleIsRefused(t *testing.T) {
	cfg := portalConfig(t, "925774240130", "EC2-SSM-PortForward")
	_, err := iam.NewFromConfig(cfg).GetRole(testCtx(t), &iam.GetRoleInput{RoleName: aws.String("CASTAppInstanceRole")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" ||
		!strings.HasSuffix(ae.ErrorMessage(), "is not authorized to perform: iam:GetRole on resource: arn:aws:iam::925774240130:role/CASTAppInstanceRole because no identity-based policy allows the iam:GetRole action") {
		t.Errorf("iam:GetRole: %v, want AWS's AccessDenied", err)
	}
	nodes, err := ssm.NewFromConfig(cfg).DescribeInstanceInformation(testCtx(t), &ssm.DescribeInstanceInformationInput{})
	if err != nil || len(nodes.InstanceInformationList) != 2 {
		t.Errorf("ssm:DescribeInstanceInformation (granted): %d nodes, %v", len(nodes.InstanceInformationList), err)
	}
	if _, err := ec2.NewFromConfig(cfg).DescribeInstances(testCtx(t), &ec2.DescribeInstancesInput{}); err != nil {
		t.Errorf("ec2:DescribeInstances (granted): %v", err)
	}
	if _, err := ec2.NewFromConfig(cfg).DescribeVpcs(testCtx(t), &ec2.DescribeVpcsInput{}); errorCode(err) != "UnauthorizedOperation" {
		t.Errorf("ec2:DescribeVpcs (not granted): %v, want UnauthorizedOperation", err)
	}
}

// scpsAlong lists, for each target from a member account up to the root, the SCP names
// attached directly to it, as a tool reads them from the management account.
func scpsAlong(t *testing.T, client *organizations.Client, account string) []string {
	t.Helper()
	var out []string
	for id := account; ; {
		ps, err := client.ListPoliciesForTarget(testCtx(t), &organizations.ListPoliciesForTargetInput{TargetId: aws.String(id), Filter: orgtypes.PolicyTypeServiceControlPolicy})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range ps.Policies {
			names = append(names, aws.ToString(p.Name))
		}
		out = append(out, strings.Join(names, "+"))
		parents, err := client.ListParents(testCtx(t), &organizations.ListParentsInput{ChildId: aws.String(id)})
		if errorCode(err) == "ChildNotFoundException" {
			return out // the root has no parent
		}
		if err != nil || len(parents.Parents) != 1 {
			t.Fatalf("parents of %s: %+v, %v", id, parents, err)
		}
		id = aws.ToString(parents.Parents[0].Id)
	}
}

// A member account's SCPs are found through its OU chain; the management account sits
// under the root.
func TestMemberAccountSCPsThroughItsOUChain(t *testing.T) {
	client := organizations.NewFromConfig(portalConfig(t, "717279730613", "AdministratorAccess"))
	tests := map[string][]string{
		"925774240130": {"FullAWSAccess", "FullAWSAccess+DenyOutsideEU", "FullAWSAccess"},
		"717279730613": {"FullAWSAccess", "FullAWSAccess"},
	}
	for account, want := range tests {
		if diff := cmp.Diff(want, scpsAlong(t, client, account)); diff != "" {
			t.Errorf("SCPs from %s up to the root (-want +got):\n%s", account, diff)
		}
	}
	ous, err := client.ListOrganizationalUnitsForParent(testCtx(t), &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(shared.Org.RootID)})
	if err != nil || len(ous.OrganizationalUnits) != 1 || aws.ToString(ous.OrganizationalUnits[0].Name) != "Workloads" {
		t.Errorf("OUs under the root: %+v, %v", ous, err)
	}
}

// instanceIDs lists the managed nodes a profile sees, by name.
func nodeNames(t *testing.T, env *Env, cfg aws.Config) []string {
	t.Helper()
	out, err := ssm.NewFromConfig(cfg).DescribeInstanceInformation(testCtx(t), &ssm.DescribeInstanceInformationInput{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for name, id := range env.Seeded.InstanceIDs {
		byID[id] = name
	}
	names := []string{}
	for _, n := range out.InstanceInformationList {
		names = append(names, byID[aws.ToString(n.InstanceId)])
	}
	sort.Strings(names)
	return names
}

// A profile sees its region's managed nodes and instances, none of another region's; the
// sandbox exports no AWS_REGION, so each profile's own region decides.
func TestProfileRegionDecidesWhatItSees(t *testing.T) {
	env := multiRegion(t)
	tests := map[string][]string{"eu": {"eu-app"}, "eu-in-us": {"us-app"}, "us": {"us-db"}}
	for profile, want := range tests {
		cfg := envProfile(t, env, profile)
		if diff := cmp.Diff(want, nodeNames(t, env, cfg)); diff != "" {
			t.Errorf("profile %s (%s): managed nodes (-want +got):\n%s", profile, cfg.Region, diff)
		}
		out, err := ec2.NewFromConfig(cfg).DescribeInstances(testCtx(t), &ec2.DescribeInstancesInput{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range out.Reservations {
			n += len(r.Instances)
		}
		if n != len(want) {
			t.Errorf("profile %s: %d EC2 instances, want %d", profile, n, len(want))
		}
	}
	// Service settings are per region too (read as the account's administrator).
	creds, err := env.AccountCredentials(testCtx(t), "100000000002")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		cfg := envProfile(t, env, "eu")
		cfg.Region, cfg.Credentials = region, credentials.StaticCredentialsProvider{Value: creds}
		s, err := ssm.NewFromConfig(cfg).GetServiceSetting(testCtx(t), &ssm.GetServiceSettingInput{SettingId: aws.String("/ssm/managed-instance/activation-tier")})
		if err != nil {
			t.Fatal(err)
		}
		got[region] = aws.ToString(s.ServiceSetting.SettingValue)
	}
	if diff := cmp.Diff(map[string]string{"eu-west-1": "standard", "us-east-1": "advanced"}, got); diff != "" {
		t.Errorf("activation tier per region (-want +got):\n%s", diff)
	}
}

// The US OU's SCP keeps its account in us-east-1: the same permission set is answered in
// us-east-1 and refused, by the SCP, in eu-west-1.
func TestSCPOnANestedOU(t *testing.T) {
	env := multiRegion(t)
	if got := nodeNames(t, env, envProfile(t, env, "us")); len(got) != 1 {
		t.Errorf("in us-east-1: %v", got)
	}
	_, err := ssm.NewFromConfig(envProfile(t, env, "us-from-eu")).DescribeInstanceInformation(testCtx(t), &ssm.DescribeInstanceInformationInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" || !strings.HasSuffix(ae.ErrorMessage(), "with an explicit deny in a service control policy") {
		t.Errorf("in eu-west-1: %v, want the SCP's explicit deny", err)
	}
	client := organizations.NewFromConfig(mgmtConfig(t, env))
	if diff := cmp.Diff([]string{"FullAWSAccess", "FullAWSAccess+USOnly", "FullAWSAccess", "FullAWSAccess+DenyLeavingTheOrganization"},
		scpsAlong(t, client, "100000000003")); diff != "" {
		t.Errorf("SCPs from Workload-US to the root (-want +got):\n%s", diff)
	}
}

// mgmtConfig acts as the multiregion management account's administrator.
func mgmtConfig(t *testing.T, env *Env) aws.Config {
	t.Helper()
	creds, err := env.AccountCredentials(testCtx(t), "100000000001")
	if err != nil {
		t.Fatal(err)
	}
	cfg := envProfile(t, env, "eu")
	cfg.Credentials = credentials.StaticCredentialsProvider{Value: creds}
	return cfg
}

// Identity Center ABAC: carol (costCenter cc-42) and dave (cc-7) hold the same permission
// set, whose s3:ListBucket statement names mr-logs-${aws:PrincipalTag/CostCenter}.
func TestABACThroughIdentityCenter(t *testing.T) {
	env := multiRegion(t)
	tests := []struct {
		profile, bucket, region string
		allowed                 bool
	}{
		{"eu", "mr-logs-cc-42", "eu-west-1", true},
		{"eu", "mr-logs-cc-7", "us-east-1", false},
		{"dave-eu", "mr-logs-cc-42", "eu-west-1", false},
		{"dave-eu", "mr-logs-cc-7", "us-east-1", true},
	}
	for _, tt := range tests {
		cfg := envProfile(t, env, tt.profile)
		cfg.Region = tt.region
		_, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).ListObjectsV2(testCtx(t), &s3.ListObjectsV2Input{Bucket: aws.String(tt.bucket)})
		if (err == nil) != tt.allowed || (!tt.allowed && errorCode(err) != "AccessDenied") {
			t.Errorf("%s listing %s: err = %v, want allowed=%v", tt.profile, tt.bucket, err, tt.allowed)
		}
	}
}
