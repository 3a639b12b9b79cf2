package arn

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePrincipalClassifiesEveryPrincipalType(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Principal
	}{
		{"iam user", "arn:aws:iam::135808916559:user/tf-deployment", Principal{
			Service: "iam", Partition: "aws", AccountID: "135808916559", Type: IAMUser, Name: "tf-deployment", Path: "/"}},
		{"iam user with path", "arn:aws:iam::135808916559:user/division/team/alice", Principal{
			Service: "iam", Partition: "aws", AccountID: "135808916559", Type: IAMUser, Name: "alice", Path: "/division/team/"}},
		{"root", "arn:aws:iam::135808916559:root", Principal{
			Service: "iam", Partition: "aws", AccountID: "135808916559", Type: Root}},
		{"assumed role", "arn:aws:sts::135808916559:assumed-role/Deployer/botocore-session-1700000000", Principal{
			Service: "sts", Partition: "aws", AccountID: "135808916559", Type: AssumedRole,
			Name: "Deployer", RoleName: "Deployer", SessionName: "botocore-session-1700000000"}},
		{"sso session", "arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com", Principal{
			Service: "sts", Partition: "aws", AccountID: "135808916559", Type: SSO,
			Name:          "AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d",
			RoleName:      "AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d",
			SessionName:   "engineer@example.com",
			PermissionSet: "DiscoveryEngineeringAccess"}},
		{"sso with underscores in permission set", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Read_Only_Ops_0123456789abcdef/jdoe", Principal{
			Service: "sts", Partition: "aws", AccountID: "111122223333", Type: SSO,
			Name: "AWSReservedSSO_Read_Only_Ops_0123456789abcdef", RoleName: "AWSReservedSSO_Read_Only_Ops_0123456789abcdef",
			SessionName: "jdoe", PermissionSet: "Read_Only_Ops"}},
		{"reserved prefix without hex suffix is a plain role", "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin/jdoe", Principal{
			Service: "sts", Partition: "aws", AccountID: "111122223333", Type: AssumedRole,
			Name: "AWSReservedSSO_Admin", RoleName: "AWSReservedSSO_Admin", SessionName: "jdoe"}},
		{"federated user", "arn:aws:sts::111122223333:federated-user/Bob", Principal{
			Service: "sts", Partition: "aws", AccountID: "111122223333", Type: FederatedUser, Name: "Bob"}},
		{"govcloud sso", "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jdoe", Principal{
			Service: "sts", Partition: "aws-us-gov", AccountID: "111122223333", Type: SSO,
			Name: "AWSReservedSSO_Admin_0123456789abcdef", RoleName: "AWSReservedSSO_Admin_0123456789abcdef",
			SessionName: "jdoe", PermissionSet: "Admin"}},
		{"china user", "arn:aws-cn:iam::111122223333:user/ops/alice", Principal{
			Service: "iam", Partition: "aws-cn", AccountID: "111122223333", Type: IAMUser, Name: "alice", Path: "/ops/"}},
		{"role with path", "arn:aws:iam::111122223333:role/service-role/app/Worker", Principal{
			Service: "iam", Partition: "aws", AccountID: "111122223333", Type: Role, Name: "Worker", RoleName: "Worker", Path: "/service-role/app/"}},
		{"sso role arn", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_Admin_0123456789abcdef", Principal{
			Service: "iam", Partition: "aws", AccountID: "111122223333", Type: Role,
			Name: "AWSReservedSSO_Admin_0123456789abcdef", RoleName: "AWSReservedSSO_Admin_0123456789abcdef",
			Path: "/aws-reserved/sso.amazonaws.com/eu-west-2/", PermissionSet: "Admin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePrincipal(tt.in)
			if err != nil {
				t.Fatalf("ParsePrincipal(%q): %v", tt.in, err)
			}
			tt.want.ARN = tt.in
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePrincipal(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParsePrincipalTakesServicePrincipals(t *testing.T) {
	got, err := ParsePrincipal("ssm.amazonaws.com")
	want := Principal{ARN: "ssm.amazonaws.com", Type: ServicePrincipal}
	if err != nil || got != want {
		t.Errorf("ParsePrincipal(ssm.amazonaws.com) = %+v, %v; want %+v", got, err, want)
	}
}

func TestPrincipalKinds(t *testing.T) {
	tests := []struct {
		arn                              string
		roleSession, session, linkedRole bool
	}{
		{"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/jdoe", true, true, false},
		{"arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSSM/x", true, true, true},
		{"arn:aws:iam::111122223333:role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM", false, false, true},
		{"arn:aws:sts::111122223333:federated-user/Bob", false, true, false},
		{"arn:aws:iam::111122223333:user/alice", false, false, false},
		{"arn:aws:iam::111122223333:root", false, false, false},
	}
	for _, tt := range tests {
		p, err := ParsePrincipal(tt.arn)
		if err != nil {
			t.Fatal(err)
		}
		if p.IsRoleSession() != tt.roleSession || p.IsSession() != tt.session || p.IsServiceLinkedRole() != tt.linkedRole {
			t.Errorf("%s: role session %v, session %v, service-linked %v; want %v, %v, %v", tt.arn,
				p.IsRoleSession(), p.IsSession(), p.IsServiceLinkedRole(), tt.roleSession, tt.session, tt.linkedRole)
		}
	}
}

func TestParsePrincipalRejectsWhatIsNotAPrincipal(t *testing.T) {
	for _, in := range []string{
		"",
		"not-an-arn",
		"arn:aws:iam::12345:user/short-account",
		"arn:AWS:iam::111122223333:user/bad-partition",
		"arn:aws:s3:::bucket/key",
		"arn:aws:iam::111122223333:group/devs",
		"arn:aws:iam::111122223333:user/",
		"arn:aws:iam::111122223333:user/a//b",
		"arn:aws:sts::111122223333:assumed-role/OnlyRole",
		"arn:aws:sts::111122223333:assumed-role/Role/Session/extra",
		"arn:aws:sts::111122223333:federated-user/",
		"arn:aws:sts::111122223333:federated-user/a/b",
		"arn:aws:iam:us-east-1:111122223333:root",
		"arn:aws:iam::111122223333:user//a",
		"arn:aws-:iam::111122223333:root",
		"ssm",
		".amazonaws.com",
		"ssm.amazonaws.com/x",
	} {
		t.Run(in, func(t *testing.T) {
			if p, err := ParsePrincipal(in); err == nil {
				t.Errorf("ParsePrincipal(%q) = %+v, want an error", in, p)
			}
		})
	}
}
