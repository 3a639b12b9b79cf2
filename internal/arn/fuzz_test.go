package arn

import (
	"strings"
	"testing"
)

func FuzzParsePrincipal(f *testing.F) {
	for _, s := range []string{
		"arn:aws:iam::135808916559:user/tf-deployment",
		"arn:aws:iam::135808916559:root",
		"arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com",
		"arn:aws-cn:sts::111122223333:federated-user/Bob",
		"arn:aws-us-gov:iam::111122223333:role/a/b/Role",
		"arn:aws:sts::111122223333:assumed-role/x",
		"arn:::::",
		"ssm.amazonaws.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePrincipal(s)
		if err != nil {
			return
		}
		if p.ARN != s || p.Type == "" || (p.Type != ServicePrincipal && len(p.AccountID) != 12) {
			t.Fatalf("ParsePrincipal(%q) accepted an inconsistent principal %+v", s, p)
		}
		if p.Type == SSO && !strings.Contains(p.RoleName, p.PermissionSet) {
			t.Fatalf("permission set %q not in role %q", p.PermissionSet, p.RoleName)
		}
		if roleARN, ok := p.IAMRoleARN("eu-west-2", "/"); ok {
			if back, err := ParsePrincipal(roleARN); err != nil || back.RoleName != p.RoleName {
				t.Fatalf("role ARN %q from %q does not round-trip: %v", roleARN, s, err)
			}
		}
	})
}

// FuzzParse: any ARN Parse accepts renders back to itself.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"arn:aws:ssm:us-east-1::document/AWS-StartSSHSession", "arn:aws:s3:::b/k:x", "arn:aws:iam::1:role/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err == nil && a.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, a.String())
		}
	})
}
