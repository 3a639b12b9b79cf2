package identity

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/ssmkit/ssmkit/internal/awsconfig/ssocache"
	"github.com/ssmkit/ssmkit/internal/profiles"
	"github.com/ssmkit/ssmkit/internal/runas"
)

func TestDescribeReadsTheCallerARN(t *testing.T) {
	ssoProfile := runas.Subject{Profile: profiles.Profile{Name: "discovery-access", CredentialSource: profiles.SourceSSO, Region: "eu-west-2", SSORegion: "eu-west-2", SSOSession: "fitfile", Token: &profiles.Token{Status: ssocache.Valid}}}
	tests := []struct {
		name   string
		prof   runas.Subject
		caller Caller
		want   Identity
	}{
		{"sso permission set", ssoProfile,
			Caller{ARN: "arn:aws:sts::135808916559:assumed-role/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d/engineer@example.com",
				AccountID: "135808916559", UserID: "AROAEXAMPLE:engineer@example.com"},
			Identity{Profile: "discovery-access", AccountID: "135808916559", UserID: "AROAEXAMPLE:engineer@example.com",
				PrincipalType: "sso", RoleName: "AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d",
				RoleARN:       "arn:aws:iam::135808916559:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_DiscoveryEngineeringAccess_b38ff0a73dfb5f6d",
				PermissionSet: "DiscoveryEngineeringAccess", SessionName: "engineer@example.com",
				CredentialSource: "sso", SSOTokenStatus: "valid", Region: "eu-west-2"}},
		{"iam user", runas.Subject{Profile: profiles.Profile{Name: "eoe-hie", CredentialSource: profiles.SourceStatic, Region: "eu-west-2"}},
			Caller{ARN: "arn:aws:iam::135808916559:user/tf-deployment", AccountID: "135808916559", UserID: "AIDAEXAMPLE"},
			Identity{Profile: "eoe-hie", AccountID: "135808916559", UserID: "AIDAEXAMPLE", PrincipalType: "iam-user",
				CredentialSource: "static", Region: "eu-west-2"}},
		{"assumed role with the path from role_arn",
			runas.Subject{Profile: profiles.Profile{Name: "deploy", CredentialSource: "assume-role", RoleARN: "arn:aws:iam::111122223333:role/ci/Deployer"}},
			Caller{ARN: "arn:aws:sts::111122223333:assumed-role/Deployer/botocore-session-1", AccountID: "111122223333"},
			Identity{Profile: "deploy", AccountID: "111122223333", PrincipalType: "assumed-role", RoleName: "Deployer",
				RoleARN: "arn:aws:iam::111122223333:role/ci/Deployer", SessionName: "botocore-session-1", CredentialSource: "assume-role"}},
		{"assumed role whose path is unknown",
			runas.Subject{Profile: profiles.Profile{Name: "web", CredentialSource: "web-identity"}},
			Caller{ARN: "arn:aws:sts::111122223333:assumed-role/Deployer/s", AccountID: "111122223333"},
			Identity{Profile: "web", AccountID: "111122223333", PrincipalType: "assumed-role", RoleName: "Deployer",
				SessionName: "s", CredentialSource: "web-identity",
				Notes: []string{"roleArn unknown: STS omits the role path (iam:GetRole on Deployer would tell)"}}},
		{"root", runas.Subject{Profile: profiles.Profile{Name: "root"}}, Caller{ARN: "arn:aws:iam::111122223333:root", AccountID: "111122223333"},
			Identity{Profile: "root", AccountID: "111122223333", PrincipalType: "root"}},
		{"federated user in china", runas.Subject{Profile: profiles.Profile{Name: "fed"}}, Caller{ARN: "arn:aws-cn:sts::111122223333:federated-user/Bob", AccountID: "111122223333"},
			Identity{Profile: "fed", AccountID: "111122223333", PrincipalType: "federated-user"}},
		{"unrecognised ARN is kept, with a note", runas.Subject{Profile: profiles.Profile{Name: "odd"}}, Caller{ARN: "arn:aws:sts::111122223333:weird/x", AccountID: "111122223333"},
			Identity{Profile: "odd", AccountID: "111122223333",
				Notes: []string{`caller ARN not recognised: invalid principal ARN "arn:aws:sts::111122223333:weird/x": sts resource "weird/x" is not assumed-role/ROLE/SESSION or federated-user/NAME`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Describe(tt.prof, tt.caller, testNow)
			tt.want.Header = New("").Header
			tt.want.ARN = tt.caller.ARN
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Identity{}, "AsOf")); diff != "" {
				t.Errorf("Describe mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
