package arn

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPermissionSetSplitsAtLastUnderscore(t *testing.T) {
	tests := []struct {
		role   string
		want   string
		wantOK bool
	}{
		{"AWSReservedSSO_AdministratorAccess_1234567890abcdef", "AdministratorAccess", true},
		{"AWSReservedSSO_SSM_Session_Users_1234567890abcdef", "SSM_Session_Users", true},
		{"AWSReservedSSO__1234567890abcdef", "", false},
		{"AWSReservedSSO_Admin_1234567890ABCDEF", "", false},
		{"AWSReservedSSO_Admin_12345", "", false},
		{"MyRole_1234567890abcdef", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			got, ok := PermissionSet(tt.role)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("PermissionSet(%q) = %q, %v; want %q, %v", tt.role, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestIAMRoleARNRebuildsThePathSTSDrops(t *testing.T) {
	const ssoARN = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/jdoe"
	const plainARN = "arn:aws:sts::111122223333:assumed-role/Deployer/ci"
	tests := []struct {
		name      string
		in        string
		ssoRegion string
		knownPath string
		want      string
		wantOK    bool
	}{
		{"sso in eu-west-2", ssoARN, "eu-west-2", "",
			"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_Ops_0123456789abcdef", true},
		{"sso in us-east-1 has no region segment", ssoARN, "us-east-1", "",
			"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Ops_0123456789abcdef", true},
		{"sso in govcloud", "arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/jdoe", "us-gov-west-1", "",
			"arn:aws-us-gov:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-gov-west-1/AWSReservedSSO_Ops_0123456789abcdef", true},
		{"sso region unknown", ssoARN, "", "", "", false},
		{"plain role with known path", plainARN, "", "/ci/", "arn:aws:iam::111122223333:role/ci/Deployer", true},
		{"plain role path unknown", plainARN, "", "", "", false},
		{"iam user is no role", "arn:aws:iam::111122223333:user/alice", "eu-west-2", "/", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePrincipal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := p.IAMRoleARN(tt.ssoRegion, tt.knownPath)
			if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.wantOK {
				t.Errorf("IAMRoleARN ok=%v want %v, (-want +got):\n%s", ok, tt.wantOK, diff)
			}
			if ok {
				back, err := ParsePrincipal(got)
				if err != nil || back.RoleName != p.RoleName {
					t.Errorf("rebuilt ARN %q does not parse back to role %q: %v", got, p.RoleName, err)
				}
			}
		})
	}
}
