package gateway

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"
	"github.com/google/go-cmp/cmp"

	"github.com/ssmkit/ssmkit/internal/sandbox/scenario"
)

func TestPermissionsBoundaryForPermissionSet(t *testing.T) {
	const withBoundary, without = "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "arn:aws:sso:::permissionSet/ssoins-1/ps-2"
	e := startGateway(t, &World{Boundaries: map[string]*scenario.PermissionBoundary{
		withBoundary: {CustomerManagedPolicy: &scenario.PolicyRef{Name: "SSMOperatorBoundary"}}}})
	client := ssoadmin.NewFromConfig(e.sdkConfig(aliceKey))
	out, err := client.GetPermissionsBoundaryForPermissionSet(ctx(t), &ssoadmin.GetPermissionsBoundaryForPermissionSetInput{
		InstanceArn: aws.String("arn:aws:sso:::instance/ssoins-1"), PermissionSetArn: aws.String(withBoundary)})
	if err != nil {
		t.Fatal(err)
	}
	ref := out.PermissionsBoundary.CustomerManagedPolicyReference
	if aws.ToString(ref.Name) != "SSMOperatorBoundary" || aws.ToString(ref.Path) != "/" {
		t.Errorf("boundary = %+v", ref)
	}
	_, err = client.GetPermissionsBoundaryForPermissionSet(ctx(t), &ssoadmin.GetPermissionsBoundaryForPermissionSetInput{
		InstanceArn: aws.String("arn:aws:sso:::instance/ssoins-1"), PermissionSetArn: aws.String(without)})
	if errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("no boundary: err = %v, want ResourceNotFoundException", err)
	}
}

func TestAccessControlAttributesAndProvisioning(t *testing.T) {
	const instance, ps1, ps2 = "arn:aws:sso:::instance/ssoins-1", "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "arn:aws:sso:::permissionSet/ssoins-1/ps-2"
	ic := &IdentityCenter{InstanceARN: instance, Provisioned: map[string][]string{ps1: {"111122223333", "444455556666"}, ps2: {"111122223333"}}}
	client := ssoadmin.NewFromConfig(startGateway(t, &World{IdentityCenter: ic}).sdkConfig(aliceKey))
	_, err := client.DescribeInstanceAccessControlAttributeConfiguration(ctx(t), &ssoadmin.DescribeInstanceAccessControlAttributeConfigurationInput{InstanceArn: aws.String(instance)})
	if errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("without ABAC: err = %v, want ResourceNotFoundException", err)
	}
	ic.AccessControlAttributes = []scenario.AccessControlAttribute{{Key: "CostCenter", Source: "${path:enterprise.costCenter}"}}
	out, err := client.DescribeInstanceAccessControlAttributeConfiguration(ctx(t), &ssoadmin.DescribeInstanceAccessControlAttributeConfigurationInput{InstanceArn: aws.String(instance)})
	if err != nil {
		t.Fatal(err)
	}
	a := out.InstanceAccessControlAttributeConfiguration.AccessControlAttributes
	if out.Status != "ENABLED" || len(a) != 1 || aws.ToString(a[0].Key) != "CostCenter" || a[0].Value.Source[0] != "${path:enterprise.costCenter}" {
		t.Errorf("ABAC configuration = %+v", out)
	}
	var accounts []string
	p := ssoadmin.NewListAccountsForProvisionedPermissionSetPaginator(client, &ssoadmin.ListAccountsForProvisionedPermissionSetInput{
		InstanceArn: aws.String(instance), PermissionSetArn: aws.String(ps1), MaxResults: aws.Int32(1)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx(t))
		if err != nil {
			t.Fatal(err)
		}
		accounts = append(accounts, page.AccountIds...)
	}
	sets, err := client.ListPermissionSetsProvisionedToAccount(ctx(t), &ssoadmin.ListPermissionSetsProvisionedToAccountInput{InstanceArn: aws.String(instance), AccountId: aws.String("111122223333")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"111122223333", "444455556666", ps1, ps2}, append(accounts, sets.PermissionSets...)); diff != "" {
		t.Errorf("provisioning, paged by one (-want +got):\n%s", diff)
	}
	if _, err := client.ListPermissionSetsProvisionedToAccount(ctx(t), &ssoadmin.ListPermissionSetsProvisionedToAccountInput{InstanceArn: aws.String("arn:aws:sso:::instance/other"),
		AccountId: aws.String("111122223333")}); errorCode(err) != "ResourceNotFoundException" {
		t.Errorf("another instance: err = %v, want ResourceNotFoundException", err)
	}
}
