package gather

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/google/go-cmp/cmp"
)

// rolesLister adds ListRoles (two pages) to the fake.
type rolesLister struct {
	*fakeIAM
	prefixes []string
}

func (f *rolesLister) ListRoles(_ context.Context, in *iam.ListRolesInput, _ ...func(*iam.Options)) (*iam.ListRolesOutput, error) {
	defer f.enter("ListRoles")()
	f.prefixes = append(f.prefixes, aws.ToString(in.PathPrefix))
	if in.Marker == nil {
		return &iam.ListRolesOutput{Roles: []iamtypes.Role{f.roles[ssoRole]}, IsTruncated: true, Marker: aws.String("2")}, nil
	}
	other := "AWSReservedSSO_Read_Only_0123456789abcdef"
	return &iam.ListRolesOutput{Roles: []iamtypes.Role{
		{RoleName: aws.String(other), RoleId: aws.String("AROAOTHER"), Path: aws.String("/aws-reserved/sso.amazonaws.com/"), Arn: aws.String("arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/" + other)},
		{RoleName: aws.String("NotReserved"), Arn: aws.String("arn:aws:iam::925774240130:role/aws-reserved/sso.amazonaws.com/NotReserved")},
	}}, nil
}

func TestReservedRolesByPermissionSet(t *testing.T) {
	f := &rolesLister{fakeIAM: fakeWorld()}
	r := New(Clients{IAM: f}, 0)
	roles, err := r.ReservedRoles(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReservedRoles(context.Background()); err != nil || f.count("ListRoles") != 2 {
		t.Errorf("ListRoles calls = %d, want 2 pages read once per run", f.count("ListRoles"))
	}
	if got := roles["EC2-SSM-PortForward"]; got.ID != "AROAEXAMPLE" || got.Path != "/aws-reserved/sso.amazonaws.com/eu-west-1/" {
		t.Errorf("EC2-SSM-PortForward role = %+v", got)
	}
	if got := roles["Read_Only"]; got.Name != "AWSReservedSSO_Read_Only_0123456789abcdef" {
		t.Errorf("a permission set name with underscores: %+v", roles)
	}
	if len(roles) != 2 || f.prefixes[0] != "/aws-reserved/sso.amazonaws.com/" {
		t.Errorf("roles %v, prefixes %v; want only the reserved roles, listed by path prefix", roles, f.prefixes)
	}
}

func TestPermissionSetPoliciesAsTheRoleHoldsThem(t *testing.T) {
	f := fakeWorld()
	r := New(Clients{IAM: f}, 0)
	p, err := r.PermissionSet(context.Background(), PermissionSetPolicies{Role: ssoRole, Inline: allowStart, Managed: []string{readOnly}, BoundaryARN: boundary})
	if err != nil {
		t.Fatal(err)
	}
	want := []Source{{Name: "AwsSSOInlinePolicy", Type: "inline", Owner: ssoRole}, {Name: "ReadOnlyAccess", Type: "managed", ARN: readOnly},
		{Name: "PowerUserAccess", Type: "boundary", ARN: boundary}}
	if diff := cmp.Diff(want, p.Sources); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
	if len(p.Identity) != 2 || p.Boundary == nil {
		t.Errorf("identity %d policies, boundary %v; want inline + managed, and the boundary", len(p.Identity), p.Boundary)
	}
	f.deny = map[string]bool{"GetPolicyVersion": true}
	r = New(Clients{IAM: f}, 0)
	if _, err := r.PermissionSet(context.Background(), PermissionSetPolicies{Role: ssoRole, Managed: []string{readOnly}}); err == nil || !strings.Contains(err.Error(), "iam:GetPolicyVersion") {
		t.Errorf("refused GetPolicyVersion: %v, want an error naming iam:GetPolicyVersion", err)
	}
}
