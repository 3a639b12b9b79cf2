package identity

import (
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
	"strings"
	"testing"
)

// FuzzDescribe feeds arbitrary STS answers (ARN, account) through the record
// builder: it must never panic, and must keep what STS said.
func FuzzDescribe(f *testing.F) {
	for _, s := range []string{
		"arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com",
		"arn:aws:iam::135808916559:user/tf-deployment",
		"arn:aws-us-gov:sts::111122223333:assumed-role/AWSReservedSSO_A_B_0123456789abcdef/x",
		"arn:aws:sts::111122223333:federated-user/Bob",
		"arn:aws:iam::111122223333:root",
		"garbage",
	} {
		f.Add(s, "eu-west-2", "arn:aws:iam::111122223333:role/a/b/Role")
	}
	f.Fuzz(func(t *testing.T, callerARN, ssoRegion, roleARN string) {
		p := runas.Subject{Profile: profiles.Profile{Name: "p", CredentialSource: profiles.SourceSSO, SSORegion: ssoRegion, RoleARN: roleARN, Token: &profiles.Token{Status: ssocache.Valid}}}
		id := Describe(p, Caller{ARN: callerARN}, testNow)
		if id.ARN != callerARN || id.Code != 0 {
			t.Fatalf("Describe lost the caller ARN or failed: %+v", id)
		}
		if id.PermissionSet != "" && !strings.Contains(id.RoleName, id.PermissionSet) {
			t.Fatalf("permission set %q not in role %q", id.PermissionSet, id.RoleName)
		}
		_ = id.TableRow(true)
	})
}
