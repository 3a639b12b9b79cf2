package sandbox

import (
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/identitystore"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/seed"
)

func TestGatewayServedSSMState(t *testing.T) {
	client := ssm.NewFromConfig(profileConfig(t, "cast-dev-admin"))
	ctx := testCtx(t)
	info, err := client.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{
		Filters: []ssmtypes.InstanceInformationStringFilter{{Key: aws.String("tag:ssmaccess"), Values: []string{"true"}}}})
	if err != nil {
		t.Fatal(err)
	}
	app := shared.Seeded.InstanceIDs["cast-dev-app01"]
	if len(info.InstanceInformationList) != 1 || aws.ToString(info.InstanceInformationList[0].InstanceId) != app {
		t.Fatalf("tagged managed nodes = %+v, want only %s", info.InstanceInformationList, app)
	}
	if s := info.InstanceInformationList[0].PingStatus; s != ssmtypes.PingStatusOnline {
		t.Errorf("cast-dev-app01 ping = %s, want Online (the planted gap is the network, not the agent)", s)
	}
	conn, err := client.GetConnectionStatus(ctx, &ssm.GetConnectionStatusInput{Target: aws.String(app)})
	if err != nil {
		t.Fatal(err)
	}
	tier, err := client.GetServiceSetting(ctx, &ssm.GetServiceSettingInput{SettingId: aws.String("/ssm/managed-instance/activation-tier")})
	if err != nil {
		t.Fatal(err)
	}
	hist, err := client.DescribeSessions(ctx, &ssm.DescribeSessionsInput{State: ssmtypes.SessionStateHistory,
		Filters: []ssmtypes.SessionFilter{{Key: ssmtypes.SessionFilterKeyTargetId, Value: aws.String(app)}}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{string(conn.Status), aws.ToString(tier.ServiceSetting.SettingValue), aws.ToString(hist.Sessions[0].Owner)}
	want := []string{"notconnected", "standard", "arn:aws:sts::925774240130:assumed-role/" + seed.ReservedRoleName("925774240130", "AdministratorAccess") + "/a-a800123"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestMotoServedNetworkHasThePlantedGaps(t *testing.T) {
	client := ec2.NewFromConfig(profileConfig(t, "cast-dev-admin"))
	ctx := testCtx(t)
	eps, err := client.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var services []string
	for _, e := range eps.VpcEndpoints {
		services = append(services, aws.ToString(e.ServiceName))
	}
	sort.Strings(services)
	if diff := cmp.Diff([]string{"com.amazonaws.eu-west-1.ec2messages", "com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.ssm"}, services); diff != "" {
		t.Errorf("endpoints (-want +got):\n%s", diff)
	}
	app := shared.Seeded.InstanceIDs["cast-dev-app01"]
	inst, err := client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{app}})
	if err != nil {
		t.Fatal(err)
	}
	i := inst.Reservations[0].Instances[0]
	if !strings.HasSuffix(aws.ToString(i.IamInstanceProfile.Arn), "instance-profile/CASTAppInstanceRole") {
		t.Errorf("instance profile = %s", aws.ToString(i.IamInstanceProfile.Arn))
	}
	rts, err := client.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{Filters: []ec2types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{aws.ToString(i.SubnetId)}}}})
	if err != nil || len(rts.RouteTables) != 1 {
		t.Fatalf("route table of the instance subnet: %v (%d tables)", err, len(rts.RouteTables))
	}
	for _, r := range rts.RouteTables[0].Routes {
		if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" {
			t.Errorf("the private subnet has a default route (%+v); the planted gap needs none", r)
		}
	}
}

func TestMotoServedKMSPreferencesAndLogging(t *testing.T) {
	cfg := profileConfig(t, "cast-dev-admin")
	ctx := testCtx(t)
	keyARN := shared.Seeded.KeyARNs["session-manager"]
	pol, err := kms.NewFromConfig(cfg).GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(keyARN), PolicyName: aws.String("default")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(aws.ToString(pol.Policy), "arn:aws:iam::925774240130:root") {
		t.Errorf("key policy does not delegate to IAM: %s", aws.ToString(pol.Policy))
	}
	doc, err := ssm.NewFromConfig(cfg).GetDocument(ctx, &ssm.GetDocumentInput{Name: aws.String("SSM-SessionManagerRunShell")})
	if err != nil {
		t.Fatal(err)
	}
	if c := aws.ToString(doc.Content); !strings.Contains(c, `"kmsKeyId": "`+keyARN+`"`) || !strings.Contains(c, "/aws/ssm/cast-dev/session-logs") {
		t.Errorf("preferences document lacks the key or log group:\n%s", c)
	}
	groups, err := cloudwatchlogs.NewFromConfig(cfg).DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	if err != nil || len(groups.LogGroups) != 1 || aws.ToString(groups.LogGroups[0].KmsKeyId) != keyARN {
		t.Errorf("log groups = %+v, err %v; want one encrypted with the session key", groups, err)
	}
	enc, err := s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }).GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: aws.String("cast-dev-ssm-session-logs-925774240130")})
	if err != nil {
		t.Fatal(err)
	}
	if k := aws.ToString(enc.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.KMSMasterKeyID); k != keyARN {
		t.Errorf("bucket key = %s, want %s", k, keyARN)
	}
	pf := seed.ReservedRoleName("925774240130", "EC2-SSM-PortForward")
	inline, err := iam.NewFromConfig(cfg).GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(pf), PolicyName: aws.String("AwsSSOInlinePolicy")})
	if err != nil {
		t.Fatal(err)
	}
	if d := aws.ToString(inline.PolicyDocument); !strings.Contains(d, "StartSession") || strings.Contains(d, "GenerateDataKey") {
		t.Errorf("port-forward role policy should allow StartSession but not GenerateDataKey: %s", d)
	}
}

func TestIdentityCenterReadableFromItsAccount(t *testing.T) {
	cfg := portalConfig(t, "717279730613", "AdministratorAccess")
	ctx := testCtx(t)
	sets, err := ssoadmin.NewFromConfig(cfg).ListPermissionSets(ctx, &ssoadmin.ListPermissionSetsInput{InstanceArn: aws.String(shared.Seeded.InstanceARN)})
	if err != nil {
		t.Fatal(err)
	}
	users, err := identitystore.NewFromConfig(cfg).ListUsers(ctx, &identitystore.ListUsersInput{IdentityStoreId: aws.String(shared.Seeded.IdentityStoreID)})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users.Users {
		names = append(names, aws.ToString(u.UserName))
	}
	sort.Strings(names)
	if len(sets.PermissionSets) != 3 {
		t.Errorf("permission sets = %d, want 3", len(sets.PermissionSets))
	}
	if diff := cmp.Diff([]string{"a-a800123", "a-a836660", "a-a837172"}, names); diff != "" {
		t.Errorf("users (-want +got):\n%s", diff)
	}
	group, err := identitystore.NewFromConfig(cfg).DescribeGroup(ctx, &identitystore.DescribeGroupInput{IdentityStoreId: aws.String(shared.Seeded.IdentityStoreID),
		GroupId: aws.String(shared.Seeded.GroupIDs["aws-ec2-ssm-operators"])})
	if err != nil {
		t.Fatal(err)
	}
	if len(group.ExternalIds) != 1 || aws.ToString(group.ExternalIds[0].Issuer) != "SailPoint" {
		t.Errorf("operators group external ids = %+v, want the SailPoint one", group.ExternalIds)
	}
	for _, u := range users.Users {
		if len(u.ExternalIds) != 1 || aws.ToString(u.ExternalIds[0].Issuer) != "SailPoint" {
			t.Errorf("user %s external ids = %+v, want SCIM-provisioned from SailPoint", aws.ToString(u.UserName), u.ExternalIds)
		}
	}
	assigned, err := ssoadmin.NewFromConfig(cfg).ListAccountAssignments(ctx, &ssoadmin.ListAccountAssignmentsInput{InstanceArn: aws.String(shared.Seeded.InstanceARN),
		AccountId: aws.String("925774240130"), PermissionSetArn: aws.String(sets.PermissionSets[0])})
	if err != nil {
		t.Fatal(err)
	}
	if len(assigned.AccountAssignments) == 0 {
		t.Errorf("no assignments listed for %s in CASTSoftware-dev", sets.PermissionSets[0])
	}
}

func TestOrganizationAccountNamesFromTheManagementAccountOnly(t *testing.T) {
	mgmt := organizations.NewFromConfig(portalConfig(t, "717279730613", "AdministratorAccess"))
	out, err := mgmt.DescribeAccount(testCtx(t), &organizations.DescribeAccountInput{AccountId: aws.String("925774240130")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(out.Account.Name) != "CASTSoftware-dev" || !strings.Contains(aws.ToString(out.Account.Arn), shared.Org.ID) {
		t.Errorf("account = %+v", out.Account)
	}
	member := organizations.NewFromConfig(profileConfig(t, "cast-dev-admin"))
	_, err = member.DescribeAccount(testCtx(t), &organizations.DescribeAccountInput{AccountId: aws.String("925774240130")})
	if err == nil || !strings.Contains(err.Error(), "AccessDeniedException") {
		t.Errorf("from the member account: err = %v, want AccessDeniedException", err)
	}
}
