package arn

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"arn:aws:iam::135808916559:user/tf-deployment",
		"arn:aws:iam::135808916559:root",
		"arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com",
		"arn:aws-cn:sts::111122223333:federated-user/Bob",
		"arn:aws-us-gov:iam::111122223333:role/a/b/Role",
		"arn:aws:sts::111122223333:assumed-role/x",
		"arn:::::",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if p.ARN != s || len(p.AccountID) != 12 || p.Type == "" {
			t.Fatalf("Parse(%q) accepted an inconsistent principal %+v", s, p)
		}
		if p.Type == SSO && !strings.Contains(p.RoleName, p.PermissionSet) {
			t.Fatalf("permission set %q not in role %q", p.PermissionSet, p.RoleName)
		}
		if roleARN, ok := p.IAMRoleARN("eu-west-2", "/"); ok {
			if back, err := Parse(roleARN); err != nil || back.RoleName != p.RoleName {
				t.Fatalf("role ARN %q from %q does not round-trip: %v", roleARN, s, err)
			}
		}
	})
}
