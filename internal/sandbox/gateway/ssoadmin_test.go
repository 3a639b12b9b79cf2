package gateway

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssoadmin"

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
